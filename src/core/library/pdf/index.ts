/** PDF text extraction: the public surface of src/core/library/pdf. */
export { extractPdf, EXTRACTOR_VERSION } from './extract';
export { closeExtractPool, createExtractPool, extractPdfInWorker, extractWorkerUrl } from './worker-client';
export type { ExtractOptions, PdfExtraction, PdfMeta } from './types';
