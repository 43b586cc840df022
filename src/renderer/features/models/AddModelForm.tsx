import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';
import { useAppInfo } from '../../api/app-info';

/** Register a GGUF by path; the desktop app also offers its native file dialog. */
export function AddModelForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const info = useAppInfo();
  const [path, setPath] = useState('');
  const [round, setRound] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = { path: useId(), round: useId() };

  const add = async (file: string) => {
    setBusy(true);
    setError(null);
    const r = await api.addModel({ path: file.trim(), ...(round.trim() ? { round: round.trim() } : {}) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
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
      <div className="field wide">
        <label htmlFor={ids.path}>{t('models.path')}</label>
        <input
          id={ids.path}
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder="/models/review-7b.Q4_K_M.gguf"
        />
      </div>
      <div className="field">
        <label htmlFor={ids.round}>{t('models.round')}</label>
        <input
          id={ids.round}
          value={round}
          onChange={(e) => setRound(e.target.value)}
          placeholder="round-1"
        />
      </div>
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
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
    </form>
  );
}
