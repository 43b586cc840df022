import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { FindBar } from './FindBar';
import { OutlinePanel } from './OutlinePanel';
import { PageSlot, type PageMarks } from './PageSlot';
import { ReaderToolbar } from './ReaderToolbar';
import { zoomStep } from './layout';
import { PdfModel, type OutlineNode } from './pdf-model';
import { firstItem, locateQuote, spanToItemRanges, type NormText, type Span } from './text-index';
import { useFind } from './use-find';
import { usePageLayout } from './use-page-layout';
import { useSelectionReport, type PdfSelection } from './use-selection';

/** A quote to find again: where it was cited, and the text around it when known. */
export interface PdfAnchor {
  page: number;
  quote: string;
  before?: string;
  after?: string;
}

export interface ReaderViewHandle {
  scrollToQuote(anchor: PdfAnchor): Promise<boolean>;
  clearHighlight(): void;
  goToPage(page: number): void;
  goToDest(dest: string | unknown[] | null, pageNumber?: number): void;
  openFind(query?: string): void;
  focus(): void;
}

export interface ReaderViewOptions {
  onSelectionChange?: (sel: PdfSelection | null) => void;
  highlight?: PdfAnchor | null;
  onHighlightResolved?: (found: boolean, anchor: PdfAnchor) => void;
  findOpen?: boolean;
  onFindOpenChange?: (open: boolean) => void;
  captureFindShortcut?: boolean;
  onPageChange?: (page: number, numPages: number) => void;
}

interface Located {
  page: number;
  span: Span;
  norm: NormText;
}

