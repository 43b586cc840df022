/**
 * Loads pdf.js for Node/Electron-main and opens documents with offline, eval-free settings.
 * The polyfill import must stay first: pdf.js touches Promise.withResolvers at load time.
 */
import './polyfill';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { AppError } from '../../../shared/errors';
import { keepNativeBuiltins } from './runtime';

import type * as Pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

type PdfjsModule = typeof Pdfjs;
export type PdfDocument = Awaited<ReturnType<PdfjsModule['getDocument']>['promise']>;
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

export const PDFJS_VERSION = '6.3.289';

let loaded: Promise<PdfjsModule> | null = null;

/**
 * Imported lazily so that merely importing this module (e.g. for types) costs nothing. The
 * worker half is imported here too and handed to pdf.js as its in-thread "fake worker" (what
 * it does in Node anyway), so both bundles' polyfills land inside keepNativeBuiltins.
 */
export function loadPdfjs(): Promise<PdfjsModule> {
  loaded ??= keepNativeBuiltins(async () => {
    const [pdfjs, worker] = await Promise.all([
      import('pdfjs-dist/legacy/build/pdf.mjs'),
      import('pdfjs-dist/legacy/build/pdf.worker.mjs'),
    ]);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= {
      WorkerMessageHandler: worker.WorkerMessageHandler,
    };
    return pdfjs;
  });
  return loaded;
}

/**
 * The package's own cMaps and standard fonts; never a CDN. In Node pdf.js reads them with
 * fs, so these are plain absolute directory paths (with the trailing separator it expects).
 */
function assetUrls(): { cMapUrl: string; standardFontDataUrl: string } {
  const req = createRequire(import.meta.url);
  const root = path.dirname(req.resolve('pdfjs-dist/package.json'));
  const dir = (name: string) => path.join(root, name) + path.sep;
  return { cMapUrl: dir('cmaps'), standardFontDataUrl: dir('standard_fonts') };
}

/** True when the first KiB holds a PDF header (pdf.js tolerates junk before it, so do we). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024));
  return head.includes('%PDF-');
}

/**
 * Opens a document or throws an AppError with a one-line message. `bytes` is copied because
 * pdf.js may transfer (detach) the buffer it is given.
 */
export async function openPdf(bytes: Uint8Array): Promise<{ doc: PdfDocument; close: () => Promise<void> }> {
  if (bytes.length === 0) throw new AppError('bad_file', 'The file is empty (0 bytes).');
  if (!looksLikePdf(bytes)) throw new AppError('bad_file', 'This is not a PDF file (no PDF header).');
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    ...assetUrls(),
    cMapPacked: true,
    // No `isEvalSupported`: pdf.js 6 removed the option along with its last use of eval/Function.
    disableFontFace: true,
    useSystemFonts: false,
    // Images are never drawn here; skipping their decoding keeps scans fast and small.
    maxImageSize: 0,
    // Keep errors rather than silently returning half a document.
    stopAtErrors: false,
    // Errors only (0): pdf.js otherwise prints font and image warnings to the console.
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    const doc = await task.promise;
    return { doc, close: () => task.destroy() };
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw toOpenError(e);
  }
}

function toOpenError(e: unknown): AppError {
  const name = e instanceof Error ? e.name : '';
  if (name === 'PasswordException') {
    return new AppError(
      'encrypted',
      'This PDF is password-protected; save an unprotected copy to import it.',
    );
  }
  if (name === 'InvalidPDFException') {
    return new AppError('bad_file', 'The PDF is damaged or truncated and cannot be read.');
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new AppError('bad_file', `The PDF cannot be read (${msg.split('\n')[0]}).`);
}
