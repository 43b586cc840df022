/**
 * PDFium (Chrome's PDF engine, compiled to WebAssembly by @embedpdf/pdfium) for text
 * extraction: loaded once per process, documents opened from bytes into WASM memory with a
 * one-line AppError for what cannot be opened. Why PDFium and not pdf.js here: its per-char
 * text pass reads the corpus in 0.86× pdftotext's CPU where pdf.js's getTextContent alone takes
 * 3.5× (bench/results/extract-2026-12-07-pdfium.md); pdf.js stays the viewer's renderer.
 * Hot per-char calls go straight to the WASM exports: the wrapper's ccall costs more than the
 * call itself.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { AppError } from '../../../shared/errors';

/** The @embedpdf/pdfium release (package.json pins it exactly). */
export const PDFIUM_VERSION = '2.15.1';

type Fn = (...args: number[]) => number;

/** The exports this extractor calls (PDFium's C API, pointers as numbers). */
export interface PdfiumExports {
  memory: { buffer: ArrayBuffer };
  malloc: Fn;
  free: Fn;
  FPDF_LoadMemDocument: Fn;
  FPDF_GetLastError: Fn;
  FPDF_CloseDocument: Fn;
  FPDF_GetPageCount: Fn;
  FPDF_GetMetaText: Fn;
  FPDF_GetSecurityHandlerRevision: Fn;
  FPDF_LoadPage: Fn;
  FPDF_ClosePage: Fn;
  FPDFPage_GetCropBox: Fn;
  FPDFPage_GetMediaBox: Fn;
  FPDFPage_CountObjects: Fn;
  FPDFPage_GetObject: Fn;
  FPDFPageObj_GetType: Fn;
  FPDFPageObj_GetBounds: Fn;
  FPDFPageObj_GetFillColor: Fn;
  FPDFPageObj_GetStrokeColor: Fn;
  FPDFPageObj_GetMatrix: Fn;
  FPDFPath_GetDrawMode: Fn;
  FPDFFormObj_CountObjects: Fn;
  FPDFFormObj_GetObject: Fn;
  FPDFText_LoadPage: Fn;
  FPDFText_ClosePage: Fn;
  FPDFText_CountChars: Fn;
  FPDFText_GetUnicode: Fn;
  FPDFText_IsGenerated: Fn;
  FPDFText_IsHyphen: Fn;
  FPDFText_HasUnicodeMapError: Fn;
  FPDFText_GetCharOrigin: Fn;
  FPDFText_GetLooseCharBox: Fn;
  FPDFText_GetFontSize: Fn;
  FPDFText_GetMatrix: Fn;
  FPDFText_GetTextObject: Fn;
  FPDFTextObj_GetTextRenderMode: Fn;
  FPDFTextObj_GetFont: Fn;
  FPDFFont_GetBaseFontName: Fn;
  FPDFFont_GetFlags: Fn;
  FPDFFont_GetFontData: Fn;
  FPDFFont_GetGlyphWidth: Fn;
}

let loaded: Promise<PdfiumExports> | null = null;

/** Instantiates the WASM module once per process (≈0.1 s); the .wasm is read from the package. */
export function loadPdfium(): Promise<PdfiumExports> {
  loaded ??= (async () => {
    const req = createRequire(import.meta.url);
    const { init } = await import('@embedpdf/pdfium');
    const wasmBinary = readFileSync(req.resolve('@embedpdf/pdfium/pdfium.wasm'));
    const mod = await init({ wasmBinary: wasmBinary.buffer.slice(0) as ArrayBuffer } as never);
    mod.PDFiumExt_Init();
    return mod.pdfium.wasmExports as unknown as PdfiumExports;
  })();
  return loaded;
}

export interface PdfiumDoc {
  pdf: PdfiumExports;
  handle: number;
  pageCount: number;
  /** An Info dictionary entry ("Title", "Author"), or null when absent or empty. */
  metaText(tag: string): string | null;
  /** The file has an encryption dictionary (opened without a password: usage restrictions). */
  encrypted: boolean;
  close(): void;
}

/** True when the first KiB holds a PDF header (readers tolerate junk before it, so do we). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024));
  return head.includes('%PDF-');
}

/** FPDF_GetLastError codes: 2 file, 3 format, 4 password, 5 security handler. */
function openError(code: number): AppError {
  if (code === 4)
    return new AppError(
      'encrypted',
      'This PDF is password-protected; save an unprotected copy to import it.',
    );
  if (code === 5)
    return new AppError('encrypted', 'This PDF uses an encryption scheme that cannot be opened.');
  return new AppError('bad_file', 'The PDF is damaged or truncated and cannot be read.');
}

function readUtf16(pdf: PdfiumExports, ptr: number, bytes: number): string {
  return Buffer.from(pdf.memory.buffer, ptr, Math.max(0, bytes - 2)).toString('utf16le');
}

function metaTextOf(pdf: PdfiumExports, doc: number, tag: string): string | null {
  const key = Buffer.from(`${tag}\0`, 'latin1');
  const keyPtr = pdf.malloc(key.length);
  new Uint8Array(pdf.memory.buffer).set(key, keyPtr);
  try {
    const size = pdf.FPDF_GetMetaText(doc, keyPtr, 0, 0);
    if (size <= 2) return null;
    const buf = pdf.malloc(size);
    try {
      pdf.FPDF_GetMetaText(doc, keyPtr, buf, size);
      return readUtf16(pdf, buf, size).trim() || null;
    } finally {
      pdf.free(buf);
    }
  } finally {
    pdf.free(keyPtr);
  }
}

/**
 * Opens a document or throws an AppError with a one-line message. The bytes are copied into
 * WASM memory (the caller's array is left as it was) and freed on close.
 */
export async function openPdfium(bytes: Uint8Array): Promise<PdfiumDoc> {
  if (bytes.length === 0) throw new AppError('bad_file', 'The file is empty (0 bytes).');
  if (!looksLikePdf(bytes)) throw new AppError('bad_file', 'This is not a PDF file (no PDF header).');
  const pdf = await loadPdfium();
  const buf = pdf.malloc(bytes.length);
  if (!buf) throw new AppError('out_of_memory', 'Not enough memory to open this PDF.');
  new Uint8Array(pdf.memory.buffer).set(bytes, buf);
  // A null password: PDFium then tries the empty user password, as viewers do.
  const handle = pdf.FPDF_LoadMemDocument(buf, bytes.length, 0);
  if (!handle) {
    const code = pdf.FPDF_GetLastError();
    pdf.free(buf);
    throw openError(code);
  }
  let open = true;
  return {
    pdf,
    handle,
    pageCount: pdf.FPDF_GetPageCount(handle),
    metaText: (tag) => metaTextOf(pdf, handle, tag),
    encrypted: pdf.FPDF_GetSecurityHandlerRevision(handle) !== -1,
    close() {
      if (!open) return;
      open = false;
      pdf.FPDF_CloseDocument(handle);
      pdf.free(buf);
    },
  };
}