/** The reader once pdf.js has the document: toolbar, find bar, outline, lazily rendered pages. */
export function ReaderView({
  pdf,
  onReady,
  ...o
}: ReaderViewOptions & { pdf: PDFDocumentProxy; onReady(h: ReaderViewHandle | null): void }) {
  const model = useMemo(() => new PdfModel(pdf), [pdf]);
  const view = usePageLayout(model);
  const { scrollRef, layout, scrollToPoint, setZoom } = view;
  const find = useFind(model, view.page);
  const [outline, setOutline] = useState<OutlineNode[]>([]);
  const [outlineOpen, setOutlineOpen] = useState(false);
  const [ownFindOpen, setOwnFindOpen] = useState(false);
  const findOpen = o.findOpen ?? ownFindOpen;
  const [findFocus, setFindFocus] = useState(0);
  const [quote, setQuote] = useState<Located | null>(null);

  useEffect(() => {
    let gone = false;
    model.outline().then(
      (items) => !gone && setOutline(items),
      () => {},
    );
    return () => {
      gone = true;
    };
  }, [model]);

  useSelectionReport(scrollRef, o.onSelectionChange);
  const { onPageChange } = o;
  useEffect(() => onPageChange?.(view.page, model.numPages), [onPageChange, view.page, model]);

  const scrollToSpan = useCallback(
    async (hit: Located) => {
      const it = (await model.text(hit.page))[firstItem(hit.norm, hit.span)];
      if (it) scrollToPoint(hit.page, it.x, it.y + it.h, 'third');
      else scrollToPoint(hit.page);
    },
    [model, scrollToPoint],
  );

  const setFindOpen = (open: boolean) => {
    setOwnFindOpen(open);
    o.onFindOpenChange?.(open);
  };
  const openFind = (query?: string) => {
    if (query !== undefined) find.setQuery(query);
    setFindOpen(true);
    setFindFocus((n) => n + 1);
  };
  const closeFind = () => {
    setFindOpen(false);
    scrollRef.current?.focus();
  };

  /** Nearest page first: an anchor's page may be off by one after a re-import. */
  const scrollToQuote = async ({ page, quote: text, before, after }: PdfAnchor): Promise<boolean> => {
    const n = model.numPages;
    const order = [
      page,
      ...Array.from({ length: 2 * n }, (_, k) => page + (k % 2 ? -1 : 1) * Math.ceil((k + 1) / 2)),
    ];
    for (const p of order.filter((p, i, all) => p >= 1 && p <= n && all.indexOf(p) === i)) {
      const norm = await model.norm(p, 'compact').catch(() => null);
      const span = norm && locateQuote(norm, text, before, after);
      if (norm && span) {
        const hit = { page: p, span, norm };
        setQuote(hit);
        await scrollToSpan(hit);
        return true;
      }
    }
    setQuote(null);
    return false;
  };

  const goToDest = (dest: string | unknown[] | null, pageNumber?: number) => {
    void model.resolveDest(dest).then((place) => {
      if (place) scrollToPoint(place.page, 0, place.pdfY);
      else if (pageNumber) scrollToPoint(pageNumber);
    });
  };

  const impl = {
    scrollToQuote,
    clearHighlight: () => setQuote(null),
    goToPage: (p: number) => scrollToPoint(Math.min(Math.max(1, Math.round(p)), model.numPages)),
    goToDest,
    openFind,
    focus: () => scrollRef.current?.focus(),
  };
  const implRef = useRef(impl);
  implRef.current = impl;
  useEffect(() => {
    const call = implRef;
    onReady({
      scrollToQuote: (a) => call.current.scrollToQuote(a),
      clearHighlight: () => call.current.clearHighlight(),
      goToPage: (p) => call.current.goToPage(p),
      goToDest: (d, p) => call.current.goToDest(d, p),
      openFind: (q) => call.current.openFind(q),
      focus: () => call.current.focus(),
    });
    return () => onReady(null);
  }, [onReady]);

  // The controlled highlight: scroll to it and say whether it still resolves.
  const { highlight, onHighlightResolved } = o;
  const highlightKey = highlight ? JSON.stringify(highlight) : '';
  useEffect(() => {
    if (!highlight) {
      setQuote(null);
      return;
    }
    let gone = false;
    void implRef.current
      .scrollToQuote(highlight)
      .then((found) => !gone && onHighlightResolved?.(found, highlight));
    return () => {
      gone = true;
    };
    // Keyed by value: callers often pass a fresh object for the same anchor.
  }, [highlightKey]);

  // Where the view was when this search began. A search typed letter by letter follows the
  // matches of its prefixes; if the finished search matches nothing, the view goes back there.
  const findOrigin = useRef<{ top: number; left: number } | null>(null);
  const searchingFor = findOpen && find.query.trim() !== '';
  useEffect(() => {
    const el = scrollRef.current;
    if (!searchingFor) findOrigin.current = null;
    else if (!findOrigin.current && el) findOrigin.current = { top: el.scrollTop, left: el.scrollLeft };
  }, [searchingFor, scrollRef]);
  useEffect(() => {
    const el = scrollRef.current;
    const origin = findOrigin.current;
    if (!searchingFor || find.searching || find.hits.length > 0 || !el || !origin) return;
    el.scrollTo({ top: origin.top, left: origin.left });
  }, [searchingFor, find.searching, find.hits.length, scrollRef]);

  // Follow the current match.
  const currentHit = findOpen ? find.hits[find.current] : undefined;
  const currentKey = currentHit ? `${currentHit.page}:${currentHit.span.start}` : '';
  useEffect(() => {
    if (currentHit) void scrollToSpan(currentHit);
    // Keyed by the match itself: partial results arriving must not yank the view back.
  }, [currentKey]);

  const marks = useMemo(() => {
    const out = new Map<number, PageMarks>();
    const add = (hit: Located, className: string) => {
      const pm =
        out.get(hit.page) ?? new Map<number, Array<{ from: number; to: number; className: string }>>();
      out.set(hit.page, pm);
      for (const [item, ranges] of spanToItemRanges(hit.norm, hit.span)) {
        const list = pm.get(item) ?? [];
        pm.set(item, list);
        for (const [from, to] of ranges) list.push({ from, to, className });
      }
    };
    if (findOpen)
      find.hits.forEach((h, i) => add(h, i === find.current ? 'reader-match current' : 'reader-match'));
    if (quote) add(quote, 'reader-quote');
    return out;
  }, [findOpen, find.hits, find.current, quote]);
  const marksKeys = useMemo(() => {
    const keys = new Map<number, string>();
    for (const [page, pm] of marks)
      keys.set(
        page,
        [...pm]
          .map(([item, rs]) => `${item}:${rs.map((r) => `${r.from}-${r.to}${r.className}`).join(',')}`)
          .join(';'),
      );
    return keys;
  }, [marks]);

  const zoomBy = (dir: 1 | -1 | 0) => setZoom((z) => (dir === 0 ? 1 : zoomStep(z, dir)));

  // Zoom keys only while focus is in the reader: elsewhere Ctrl +/- stays the app's zoom.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === '+' || k === '=') zoomBy(1);
    else if (k === '-' || k === '_') zoomBy(-1);
    else if (k === '0') zoomBy(0);
    else if (k === 'f') openFind();
    else return;
    e.preventDefault();
  };

  // Ctrl/Cmd+F anywhere opens this find bar (the browser's own find cannot see pages
  // that are not rendered), unless something focused handled it first (an editor's own search).
  const capture = o.captureFindShortcut ?? true;
  useEffect(() => {
    if (!capture) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'f') return;
      e.preventDefault();
      implRef.current.openFind();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [capture]);

  return (
    <div className="pdf-reader-view" onKeyDown={onKeyDown}>
      <ReaderToolbar
        page={view.page}
        numPages={model.numPages}
        zoom={view.zoom}
        hasOutline={outline.length > 0}
        outlineOpen={outlineOpen}
        onToggleOutline={() => setOutlineOpen(!outlineOpen)}
        onGoToPage={impl.goToPage}
        onZoom={zoomBy}
        onOpenFind={() => openFind()}
      />
      {findOpen && <FindBar find={find} focusToken={findFocus} onClose={closeFind} />}
      <div className="pdf-reader-body">
        {outlineOpen && outline.length > 0 && (
          <OutlinePanel items={outline} onJump={(node) => goToDest(node.dest)} />
        )}
        <div className="pdf-reader-scroll" ref={scrollRef} tabIndex={0} onScroll={view.onScroll}>
          {layout && (
            <div className="pdf-reader-pages" style={{ width: layout.width, height: layout.height }}>
              {layout.tops.map((top, i) => (
                <PageSlot
                  key={i + 1}
                  pageNumber={i + 1}
                  top={top}
                  left={Math.floor((layout.width - layout.widths[i]!) / 2)}
                  width={layout.widths[i]!}
                  height={layout.heights[i]!}
                  scale={layout.scale}
                  live={view.live.has(i + 1)}
                  marks={marks.get(i + 1)}
                  marksKey={marksKeys.get(i + 1) ?? ''}
                />
              ))}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
