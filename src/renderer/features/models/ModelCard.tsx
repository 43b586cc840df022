import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelInfo } from '../../../shared/contract/engine';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';
import { AdapterList } from './AdapterList';
import { FitCheck } from './FitCheck';
import { ErrorLine } from './form-parts';
import { ModelMeta } from './ModelMeta';

interface Props {
  model: ModelInfo;
  hashProgress?: { done: number; total: number } | undefined;
  onChanged: () => void;
}

/** One registered model: its GGUF metadata, adapters, and a fit check for a context size. */
export function ModelCard({ model, hashProgress, onChanged }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiError | null>(null);

  const remove = async () => {
    const r = await api.removeModel({ modelId: model.id });
    if (!r.ok) setError(r.error);
    onChanged();
  };

  return (
    <article className="model-card" aria-label={model.name ?? model.fileName}>
      <h2>{model.name ?? model.fileName}</h2>
      <ModelMeta model={model} hashProgress={hashProgress} />
      <FitCheck model={model} />
      <AdapterList model={model} onChanged={onChanged} onError={setError} />
      <ErrorLine error={error} />
      <button type="button" className="danger" onClick={() => void remove()}>
        {t('models.remove')}
      </button>
    </article>
  );
}
