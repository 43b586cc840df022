import { useEffect, useRef } from 'react';

/** Text selected in the PDF, with enough context around it to find it again later. */
export interface PdfSelection {
  /** 1-based page where the selection starts. */
  page: number;
  text: string;
  /** Up to CONTEXT characters of the page text before and after the selection. */
  before: string;
  after: string;
}

const CONTEXT = 80;
const DEBOUNCE_MS = 120;
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

function textLayerOf(node: Node): HTMLElement | null {
  const el = node instanceof HTMLElement ? node : node.parentElement;
  return el?.closest<HTMLElement>('.textLayer') ?? null;
}

/** Reads the current document selection if it lies in this reader's text layers. */
export function readSelection(container: HTMLElement): PdfSelection | null {
  const sel = document.getSelection();
  if (!sel || sel.isCollapsed || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  const startLayer = textLayerOf(range.startContainer);
  const endLayer = textLayerOf(range.endContainer) ?? startLayer;
  if (!startLayer || !endLayer || !container.contains(startLayer)) return null;
  const page = Number(startLayer.closest<HTMLElement>('[data-page]')?.dataset.page);
  const text = collapse(sel.toString());
  if (!page || !text) return null;
  const before = document.createRange();
  before.selectNodeContents(startLayer);
  before.setEnd(range.startContainer, range.startOffset);
  const after = document.createRange();
  after.selectNodeContents(endLayer);
  after.setStart(range.endContainer, range.endOffset);
  return {
    page,
    text,
    before: collapse(before.toString()).slice(-CONTEXT),
    after: collapse(after.toString()).slice(0, CONTEXT),
  };
}

/**
 * Reports selection changes inside the reader (debounced: selectionchange fires per
 * mouse move while dragging). Reports null once when a reported selection goes away.
 */
export function useSelectionReport(
  containerRef: React.RefObject<HTMLElement | null>,
  onChange: ((sel: PdfSelection | null) => void) | undefined,
): void {
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const enabled = Boolean(onChange);
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = '';
    const report = () => {
      const container = containerRef.current;
      const sel = container ? readSelection(container) : null;
      const key = sel ? JSON.stringify(sel) : '';
      if (key === last) return;
      last = key;
      onChangeRef.current?.(sel);
    };
    const onSelectionChange = () => {
      clearTimeout(timer);
      timer = setTimeout(report, DEBOUNCE_MS);
    };
    document.addEventListener('selectionchange', onSelectionChange);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('selectionchange', onSelectionChange);
    };
  }, [containerRef, enabled]);
}
