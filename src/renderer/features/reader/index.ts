// The PDF reader's public surface: the component, its types, and where paper PDFs come from.
export { PdfReader } from './PdfReader';
export type { PdfReaderHandle, PdfReaderProps, PdfReaderSource, PdfAnchor, PdfSelection } from './PdfReader';
export { paperPdfSource, paperPdfUrl } from './paper-source';
