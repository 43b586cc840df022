import { useCallback, useEffect, useRef, useState } from 'react';
import type { PaperFlag, PaperSort, PaperSummary, SortDir } from '../../../shared/contract/library';
import type { PaperStatus } from '../../../shared/paper';
import type { ApiError } from '../../../shared/errors';
import { api } from '../../api/client';

export interface PaperQuery {
  status?: PaperStatus | undefined;
  query?: string;
  /** Narrowing by the row's columns; empty or absent means "any". */
  author?: string;
  venue?: string;
  year?: number | undefined;
  flag?: PaperFlag | undefined;
  sort: PaperSort;
  dir: SortDir;
}

/** The listPapers filter of a query: only what is set (the contract is strict about the rest). */
export function paperFilter(q: PaperQuery) {
  return {
    ...(q.status ? { status: q.status } : {}),
    ...(q.query?.trim() ? { query: q.query.trim() } : {}),
    ...(q.author?.trim() ? { author: q.author.trim() } : {}),
    ...(q.venue?.trim() ? { venue: q.venue.trim() } : {}),
    ...(q.year !== undefined ? { year: q.year } : {}),
    ...(q.flag ? { flag: q.flag } : {}),
  };
}

const PAGE = 200;
const REFRESH_MS = 500;

/**
 * The library as a sparse array: only the pages the table scrolls to are fetched, so 10 000
 * papers cost what the visible rows cost. Any filter change or papersChanged event starts over.
 */
export function usePaperRows(q: PaperQuery) {
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  const pages = useRef(new Map<number, PaperSummary[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const [, force] = useState(0);

  const { status, query, author, venue, year, flag, sort, dir } = q;
  const fetchPage = useCallback(
    async (page: number) => {
      if (pages.current.has(page) || inFlight.current.has(page)) return;
      inFlight.current.add(page);
      const gen = generation.current;
      const r = await api.listPapers({
        ...paperFilter({ status, query, author, venue, year, flag, sort, dir }),
        sort,
        dir,
        limit: PAGE,
        offset: page * PAGE,
      });
      inFlight.current.delete(page);
      if (gen !== generation.current) return; // a newer query replaced this one
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setError(null);
      pages.current.set(page, r.value.papers);
      setTotal(r.value.total);
      force((n) => n + 1);
    },
    [status, query, author, venue, year, flag, sort, dir],
  );

  useEffect(() => {
    generation.current += 1;
    pages.current = new Map();
    inFlight.current = new Set();
    void fetchPage(0);
  }, [fetchPage, version]);

  // An import reports each paper stored; one refetch per REFRESH_MS is enough for a list.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.on('papersChanged', () => {
      timer ??= setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, REFRESH_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, []);

  const rowAt = useCallback(
    (index: number) => pages.current.get(Math.floor(index / PAGE))?.[index % PAGE],
    [],
  );
  const ensure = useCallback(
    (start: number, end: number) => {
      for (let p = Math.floor(start / PAGE); p <= Math.floor(end / PAGE); p++) void fetchPage(p);
    },
    [fetchPage],
  );
  return { total, error, rowAt, ensure, refresh: () => setVersion((v) => v + 1) };
}
