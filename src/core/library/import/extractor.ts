/**
 * The one place import touches the PDF extractor (src/core/library/pdf, owned by the
 * extractor work). Import code and tests depend on these types only, so a change in the
 * extractor's module layout is a one-line change here.
 */
import type { PaperText } from '../../../shared/paper';
import { extractPdf as extractInProcess, extractPdfInWorker as extractInWorker } from '../pdf';

export interface ExtractOptions {
  maxPages?: number;
  onProgress?: (page: number, total: number) => void;
  signal?: AbortSignal;
}

export interface Extraction {
  meta: {
    title: string | null;
    authors: string[];
    abstract: string | null;
    pages: number;
    venueLines?: string[];
  };
  text: PaperText;
  fullText: string;
}

/**
 * Extracts text and metadata; throws AppError ('bad_file', 'encrypted', 'cancelled', ...)
 * for input it cannot read. May detach or reuse `bytes`: pass a buffer you no longer need.
 */
export type ExtractFn = (bytes: Uint8Array, opts: ExtractOptions) => Promise<Extraction>;

/** Off the main thread: what the app and the host use so the UI never waits on pdf.js. */
export const extractPdfInWorker: ExtractFn = (bytes, opts) => extractInWorker(bytes, opts);
/** In this thread: for tests and short CLI runs. */
export const extractPdfInProcess: ExtractFn = (bytes, opts) => extractInProcess(bytes, opts);
