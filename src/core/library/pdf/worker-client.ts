/**
 * extractPdfInWorker: the same result as extractPdf, computed in a worker thread, with
 * progress forwarded and abort implemented as terminate().
 *
 * Locating the worker file: from source (tsx, vitest) it is extract-worker.ts next to this
 * file, and the worker needs a TypeScript loader (workers do not inherit the parent's tsx
 * hooks, so we pass `--import tsx`). Bundled (electron-vite), file names change: the main
 * build adds extract-worker.ts as an extra entry (rollupOptions.input) and calls
 * setExtractWorkerUrl() at start-up with the emitted file's URL. extractWorkerUrl() is the one
 * place that decides, so the bundler config has a single thing to point at.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { ErrorCode } from '../../../shared/errors';
import type { ExtractOptions, PdfExtraction } from './types';

let override: URL | null = null;

/** For bundled builds: where the emitted extract-worker.js lives. */
export function setExtractWorkerUrl(url: URL | string): void {
  override = typeof url === 'string' ? new URL(url) : url;
}

/** The worker entry: the override if set, else extract-worker.{ts,js} beside this module. */
export function extractWorkerUrl(): URL {
  if (override) return override;
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./extract-worker.${ext}`, import.meta.url);
}

/**
 * From source, the worker must register tsx itself before importing the .ts entry: Node 20
 * applies neither the parent's loader hooks nor an `--import` in execArgv to the worker's
 * entry module. So we start a tiny eval'd bootstrap that registers tsx, then imports it.
 */
function workerSource(url: URL): { entry: string | URL; eval: boolean } {
  if (!url.pathname.endsWith('.ts')) return { entry: url, eval: false };
  let api = 'tsx/esm/api';
  try {
    api = import.meta.resolve(api); // absolute, so the worker's cwd does not matter
  } catch {
    // Runners without import.meta.resolve: the bare name resolves from the cwd (the repo).
  }
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
  return { entry: code, eval: true };
}

type WorkerMessage =
  | { type: 'progress'; page: number; total: number }
  | { type: 'done'; result: PdfExtraction }
  | { type: 'error'; error: { code: string; message: string } };

export function extractPdfInWorker(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<PdfExtraction> {
  if (opts.signal?.aborted) return Promise.reject(new AppError('cancelled', 'Extraction was cancelled.'));
  return new Promise((resolve, reject) => {
    const url = extractWorkerUrl();
    // A private copy is transferred (not cloned twice); the caller's buffer stays usable.
    const copy = bytes.slice();
    const src = workerSource(url);
    const worker = new Worker(src.entry, {
      eval: src.eval,
      workerData: { bytes: copy, maxPages: opts.maxPages },
      transferList: [copy.buffer as ArrayBuffer],
      execArgv: process.execArgv,
      // A hostile or huge PDF must not take the app down with it.
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new AppError('cancelled', 'Extraction was cancelled.')));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') opts.onProgress?.(m.page, m.total);
      else if (m.type === 'done') finish(() => resolve(m.result));
      else {
        const code = ErrorCode.safeParse(m.error.code);
        finish(() => reject(new AppError(code.success ? code.data : 'internal', m.error.message)));
      }
    });
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(() =>
        reject(oom ? new AppError('out_of_memory', 'The PDF needs too much memory to extract.') : new AppError('internal', `The PDF extractor failed: ${e.message}`)),
      );
    });
    worker.on('exit', (code) => {
      finish(() => reject(new AppError('internal', `The PDF extractor stopped unexpectedly (exit ${code}).`)));
    });
  });
}
