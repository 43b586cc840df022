import { useDeferredValue, useState } from 'react';
import type { PaperSort, SortDir } from '../../../shared/contract/library';
import type { PaperStatus } from '../../../shared/paper';
import { NO_COLUMN_FILTERS, yearFilter, type ColumnFilters } from './LibraryFilters';
import { paperFilter, type PaperQuery } from './use-paper-rows';

/**
 * What the library shows: status, search, column filters and sort as typed, and the query
 * they make (typing is deferred so the list never holds up the keyboard).
 */
export function useLibraryView() {
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
  // A second click on the sorted column flips its direction; titles start A to Z, the rest newest/largest first.
  const onSort = (key: PaperSort) =>
    setSort((s) =>
      s.sort === key
        ? { sort: key, dir: s.dir === 'asc' ? 'desc' : 'asc' }
        : { sort: key, dir: key === 'title' ? 'asc' : 'desc' },
    );
  const filtered = Boolean(status || query.trim() || Object.keys(paperFilter(view)).length);
  return { status, setStatus, search, setSearch, columns, setColumns, sort, onSort, view, filtered };
}
