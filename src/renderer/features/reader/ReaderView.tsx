import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { FindBar } from './FindBar';
import { OutlinePanel } from './OutlinePanel';
import { PageSlot, type PageMarks } from './PageSlot';
import { ReaderToolbar } from './ReaderToolbar';
import { zoomStep, type Layout } from './layout';
import { PdfModel, type OutlineNode } from './pdf-model';
import { firstItem, locateQuote } from './text-index';
import { useFind, type FindHit, type FindState } from './use-find';
import { useFindScrolling, useFindShortcut } from './use-find-view';
import { useMarks, type Located } from './use-marks';
import { usePageLayout, type PageLayoutState } from './use-page-layout';
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

const NO_MATCHES: readonly FindHit[] = [];

/** The reader once pdf.js has the document: toolbar, find bar, outline, lazily rendered pages. */
export function ReaderView({
  pdf,
  onReady,
  ...o
}: ReaderViewOptions & { pdf: PDFDocumentProxy; onReady(h: ReaderViewHandle | null): void }) {
  const model = useMemo(() => new PdfModel(pdf), [pdf]);
  const view = usePageLayout(model);
  const { scrollRef, scrollToPoint, setZoom } = view;
  const find = useFind(model, view.page);
  const outline = useOutline(model);
  const [outlineOpen, setOutlineOpen] = useState(false);
  const bar = useFindBar(o, find, scrollRef);
  const [quote, setQuote] = useState<Located | null>(null);

  useSelectionReport(scrollRef, o.onSelectionChange);
  const { onPageChange } = o;
  useEffect(() => onPageChange?.(view.page, model.numPages), [onPageChange, view.page, model]);

  const { scrollToSpan, goToDest, goToPage } = useNavigation(model, scrollToPoint);
  const { findOpen, openFind } = bar;
  const scrollToQuote = async (anchor: PdfAnchor): Promise<boolean> => {
    const hit = await locateAnchor(model, anchor);
    setQuote(hit);
    if (hit) await scrollToSpan(hit);
    return hit !== null;
  };
  useHandle(onReady, {
    scrollToQuote,
    clearHighlight: () => setQuote(null),
    goToPage,
    goToDest,
    openFind,
    focus: () => scrollRef.current?.focus(),
  });
  useHighlight(o.highlight, o.onHighlightResolved, scrollToQuote, () => setQuote(null));
  useFindScrolling(find, findOpen, scrollRef, scrollToSpan);
  useFindShortcut(o.captureFindShortcut ?? true, () => openFind());
  const marks = useMarks(findOpen ? find.hits : NO_MATCHES, find.current, quote);

  const zoomBy = (dir: 1 | -1 | 0) => setZoom((z) => (dir === 0 ? 1 : zoomStep(z, dir)));
  return (
    <div className="pdf-reader-view" onKeyDown={(e) => readerKey(e, zoomBy, openFind)}>
      <ReaderToolbar
        page={view.page}
        numPages={model.numPages}
        zoom={view.zoom}
        hasOutline={outline.length > 0}
        outlineOpen={outlineOpen}
        onToggleOutline={() => setOutlineOpen(!outlineOpen)}
        onGoToPage={goToPage}
        onZoom={zoomBy}
        onOpenFind={() => openFind()}
      />
      {findOpen && <FindBar find={find} focusToken={bar.focusToken} onClose={bar.closeFind} />}
      <div className="pdf-reader-body">
        {outlineOpen && outline.length > 0 && (
          <OutlinePanel items={outline} onJump={(node) => goToDest(node.dest)} />
        )}
        <div className="pdf-reader-scroll" ref={scrollRef} tabIndex={0} onScroll={view.onScroll}>
          {view.layout && <ReaderPages layout={view.layout} live={view.live} marks={marks} />}
        </div>
      </div>
    </div>
  );
}

/** Zoom keys only while focus is in the reader: elsewhere Ctrl +/- stays the app's zoom. */
function readerKey(e: React.KeyboardEvent, zoomBy: (dir: 1 | -1 | 0) => void, openFind: () => void): void {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
  const k = e.key.toLowerCase();
  if (k === '+' || k === '=') zoomBy(1);
  else if (k === '-' || k === '_') zoomBy(-1);
  else if (k === '0') zoomBy(0);
  else if (k === 'f') openFind();
  else return;
  e.preventDefault();
}

