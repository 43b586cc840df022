import { useTranslation } from 'react-i18next';
import { PAGES, usePage, type Page } from './navigation';
import { StatusBar } from './components/StatusBar';
import { LibraryPage } from './features/library/LibraryPage';
import { ModelsPage } from './features/models/ModelsPage';
import { ExportPage } from './features/export/ExportPage';
import { SettingsPage } from './features/settings/SettingsPage';

const VIEWS: Record<Page, () => React.JSX.Element> = {
  library: LibraryPage,
  models: ModelsPage,
  export: ExportPage,
  settings: SettingsPage,
};

export function App() {
  const { t } = useTranslation();
  const [page, go] = usePage();
  const View = VIEWS[page];
  return (
    <div className="app-frame">
      <nav className="side-nav" aria-label={t('nav.label')}>
        <div className="brand">{t('app.title')}</div>
        <ul>
          {PAGES.map((p) => (
            <li key={p}>
              <a
                href={`#/${p}`}
                aria-current={p === page ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(p);
                }}
              >
                {t(`nav.${p}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <View />
      </main>
      <StatusBar />
    </div>
  );
}
