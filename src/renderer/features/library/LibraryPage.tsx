import { useCallback, useDeferredValue, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaperSort, SortDir } from '../../../shared/contract/library';
import { PaperStatus } from '../../../shared/paper';
import { EmptyState } from '../../components/EmptyState';
import { navigate } from '../../navigation';
import { filesFromDrop } from './collect-files';
import { ImportPanel } from './ImportPanel';
import { PaperTable } from './PaperTable';
import { useImport } from './use-import';
import { paperFilter, usePaperRows, type PaperQuery } from './use-paper-rows';
import { LibraryFilters, NO_COLUMN_FILTERS, yearFilter, type ColumnFilters } from './LibraryFilters';
import { PreDraftPanel } from './PreDraftPanel';
import { ResumeLink, useSharedLibraryFilter } from '../review/ResumeLink';
import { api } from '../../api/client';
import { useAppInfo } from '../../api/app-info';

export function LibraryPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<PaperStatus | ''>('');
  const [search, setSearch] = useState('');
  const query = useDeferredValue(search);
  const [sort, setSort] = useState<{ sort: PaperSort; dir: SortDir }>({ sort: 'added', dir: 'desc' });
  const [columns, setColumns] = useState<ColumnFilters>(NO_COLUMN_FILTERS);
  const deferredColumns = useDeferredValue(columns);
  const view: PaperQuery = {
    status: status || undefined,
    query,
    author: deferredColumns.author,
    venue: deferredColumns.venue,
    year: yearFilter(deferredColumns.year),
    flag: deferredColumns.flag || undefined,
    ...sort,
  };
  const rows = usePaperRows(view);
  useSharedLibraryFilter({ status: status || undefined, query, ...sort }); // Next/Previous paper walk this filter
  const refresh = rows.refresh;
  const onImported = useCallback(() => refresh(), [refresh]);
  const { state, importFiles, importPaths, dismiss } = useImport(onImported);
  const info = useAppInfo();
  const pick = async () => {
    // The desktop app hands paths to core (no copy through the renderer); a browser uploads bytes.
    if (info?.host !== 'electron') return fileInput.current?.click();
    const r = await api.chooseFiles({ purpose: 'pdfs', multiple: true });
    if (r.ok) await importPaths(r.value.paths);
  };
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);

  const onSort = (key: PaperSort) =>
    setSort((s) =>
      s.sort === key
        ? { sort: key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { sort: key, dir: key === 'title' ? 'asc' : 'desc' },
    );
  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    await importFiles(await filesFromDrop(e.dataTransfer));
  };
  const filtered = Boolean(status || query.trim() || Object.keys(paperFilter(view)).length);
  const empty = rows.total === 0 && !filtered;

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
      <header className="page-header">
        <h1>{t('library.title')}</h1>
        <div className="toolbar">
          <ResumeLink />
          <input
            type="search"
            aria-label={t('library.search')}
            placeholder={t('library.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <label>
            {t('library.statusFilter')}{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value as PaperStatus | '')}>
              <option value="">{t('library.allStatuses')}</option>
              {PaperStatus.options.map((s) => (
                <option key={s} value={s}>
                  {t(`status.paper.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void pick()} disabled={state.running}>
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
              void importFiles(files);
            }}
          />
        </div>
      </header>
      <ImportPanel state={state} onDismiss={dismiss} />
      {!empty && <LibraryFilters value={columns} onChange={setColumns} />}
      {!empty && <PreDraftPanel query={view} />}
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
              sort={sort.sort}
              dir={sort.dir}
              onSort={onSort}
              onOpen={(p) => navigate({ page: 'paper', paperId: p.id })}
            />
          )}
        </>
      )}
    </div>
  );
}
