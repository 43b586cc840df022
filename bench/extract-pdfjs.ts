/**
 * pdf.js in Node, for the benches only (extract-phases.ts, extract-pdfium-probe.ts): the
 * extractor reads text with PDFium since 2026-12-07 (src/core/library/pdf/pdfium.ts), and these
 * benches keep pdf.js's text pass as the point of comparison. What the pdf.js extractor needed
 * to run well in Node is kept with it: the two Node 20 polyfills pdf.js 6 relies on, putting back
 * the built-ins its core-js replaces, and its synchronous inflater (see extract-notes.md).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';

import type * as Pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

type PdfjsModule = typeof Pdfjs;
export type PdfDocument = Awaited<ReturnType<PdfjsModule['getDocument']>['promise']>;

type Resolvers<T> = {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
};

const P = Promise as unknown as { withResolvers?: <T>() => Resolvers<T> };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = function withResolvers<T>(): Resolvers<T> {
    let resolve!: Resolvers<T>['resolve'];
    let reject!: Resolvers<T>['reject'];
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

const AB = ArrayBuffer.prototype as unknown as {
  transferToFixedLength?: (this: ArrayBuffer, length?: number) => ArrayBuffer;
};
if (typeof AB.transferToFixedLength !== 'function') {
  // pdf.js only uses it to shrink a scratch buffer it owns, so copying (not detaching) is enough.
  AB.transferToFixedLength = function transferToFixedLength(this: ArrayBuffer, length?: number) {
    const len = length ?? this.byteLength;
    const out = new ArrayBuffer(len);
    new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(len, this.byteLength)));
    return out;
  };
}

const KEPT = [
  [Array.prototype, 'push'],
  [JSON, 'parse'],
  [JSON, 'stringify'],
] as const;

/** Runs `load` and puts back the built-ins it replaced; returns what it resolved to. */
export async function keepNativeBuiltins<T>(load: () => Promise<T>): Promise<T> {
  const saved = KEPT.map(([obj, key]) => [obj, key, Object.getOwnPropertyDescriptor(obj, key)] as const);
  try {
    return await load();
  } finally {
    for (const [obj, key, desc] of saved) if (desc) Object.defineProperty(obj, key, desc);
  }
}

/**
 * Makes pdf.js inflate FlateDecode streams with its own synchronous JS inflater: it tries
 * DecompressionStream first and falls back when that is missing. Only for a thread that does
 * nothing but extraction (our worker, the bench): it removes the global for that thread.
 * Measured (same outputs, byte for byte): less CPU than both the native stream and a
 * zlib.inflateSync TransformStream, which keep paying for web streams per stream.
 */
export function syncInflate(): void {
  (globalThis as { DecompressionStream?: unknown }).DecompressionStream = undefined;
}

let loaded: Promise<PdfjsModule> | null = null;

/** pdf.js with its worker half run in-thread (what it does in Node anyway). */
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

/** Opens a document with the package's own cMaps and fonts, as the pdf.js extractor did. */
export async function openPdf(bytes: Uint8Array): Promise<{ doc: PdfDocument; close: () => Promise<void> }> {
  const pdfjs = await loadPdfjs();
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    cMapUrl: path.join(root, 'cmaps') + path.sep,
    standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
    cMapPacked: true,
    disableFontFace: true,
    useSystemFonts: false,
    maxImageSize: 0,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  const doc = await task.promise;
  return { doc, close: () => task.destroy() };
}
