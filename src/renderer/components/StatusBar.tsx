import { useTranslation } from 'react-i18next';

/** The bottom bar: the engine's state lives here (filled in by the engine feature). */
export function StatusBar() {
  const { t } = useTranslation();
  return (
    <footer className="status-bar" role="status" aria-label={t('status.engine')}>
      <span>
        {t('status.engine')}: {t('status.engineIdle')}
      </span>
    </footer>
  );
}
