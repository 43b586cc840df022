import { useTranslation } from 'react-i18next';
import { PAGES, navigate, routeHref, useRoute, type Page } from './navigation';
import { StatusBar } from './components/StatusBar';
import { CjkFontBanner } from './components/CjkFontBanner';
import { LibraryPage } from './features/library/LibraryPage';
import { PaperPage } from './features/paper/PaperPage';
import { ReaderRoute, useReaderRouteId } from './features/reader/ReaderRoute';
import { ModelsPage } from './features/models/ModelsPage';
import { ExportPage } from './features/export/ExportPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { InsightsPage } from './features/insights/InsightsPage';

const VIEWS: Record<Page, () => React.JSX.Element> = {
  library: LibraryPage,
  models: ModelsPage,
  export: ExportPage,
  insights: InsightsPage,
  settings: SettingsPage,
};

export function App() {
  const { t } = useTranslation();
  const route = useRoute();
  const readerId = useReaderRouteId(); // #/reader/<id>: the PDF reader alone
  // An open paper belongs to the library in the navigation.
  const current: Page = route.page === 'paper' ? 'library' : route.page;
  return (
    <div className="app-frame">
      <nav className="side-nav" aria-label={t('nav.label')}>
        <div className="brand">{t('app.title')}</div>
        <ul>
          {PAGES.map((p) => (
            <li key={p}>
              <a
                href={routeHref({ page: p })}
                aria-current={p === current ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate({ page: p });
                }}
              >
                {t(`nav.${p}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <CjkFontBanner />
        {readerId ? (
          <ReaderRoute paperId={readerId} />
        ) : route.page === 'paper' ? (
          <PaperPage key={route.paperId} paperId={route.paperId} />
        ) : (
          <View page={route.page} />
        )}
      </main>
      <StatusBar />
    </div>
  );
}

function View({ page }: { page: Page }) {
  const Component = VIEWS[page];
  return <Component />;
}
