import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelInfo } from '../../../shared/contract/engine';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';
import { FitCheck } from './FitCheck';
import { formatBytes, formatParams } from './format';

interface Props {
  model: ModelInfo;
  hashProgress?: { done: number; total: number };
  onChanged: () => void;
}

/** One registered model: its GGUF metadata, adapters, and a fit check for a context size. */
export function ModelCard({ model, hashProgress, onChanged }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);
  const [adapterPath, setAdapterPath] = useState('');
  const [scale, setScale] = useState(1);
  const ids = { adapter: useId(), scale: useId() };

  const addAdapter = async () => {
    const r = await api.addAdapter({ modelId: model.id, path: adapterPath.trim(), scale });
    if (!r.ok) return setError(r.error);
    setAdapterPath('');
    setError(null);
    onChanged();
  };
  const act = async (call: Promise<{ ok: boolean; error?: ApiError }>) => {
    const r = await call;
    if (!r.ok && r.error) setError(r.error);
    onChanged();
  };

  return (
    <article className="model-card" aria-label={model.name ?? model.fileName}>
      <h2>{model.name ?? model.fileName}</h2>
      <dl className="model-meta">
        <dt>{t('models.file')}</dt>
        <dd title={model.path}>
          {model.server ? t('models.server.at', { url: model.server.url }) : model.fileName}
        </dd>
        <dt>{t('models.architecture')}</dt>
        <dd>{model.architecture}</dd>
        <dt>{t('models.parameters')}</dt>
        <dd>{formatParams(model.parameters)}</dd>
        <dt>{t('models.quantization')}</dt>
        <dd>{model.quantization ?? '—'}</dd>
        <dt>{t('models.trainedContext')}</dt>
        <dd>{model.contextLength ?? '—'}</dd>
        <dt>{t('models.size')}</dt>
        <dd>{formatBytes(model.sizeBytes)}</dd>
        <dt>{t('models.roundLabel')}</dt>
        <dd>{model.round ?? '—'}</dd>
        <dt>SHA-256</dt>
        <dd className="mono">
          {model.sha256 ??
            (model.server && !model.server.gguf
              ? '—'
              : hashProgress
                ? t('models.hashing', {
                    percent: Math.floor((100 * hashProgress.done) / Math.max(1, hashProgress.total)),
                  })
                : t('models.hashPending'))}
        </dd>
        <dt>{t('models.chatTemplate')}</dt>
        <dd>{model.chatTemplate ? t('models.fromGguf') : t('models.none')}</dd>
      </dl>
      <FitCheck model={model} />
      <h3>{t('models.adapters')}</h3>
      {model.adapters.length === 0 && <p className="muted">{t('models.noAdapters')}</p>}
      <ul>
        {model.adapters.map((a) => (
          <li key={a.id}>
            {a.fileName} × {a.scale} <span className="mono muted">{a.sha256?.slice(0, 12) ?? ''}</span>{' '}
            <button type="button" onClick={() => void act(api.removeAdapter({ adapterId: a.id }))}>
              {t('models.removeAdapter')}
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <label htmlFor={ids.adapter}>{t('models.adapterPath')}</label>
        <input id={ids.adapter} value={adapterPath} onChange={(e) => setAdapterPath(e.target.value)} />
        <label htmlFor={ids.scale}>{t('models.scale')}</label>
        <input
          id={ids.scale}
          type="number"
          step={0.1}
          min={-4}
          max={4}
          value={scale}
          onChange={(e) => setScale(Number(e.target.value))}
        />
        <button type="button" disabled={!adapterPath.trim()} onClick={() => void addAdapter()}>
          {t('models.addAdapter')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <button
        type="button"
        className="danger"
        onClick={() => void act(api.removeModel({ modelId: model.id }))}
      >
        {t('models.remove')}
      </button>
    </article>
  );
}
