import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemoryEstimate, ModelInfo } from '../../../shared/contract/engine';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';
import { formatBytes } from './format';

/** When the model does not say what context it was trained on: llama.cpp's common default. */
const FALLBACK_CONTEXT = 4096;

/** What a result was computed for: once any of it changes, the result is stale and hidden. */
function fitKey(model: ModelInfo, context: number): string {
  return JSON.stringify([model.id, model.adapters.map((a) => [a.id, a.scale]), context]);
}

/**
 * "Will this model fit at this context size?" The size starts at the context the model was
 * trained on (n_ctx_train): more than that the model was never taught to read. A verdict
 * shows only while the model, its adapters and the size are what it was computed for.
 */
export function FitCheck({ model }: { model: ModelInfo }) {
  const { t } = useTranslation();
  const id = useId();
  const [context, setContext] = useState(model.contextLength ?? FALLBACK_CONTEXT);
  const [result, setResult] = useState<{ key: string; estimate: MemoryEstimate } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const key = fitKey(model, context);

  const check = async () => {
    setError(null);
    const r = await api.estimateModel({ modelId: model.id, contextSize: context });
    if (r.ok) setResult({ key, estimate: r.value });
    else setError(r.error);
  };
  const e = result?.key === key ? result.estimate : null;
  const overTrained = model.contextLength !== null && context > model.contextLength;

  return (
    <div className="row">
      <label htmlFor={id}>{t('models.contextSize')}</label>
      <input
        id={id}
        type="number"
        min={256}
        step={256}
        value={context}
        onChange={(ev) => setContext(Number(ev.target.value))}
      />
      <button type="button" onClick={() => void check()}>
        {t('models.checkFit')}
      </button>
      {e && (
        <span className={`fit fit-${e.verdict}`} role="status">
          {t(`models.verdict.${e.verdict}`)}:{' '}
          {t(e.vramNeeded > 0 ? 'models.fitDetailGpu' : 'models.fitDetail', {
            size: e.contextSize,
            layers: e.gpuLayers,
            backend: e.backend,
            ram: formatBytes(e.ramNeeded),
            ramFree: formatBytes(e.ramFree),
            vram: formatBytes(e.vramNeeded),
            vramFree: formatBytes(e.vramFree),
          })}
        </span>
      )}
      {overTrained && (
        <small className="muted" role="note">
          {t('models.overTrainedContext', { trained: model.contextLength })}
        </small>
      )}
      {error && (
        <span role="alert" className="error">
          {error.message}
        </span>
      )}
    </div>
  );
}
