import { useEffect, useEffectEvent, useRef } from 'react';
import type { FindState } from './use-find';
import type { Located } from './use-marks';

/**
 * What the view does while the find bar searches: it follows the current match, and goes
 * back to where it was when the search began if the finished search matches nothing.
 */
export function useFindScrolling(
  find: FindState,
  findOpen: boolean,
  scrollRef: React.RefObject<HTMLElement | null>,
  scrollToSpan: (hit: Located) => Promise<void>,
): void {
  // A search typed letter by letter follows the matches of its prefixes; the origin is the
  // place before the first letter.
  const findOrigin = useRef<{ top: number; left: number } | null>(null);
  const searchingFor = findOpen && find.query.trim() !== '';
  useEffect(() => {
    const el = scrollRef.current;
    if (!searchingFor) findOrigin.current = null;
    else if (!findOrigin.current && el) findOrigin.current = { top: el.scrollTop, left: el.scrollLeft };
  }, [searchingFor, scrollRef]);
  const noMatch = searchingFor && !find.searching && find.hits.length === 0;
  useEffect(() => {
    const el = scrollRef.current;
    const origin = findOrigin.current;
    if (noMatch && el && origin) el.scrollTo({ top: origin.top, left: origin.left });
  }, [noMatch, scrollRef]);

  // Keyed by the match itself: partial results arriving must not yank the view back.
  const currentHit = findOpen ? find.hits[find.current] : undefined;
  const currentKey = currentHit ? `${currentHit.page}:${currentHit.span.start}` : '';
  const follow = useEffectEvent(() => {
    if (currentHit) void scrollToSpan(currentHit);
  });
  useEffect(() => follow(), [currentKey]);
}

/**
 * Ctrl/Cmd+F anywhere opens the reader's find bar (the browser's own find cannot see pages
 * that are not rendered), unless something focused handled it first (an editor's own search).
 */
export function useFindShortcut(capture: boolean, openFind: () => void): void {
  const open = useEffectEvent(openFind);
  useEffect(() => {
    if (!capture) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'f') return;
      e.preventDefault();
      open();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [capture]);
}
