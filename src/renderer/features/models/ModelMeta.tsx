import { useTranslation } from 'react-i18next';
import type { ModelInfo } from '../../../shared/contract/engine';
import { formatBytes, formatParams } from './format';

interface Props {
  model: ModelInfo;
  hashProgress?: { done: number; total: number } | undefined;
}

/** A registered model's facts: from its GGUF, or for a served one, where it is served. */
export function ModelMeta({ model, hashProgress }: Props) {
  const { t } = useTranslation();
  return (
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
      <dd className="mono">{shaText(model, hashProgress, t)}</dd>
      <dt>{t('models.chatTemplate')}</dt>
      <dd>{model.chatTemplate ? t('models.fromGguf') : t('models.none')}</dd>
    </dl>
  );
}

function shaText(
  model: ModelInfo,
  hashProgress: Props['hashProgress'],
  t: (key: string, o?: Record<string, unknown>) => string,
): string {
  if (model.sha256) return model.sha256;
  // A served model with no GGUF here has no file to hash.
  if (model.server && !model.server.gguf) return '—';
  if (!hashProgress) return t('models.hashPending');
  const percent = Math.floor((100 * hashProgress.done) / Math.max(1, hashProgress.total));
  return t('models.hashing', { percent });
}
