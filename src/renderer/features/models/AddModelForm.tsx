import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useAppInfo } from '../../api/app-info';
import { ErrorLine, TextField, useApiAction } from './form-parts';

/** Register a GGUF by path; the desktop app also offers its native file dialog. */
export function AddModelForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const info = useAppInfo();
  const [path, setPath] = useState('');
  const [round, setRound] = useState('');
  const { busy, error, run } = useApiAction();

  const add = async (file: string) => {
    const r = await run(() =>
      api.addModel({ path: file.trim(), ...(round.trim() ? { round: round.trim() } : {}) }),
    );
    if (!r.ok) return;
    setPath('');
    onAdded();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (path.trim()) void add(path);
  };
  const browse = async () => {
    const r = await api.chooseFiles({ purpose: 'gguf' });
    if (r.ok && r.value.paths[0]) void add(r.value.paths[0]);
  };

  return (
    <form className="add-model" onSubmit={submit}>
      <TextField
        wide
        label={t('models.path')}
        value={path}
        onChange={setPath}
        placeholder="/models/review-7b.Q4_K_M.gguf"
      />
      <TextField label={t('models.round')} value={round} onChange={setRound} placeholder="round-1" />
      <div className="actions">
        <button type="submit" disabled={busy || !path.trim()}>
          {busy ? t('models.adding') : t('models.add')}
        </button>
        {info?.host === 'electron' && (
          <button type="button" onClick={() => void browse()} disabled={busy}>
            {t('models.browse')}
          </button>
        )}
      </div>
      <ErrorLine error={error} />
    </form>
  );
}
