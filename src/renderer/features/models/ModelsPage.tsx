import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';

export function ModelsPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t('models.title')}</h1>
      <EmptyState title={t('models.empty.title')} body={t('models.empty.body')} />
    </div>
  );
}
