import { useCallback, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PaperStatus } from '../../../shared/paper';
import { EmptyState } from '../../components/EmptyState';
import { FilterSelect } from '../../components/FilterSelect';
import { navigate } from '../../navigation';
import { filesFromDrop } from './collect-files';
import { ImportPanel } from './ImportPanel';
import { PaperTable } from './PaperTable';
import { useImport } from './use-import';
import { paperFilter, usePaperRows } from './use-paper-rows';
import { LibraryFilters } from './LibraryFilters';
import { PreDraftPanel } from './PreDraftPanel';
import { ResumeLink, useSharedLibraryFilter } from '../review/ResumeLink';
import { api } from '../../api/client';
import { useAppInfo } from '../../api/app-info';
import { useLibraryView } from './use-library-view';

type View = ReturnType<typeof useLibraryView>;
type Rows = ReturnType<typeof usePaperRows>;

export function LibraryPage() {
  const v = useLibraryView();
  const rows = usePaperRows(v.view);
  useSharedLibraryFilter({ ...paperFilter(v.view), ...v.sort }); // Next/Previous paper walk this filter
  const refresh = rows.refresh;
  const onImported = useCallback(() => refresh(), [refresh]);
  const imports = useImport(onImported);
  const [dragging, setDragging] = useState(false);
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    await imports.importFiles(await filesFromDrop(e.dataTransfer));
  };
  const empty = rows.total === 0 && !v.filtered;

  return (
    <div
      className={`page library ${dragging ? 'drop-target' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => void onDrop(e)}
    >
      <LibraryHeader v={v} imports={imports} />
      <ImportPanel store={imports.store} onDismiss={imports.dismiss} />
      {!empty && <LibraryFilters value={v.columns} onChange={v.setColumns} />}
      {!empty && <PreDraftPanel query={v.view} />}
      <LibraryList v={v} rows={rows} empty={empty} />
    </div>
  );
}

/** Title, resume link, search, status filter and Import (file picker or the desktop dialog). */
function LibraryHeader({ v, imports }: { v: View; imports: ReturnType<typeof useImport> }) {
  const { t } = useTranslation();
  const info = useAppInfo();
  const fileInput = useRef<HTMLInputElement>(null);
  const pick = async () => {
    // The desktop app hands paths to core (no copy through the renderer); a browser uploads bytes.
    if (info?.host !== 'electron') return fileInput.current?.click();
    const r = await api.chooseFiles({ purpose: 'pdfs', multiple: true });
    if (r.ok) await imports.importPaths(r.value.paths);
  };
  return (
    <header className="page-header">
      <h1>{t('library.title')}</h1>
      <div className="toolbar">
        <ResumeLink />
        <input
          type="search"
          aria-label={t('library.search')}
          placeholder={t('library.searchPlaceholder')}
          value={v.search}
          onChange={(e) => v.setSearch(e.target.value)}
        />
        <FilterSelect<PaperStatus>
          label={t('library.statusFilter')}
          value={v.status}
          any={t('library.allStatuses')}
          options={PaperStatus.options.map((s) => ({ value: s, label: t(`status.paper.${s}`) }))}
          onChange={v.setStatus}
        />
        <button type="button" onClick={() => void pick()} disabled={imports.running}>
          {t('library.import.button')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/pdf,.pdf"
          multiple
          hidden
          aria-label={t('library.import.files')}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            e.target.value = '';
            void imports.importFiles(files);
          }}
        />
      </div>
    </header>
  );
}

/** The papers (or why there are none): count and the virtualized table. */
function LibraryList({ v, rows, empty }: { v: View; rows: Rows; empty: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {rows.error && <p role="alert">{t('errors.generic', { message: rows.error.message })}</p>}
      {empty ? (
        <EmptyState title={t('library.empty.title')} body={t('library.empty.body')} />
      ) : rows.total === null ? (
        <p aria-busy="true">{t('library.loading')}</p>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('library.count', { count: rows.total })}
          </p>
          {rows.total === 0 ? (
            <p>{t('library.noMatches')}</p>
          ) : (
            <PaperTable
              total={rows.total}
              rowAt={rows.rowAt}
              ensure={rows.ensure}
              sort={v.sort.sort}
              dir={v.sort.dir}
              onSort={v.onSort}
              onOpen={(p) => navigate({ page: 'paper', paperId: p.id })}
            />
          )}
        </>
      )}
    </>
  );
}