/** The find bar's open state (the caller's when it controls it) and its focus requests. */
function useFindBar(
  o: Pick<ReaderViewOptions, 'findOpen' | 'onFindOpenChange'>,
  find: FindState,
  scrollRef: React.RefObject<HTMLElement | null>,
) {
  const [ownFindOpen, setOwnFindOpen] = useState(false);
  const [focusToken, setFocusToken] = useState(0);
  const setFindOpen = (open: boolean) => {
    setOwnFindOpen(open);
    o.onFindOpenChange?.(open);
  };
  return {
    findOpen: o.findOpen ?? ownFindOpen,
    focusToken,
    openFind: (query?: string) => {
      if (query !== undefined) find.setQuery(query);
      setFindOpen(true);
      setFocusToken((n) => n + 1);
    },
    closeFind: () => {
      setFindOpen(false);
      scrollRef.current?.focus();
    },
  };
}

/** Scrolling to a find match, a named destination (outline, links) or a page number. */
function useNavigation(model: PdfModel, scrollToPoint: PageLayoutState['scrollToPoint']) {
  const scrollToSpan = useCallback(
    async (hit: Located) => {
      const it = (await model.text(hit.page))[firstItem(hit.norm, hit.span)];
      if (it) scrollToPoint(hit.page, it.x, it.y + it.h, 'third');
      else scrollToPoint(hit.page);
    },
    [model, scrollToPoint],
  );
  const goToDest = (dest: string | unknown[] | null, pageNumber?: number) => {
    void model.resolveDest(dest).then((place) => {
      if (place) scrollToPoint(place.page, 0, place.pdfY);
      else if (pageNumber) scrollToPoint(pageNumber);
    });
  };
  const goToPage = (p: number) => scrollToPoint(Math.min(Math.max(1, Math.round(p)), model.numPages));
  return { scrollToSpan, goToDest, goToPage };
}

/** Every page's box; only the live ones render their canvas and text. */
function ReaderPages({
  layout,
  live,
  marks,
}: {
  layout: Layout;
  live: ReadonlySet<number>;
  marks: ReadonlyMap<number, PageMarks>;
}) {
  return (
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
          live={live.has(i + 1)}
          marks={marks.get(i + 1)}
        />
      ))}
    </div>
  );
}

/** The document's outline (bookmarks); empty when it has none or it cannot be read. */
function useOutline(model: PdfModel): OutlineNode[] {
  const [outline, setOutline] = useState<OutlineNode[]>([]);
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
  return outline;
}

/** Nearest page first: an anchor's page may be off by one after a re-import. */
async function locateAnchor(
  model: PdfModel,
  { page, quote, before, after }: PdfAnchor,
): Promise<Located | null> {
  const n = model.numPages;
  const order = [
    page,
    ...Array.from({ length: 2 * n }, (_, k) => page + (k % 2 ? -1 : 1) * Math.ceil((k + 1) / 2)),
  ];
  for (const p of order.filter((p, i, all) => p >= 1 && p <= n && all.indexOf(p) === i)) {
    const norm = await model.norm(p, 'compact').catch(() => null);
    const span = norm && locateQuote(norm, quote, before, after);
    if (norm && span) return { page: p, span, norm };
  }
  return null;
}

/**
 * Hands the caller a handle once (and null on unmount); its methods call this render's
 * functions, so the handle stays the same while the functions behind it change.
 */
function useHandle(onReady: (h: ReaderViewHandle | null) => void, impl: ReaderViewHandle): void {
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
}

/** The controlled highlight: scroll to it and say whether it still resolves. */
function useHighlight(
  highlight: PdfAnchor | null | undefined,
  onResolved: ((found: boolean, anchor: PdfAnchor) => void) | undefined,
  scrollToQuote: (anchor: PdfAnchor) => Promise<boolean>,
  clear: () => void,
): void {
  const show = useEffectEvent(async (isGone: () => boolean) => {
    if (!highlight) return clear();
    const found = await scrollToQuote(highlight);
    if (!isGone()) onResolved?.(found, highlight);
  });
  // Keyed by value: callers often pass a fresh object for the same anchor.
  const key = highlight ? JSON.stringify(highlight) : '';
  useEffect(() => {
    let gone = false;
    void show(() => gone);
    return () => {
      gone = true;
    };
  }, [key]);
}
