import { useMemo, useRef } from 'react';
import type { PageMarks } from './PageSlot';
import { spanToItemRanges, type NormText, type Span } from './text-index';

/** A span of one page's text: a find match or the quote being shown. */
export interface Located {
  page: number;
  span: Span;
  norm: NormText;
}

/**
 * The highlights of every page (find matches while the bar is open, and the quote). A page
 * whose highlights did not change keeps the same PageMarks object, so its PageSlot (memo on
 * marks) does not re-render its text layer when another page's matches move.
 */
export function useMarks(
  matches: readonly Located[],
  current: number,
  quote: Located | null,
): ReadonlyMap<number, PageMarks> {
  const built = useMemo(() => buildMarks(matches, current, quote), [matches, current, quote]);
  const previous = useRef(new Map<number, { key: string; marks: PageMarks }>());
  return useMemo(() => {
    const out = new Map<number, PageMarks>();
    const kept = new Map<number, { key: string; marks: PageMarks }>();
    for (const [page, pm] of built) {
      const key = marksKey(pm);
      const old = previous.current.get(page);
      const marks = old && old.key === key ? old.marks : pm;
      kept.set(page, { key, marks });
      out.set(page, marks);
    }
    previous.current = kept;
    return out;
  }, [built]);
}

function buildMarks(matches: readonly Located[], current: number, quote: Located | null) {
  const out = new Map<number, PageMarks>();
  const add = (hit: Located, className: string) => {
    const pm = out.get(hit.page) ?? (new Map() as PageMarks);
    out.set(hit.page, pm);
    for (const [item, ranges] of spanToItemRanges(hit.norm, hit.span)) {
      const list = pm.get(item) ?? [];
      pm.set(item, list);
      for (const [from, to] of ranges) list.push({ from, to, className });
    }
  };
  matches.forEach((h, i) => add(h, i === current ? 'reader-match current' : 'reader-match'));
  if (quote) add(quote, 'reader-quote');
  return out;
}

/** Equal exactly when two pages' highlights are. */
function marksKey(pm: PageMarks): string {
  return [...pm]
    .map(([item, rs]) => `${item}:${rs.map((r) => `${r.from}-${r.to}${r.className}`).join(',')}`)
    .join(';');
}
