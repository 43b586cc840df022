import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';

/** Register a model served by an OpenAI-compatible server (llama-server, vLLM, SGLang, Ollama). */
export function AddServerForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = { url: useId(), name: useId(), key: useId() };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!url.trim() || !name.trim()) return;
    setBusy(true);
    setError(null);
    const r = await api.addServerModel({
      url: url.trim(),
      name: name.trim(),
      ...(key.trim() ? { key: key.trim() } : {}),
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setUrl('');
    setName('');
    setKey('');
    onAdded();
  };

  return (
    <form
      className="add-model add-server"
      aria-label={t('models.server.title')}
      onSubmit={(e) => void submit(e)}
    >
      <div className="field wide">
        <label htmlFor={ids.url}>{t('models.server.url')}</label>
        <input
          id={ids.url}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="http://127.0.0.1:8080"
        />
      </div>
      <div className="field">
        <label htmlFor={ids.name}>{t('models.server.name')}</label>
        <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} placeholder="review-7b" />
      </div>
      <div className="field">
        <label htmlFor={ids.key}>{t('models.server.key')}</label>
        <input
          id={ids.key}
          type="password"
          autoComplete="off"
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy || !url.trim() || !name.trim()}>
          {busy ? t('models.server.adding') : t('models.server.add')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
    </form>
  );
}
