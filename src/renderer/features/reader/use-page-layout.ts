import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { GAP, computeLayout, pageIndexAt, type Layout } from './layout';
import { toViewport, type PageGeometry, type PdfModel } from './pdf-model';

/** Where to put a point when scrolling to it: at the top of the view, or a third down. */
export type ScrollAlign = 'top' | 'third';

export interface PageLayoutState {
  scrollRef: React.RefObject<HTMLDivElement | null>;
  layout: Layout | null;
  /** The page being read (1-based). */
  page: number;
  /** Pages near the viewport (1-based): only these render. */
  live: ReadonlySet<number>;
  zoom: number;
  setZoom: React.Dispatch<React.SetStateAction<number>>;
  onScroll(): void;
  /** Scrolls to a point in PDF user space on a page (or the page top); waits for the layout. */
  scrollToPoint(page: number, pdfX?: number, pdfY?: number, align?: ScrollAlign): void;
}

/**
 * Page boxes for the whole document from page sizes alone (so the scrollbar is right
 * before anything renders), fit-width sizing that follows the container, the page being
 * read, and which pages are near enough to the viewport to render (IntersectionObserver).
 * When the layout changes (zoom, resize, sizes arriving) the same spot stays in view.
 */
export function usePageLayout(model: PdfModel): PageLayoutState {
  const scrollRef = useRef<HTMLDivElement>(null);
  const geoms = usePageGeometry(model);
  const width = useClientWidth(scrollRef);
  const [zoom, setZoom] = useState(1);
  const [page, setPage] = useState(1);
  const anchor = useRef({ index: 0, frac: 0 });
  const pending = useRef<Parameters<PageLayoutState['scrollToPoint']> | null>(null);

  const layout = useMemo(
    () => (geoms && width > 0 ? computeLayout(geoms, width, zoom) : null),
    [geoms, width, zoom],
  );
  const layoutRef = useRef(layout);
  layoutRef.current = layout;
  const geomsRef = useRef(geoms);
  geomsRef.current = geoms;

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    const l = layoutRef.current;
    if (!el || !l) return;
    const y = el.scrollTop;
    const i = pageIndexAt(l, y);
    anchor.current = { index: i, frac: (y - l.tops[i]!) / (l.heights[i]! + GAP) };
    const atEnd = y + el.clientHeight >= el.scrollHeight - 2;
    setPage(atEnd ? l.tops.length : pageIndexAt(l, y + el.clientHeight / 3) + 1);
  }, []);

  const scrollToPoint = useCallback(
    (target: number, pdfX?: number, pdfY?: number, align: ScrollAlign = 'top') => {
      const el = scrollRef.current;
      const l = layoutRef.current;
      const g = geomsRef.current?.[target - 1];
      if (!el || !l || !g) {
        pending.current = [target, pdfX, pdfY, align]; // run once the layout is there
        return;
      }
      scrollElementTo(el, l, g, target - 1, pdfX, pdfY, align);
      onScroll();
    },
    [onScroll],
  );

  // Keep the reader's place across layout changes, then run a scroll that waited for it.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el || !layout) return;
    const { index, frac } = anchor.current;
    const i = Math.min(index, layout.tops.length - 1);
    el.scrollTop = layout.tops[i]! + frac * (layout.heights[i]! + GAP);
    const waiting = pending.current;
    pending.current = null;
    if (waiting) scrollToPoint(...waiting);
    onScroll();
  }, [layout, onScroll, scrollToPoint]);

  const live = useLivePages(scrollRef, geoms, layout !== null);
  return { scrollRef, layout, page, live, zoom, setZoom, onScroll, scrollToPoint };
}

/** Every page's size; page 1's stands in for all until every page's is known (big documents). */
function usePageGeometry(model: PdfModel): PageGeometry[] | null {
  const [geoms, setGeoms] = useState<PageGeometry[] | null>(null);
  useEffect(() => {
    let gone = false;
    void model
      .geometry(1)
      .then((g) => !gone && setGeoms((prev) => prev ?? Array<PageGeometry>(model.numPages).fill(g)));
    void model.allGeometry().then((all) => !gone && setGeoms(all));
    return () => {
      gone = true;
    };
  }, [model]);
  return geoms;
}

/** The element's client width, followed with a ResizeObserver (0 before it mounts). */
function useClientWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** The pages (data-page, 1-based) within a screen of the viewport: only these render. */
function useLivePages(
  scrollRef: React.RefObject<HTMLElement | null>,
  geoms: PageGeometry[] | null,
  hasLayout: boolean,
): ReadonlySet<number> {
  const [live, setLive] = useState<ReadonlySet<number>>(() => new Set([1]));
  useEffect(() => {
    const root = scrollRef.current;
    if (!root || !hasLayout) return;
    const observer = new IntersectionObserver(
      (entries) =>
        setLive((prev) => {
          const next = new Set(prev);
          for (const e of entries) {
            const n = Number((e.target as HTMLElement).dataset.page);
            if (e.isIntersecting) next.add(n);
            else next.delete(n);
          }
          return next;
        }),
      { root, rootMargin: '100% 0px' }, // one screen above and below: no blank page on a flick
    );
    root.querySelectorAll('[data-page]').forEach((n) => observer.observe(n));
    return () => observer.disconnect();
  }, [scrollRef, geoms, hasLayout]);
  return live;
}

/** Scrolls so a PDF point on page index i is at the top (or a third down), in view sideways. */
function scrollElementTo(
  el: HTMLElement,
  l: Layout,
  g: PageGeometry,
  i: number,
  pdfX: number | undefined,
  pdfY: number | undefined,
  align: ScrollAlign,
): void {
  let top = l.tops[i]!;
  if (pdfY !== undefined) {
    const [vx, vy] = toViewport(g, pdfX ?? 0, pdfY);
    top += vy * l.scale - (align === 'third' ? el.clientHeight / 3 : 0);
    const x = (l.width - l.widths[i]!) / 2 + vx * l.scale;
    if (x < el.scrollLeft || x > el.scrollLeft + el.clientWidth - 40)
      el.scrollLeft = Math.max(0, x - el.clientWidth / 3);
  }
  el.scrollTop = Math.max(0, top);
}
