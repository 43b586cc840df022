import type { RefObject } from 'react';
import type { PdfReaderHandle, PdfSelection } from '../reader/PdfReader';

/**
 * The one place the workspace touches the reader (src/renderer/features/reader, owned by
 * the reader area): its selection type and the two calls the review needs.
 */
export type ReaderSelection = PdfSelection;

export interface ReaderBridge {
  /** Scrolls to and highlights a cited quote; false when it no longer resolves. */
  scrollToQuote(page: number, quote: string, context: { before: string; after: string }): Promise<boolean>;
  openFind(): void;
}

/** Binds the bridge to a PdfReader ref; `showPdf` switches the left pane to the PDF tab first. */
export function readerBridge(ref: RefObject<PdfReaderHandle | null>, showPdf: () => void): ReaderBridge {
  return {
    async scrollToQuote(page, quote, context) {
      showPdf();
      // The tab switch mounts the reader; its handle waits for the document itself.
      await new Promise((r) => requestAnimationFrame(r));
      return (await ref.current?.scrollToQuote(page, quote, context)) ?? false;
    },
    openFind() {
      showPdf();
      requestAnimationFrame(() => ref.current?.openFind());
    },
  };
}
