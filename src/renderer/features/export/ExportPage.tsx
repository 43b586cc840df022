import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';

export function ExportPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t('export.title')}</h1>
      <EmptyState title={t('export.empty.title')} body={t('export.empty.body')} />
    </div>
  );
}
