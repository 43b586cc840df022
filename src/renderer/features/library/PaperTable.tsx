import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { PaperSort, PaperSummary, SortDir } from '../../../shared/contract/library';
import { formatDate } from '../../i18n/format';

const COLUMNS: Array<{ key: PaperSort; className: string }> = [
  { key: 'title', className: 'col-title' },
  { key: 'author', className: 'col-authors' },
  { key: 'venue', className: 'col-venue' },
  { key: 'year', className: 'col-year' },
  { key: 'pages', className: 'col-pages' },
  { key: 'status', className: 'col-status' },
  { key: 'added', className: 'col-date' },
  { key: 'updated', className: 'col-date' },
];

/** "Kipf, Welling" or "Vaswani et al.": a column, not a citation list. */
function authorLine(authors: string[], etAl: string): string {
  if (authors.length <= 2) return authors.join(', ');
  return `${authors[0]} ${etAl}`;
}

interface Props {
  total: number;
  rowAt(index: number): PaperSummary | undefined;
  ensure(start: number, end: number): void;
  sort: PaperSort;
  dir: SortDir;
  onSort(sort: PaperSort): void;
  onOpen(paper: PaperSummary): void;
}

const ROW_HEIGHT = 36;

type Virtualizer = ReturnType<typeof useVirtualizer<HTMLDivElement, Element>>;

/**
 * Which row is highlighted, and the keys that move it: arrows, Page Up/Down, Home/End;
 * Enter opens it. The highlighted row keeps the focus as it scrolls into the DOM.
 */
function useGridKeys(
  p: Pick<Props, 'total' | 'rowAt' | 'onOpen'>,
  scroller: RefObject<HTMLDivElement | null>,
  virtualizer: Virtualizer,
  visible: { first: number; last: number },
) {
  const { total, rowAt, onOpen } = p;
  const [active, setActive] = useState(0);
  const move = (to: number) => {
    const next = Math.max(0, Math.min(total - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKey = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 360) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(total - 1),
      Enter: () => {
        const row = rowAt(active);
        if (row) onOpen(row);
      },
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };
  const { first, last } = visible;
  useEffect(() => {
    const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    if (el && scroller.current?.contains(document.activeElement)) el.focus();
  }, [active, first, last, scroller]);
  return { active, setActive, onKey };
}

/** A virtualized grid: only visible rows are in the DOM; arrows move, Enter opens. */
export function PaperTable({ total, rowAt, ensure, sort, dir, onSort, onOpen }: Props) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => ensure(first, last), [first, last, ensure]);
  const { active, setActive, onKey } = useGridKeys({ total, rowAt, onOpen }, scroller, virtualizer, {
    first,
    last,
  });

  return (
    <div
      className="paper-table"
      role="grid"
      aria-label={t('library.table')}
      aria-rowcount={total + 1}
      onKeyDown={onKey}
    >
      <HeaderRow sort={sort} dir={dir} onSort={onSort} />
      <div ref={scroller} className="paper-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                data-index={item.index}
                tabIndex={item.index === active ? 0 : -1}
                aria-selected={item.index === active}
                className="paper-row"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
                onClick={() => setActive(item.index)}
                // Whatever focused the row (a click, a screen reader, script), Enter opens *it*.
                onFocus={() => setActive(item.index)}
                onDoubleClick={() => row && onOpen(row)}
              >
                {row ? (
                  <PaperCells row={row} onOpen={onOpen} />
                ) : (
                  <div role="gridcell" className="col-title loading-row">
                    …
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The column headers; each sorts, a second click flips the direction. */
function HeaderRow({ sort, dir, onSort }: Pick<Props, 'sort' | 'dir' | 'onSort'>) {
  const { t } = useTranslation();
  return (
    <div role="row" className="paper-row header" aria-rowindex={1}>
      {COLUMNS.map((c) => (
        <div
          key={c.key}
          role="columnheader"
          className={c.className}
          aria-sort={sort === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : 'none'}
        >
          <button type="button" onClick={() => onSort(c.key)}>
            {t(`library.column.${c.key}`)}
            {sort === c.key ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
          </button>
        </div>
      ))}
    </div>
  );
}

/** One paper's cells, in COLUMNS order. */
function PaperCells({ row, onOpen }: { row: PaperSummary; onOpen(p: PaperSummary): void }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string) => formatDate(iso, i18n.language);
  return (
    <>
      <div role="gridcell" className="col-title" title={row.fileName ?? undefined}>
        <a
          href={`#/paper/${row.id}`}
          tabIndex={-1}
          onClick={(e) => {
            e.preventDefault();
            onOpen(row);
          }}
        >
          {row.title}
        </a>
      </div>
      <div role="gridcell" className="col-authors" title={row.authors.join(', ')}>
        {authorLine(row.authors, t('library.etAl')) || '—'}
      </div>
      <div role="gridcell" className="col-venue" title={row.venue ?? undefined}>
        {row.venue ?? '—'}
      </div>
      <div role="gridcell" className="col-year">
        {row.year ?? '—'}
      </div>
      <div role="gridcell" className="col-pages">
        {row.pages ?? '—'}
      </div>
      <div role="gridcell" className="col-status">
        <span className={`status-chip status-${row.status}`}>{t(`status.paper.${row.status}`)}</span>
        {row.flags.map((f) => (
          // A scan cannot be drafted, hidden text may steer the model: seen in the list, not only on opening.
          <span key={f} className={`flag-chip flag-${f}`} title={t(`library.flagHelp.${f}`)}>
            {t(`library.flag.${f}`)}
          </span>
        ))}
      </div>
      <div role="gridcell" className="col-date">
        {date(row.addedAt)}
      </div>
      <div role="gridcell" className="col-date">
        {date(row.updatedAt)}
      </div>
    </>
  );
}
