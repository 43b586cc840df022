import { useCallback, useEffect, useRef, useState } from 'react';
import type { PdfModel } from './pdf-model';
import { findAll, normalizeQuery, type NormText, type Span } from './text-index';

export interface FindHit {
  page: number;
  span: Span;
  norm: NormText;
}

export interface FindState {
  query: string;
  setQuery(q: string): void;
  hits: FindHit[];
  /** Index into hits of the current match, -1 when none. */
  current: number;
  searching: boolean;
  next(): void;
  previous(): void;
}

const DEBOUNCE_MS = 150;
/** Publish partial results every this many pages, so a 500-page search shows progress. */
const BATCH = 16;

/**
 * Find in document over every page's text (not only rendered pages). Page text is
 * loaded on first search and cached by the model. The first current match is the first
 * one at or after the page being read.
 */
export function useFind(model: PdfModel, currentPage: number): FindState {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<FindHit[]>([]);
  const [current, setCurrent] = useState(-1);
  const [searching, setSearching] = useState(false);
  const pageRef = useRef(currentPage);
  pageRef.current = currentPage;

  useEffect(() => {
    const needle = normalizeQuery(query, 'find');
    let stale = false;
    if (!needle) {
      setHits([]);
      setCurrent(-1);
      setSearching(false);
      return;
    }
    setSearching(true);
    const timer = setTimeout(async () => {
      const found: FindHit[] = [];
      const from = pageRef.current;
      let picked = false;
      const publish = () => {
        setHits([...found]);
        const i = found.findIndex((h) => h.page >= from);
        // Keep the first pick once made: later batches must not move the user's place.
        if (!picked && i >= 0) {
          setCurrent(i);
          picked = true;
        }
      };
      for (let p = 1; p <= model.numPages; p++) {
        const norm = await model.norm(p, 'find').catch(() => null);
        if (stale) return;
        if (norm) for (const span of findAll(norm.text, needle)) found.push({ page: p, span, norm });
        if (p % BATCH === 0) publish();
      }
      publish();
      if (!picked) setCurrent(found.length ? 0 : -1);
      setSearching(false);
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [model, query]);

  const step = useCallback(
    (dir: 1 | -1) => {
      setCurrent((c) => (hits.length === 0 ? -1 : (c + dir + hits.length) % hits.length));
    },
    [hits.length],
  );

  return { query, setQuery, hits, current, searching, next: () => step(1), previous: () => step(-1) };
}
