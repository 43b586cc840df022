import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';
import { api } from '../../api/client';
import { useResult } from '../../api/use-result';
import { AddModelForm } from './AddModelForm';
import { AddServerForm } from './AddServerForm';
import { ModelCard } from './ModelCard';
import { SystemPanel } from './SystemPanel';

export function ModelsPage() {
  const { t } = useTranslation();
  const models = useResult(() => api.listModels({}), []);
  const [hashing, setHashing] = useState<Record<string, { done: number; total: number }>>({});
  const reload = models.reload;

  useEffect(
    () =>
      api.on('modelHashProgress', (p) => {
        if (p.adapterId) return;
        setHashing((h) => ({ ...h, [p.modelId]: { done: p.bytesDone, total: p.bytesTotal } }));
        if (p.sha256 || p.error) reload();
      }),
    [reload],
  );

  return (
    <div className="page models">
      <h1>{t('models.title')}</h1>
      <AddModelForm onAdded={reload} />
      <AddServerForm onAdded={reload} />
      {models.error && <p role="alert">{models.error.message}</p>}
      {models.data?.length === 0 && (
        <EmptyState title={t('models.empty.title')} body={t('models.empty.body')} />
      )}
      <div className="model-list">
        {models.data?.map((m) => (
          <ModelCard key={m.id} model={m} hashProgress={hashing[m.id]} onChanged={reload} />
        ))}
      </div>
      <SystemPanel />
    </div>
  );
}
