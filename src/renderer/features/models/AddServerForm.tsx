import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ErrorLine, TextField, useApiAction } from './form-parts';

/** Register a model served by an OpenAI-compatible server (llama-server, vLLM, SGLang, Ollama). */
export function AddServerForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const { busy, error, run } = useApiAction();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!url.trim() || !name.trim()) return;
    const r = await run(() =>
      api.addServerModel({ url: url.trim(), name: name.trim(), ...(key.trim() ? { key: key.trim() } : {}) }),
    );
    if (!r.ok) return;
    // The key leaves the page once stored: it lives in the key store, never shown again.
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
      <TextField
        wide
        label={t('models.server.url')}
        value={url}
        onChange={setUrl}
        placeholder="http://127.0.0.1:8080"
      />
      <TextField label={t('models.server.name')} value={name} onChange={setName} placeholder="review-7b" />
      <TextField label={t('models.server.key')} value={key} onChange={setKey} type="password" />
      <div className="actions">
        <button type="submit" disabled={busy || !url.trim() || !name.trim()}>
          {busy ? t('models.server.adding') : t('models.server.add')}
        </button>
      </div>
      <ErrorLine error={error} />
    </form>
  );
}
