import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';

export function LibraryPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t('library.title')}</h1>
      <EmptyState title={t('library.empty.title')} body={t('library.empty.body')} />
    </div>
  );
}
