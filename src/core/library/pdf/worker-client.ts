/**
 * extractPdfInWorker: the same result as extractPdf, computed in a worker thread of a shared
 * pool (worker-pool.ts: workers reused across files, ended when idle), with progress
 * forwarded and abort implemented as terminating that worker.
 *
 * Locating the worker file: from source (tsx, vitest) it is extract-worker.ts next to this
 * file, and the worker needs a TypeScript loader (workers do not inherit the parent's tsx
 * hooks, so we pass `--import tsx`). Bundled (electron-vite), file names change: the main
 * build adds extract-worker.ts as an extra entry (rollupOptions.input) and calls
 * setExtractWorkerUrl() at start-up with the emitted file's URL. extractWorkerUrl() is the one
 * place that decides, so the bundler config has a single thing to point at.
 */
import { Worker } from 'node:worker_threads';
import type { ExtractOptions, PdfExtraction } from './types';
import { ExtractPool, type PoolOptions } from './worker-pool';

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

/** Starts one extraction worker (see extract-worker.ts for its protocol). */
export function spawnExtractWorker(): Worker {
  const src = workerSource(extractWorkerUrl());
  return new Worker(src.entry, {
    eval: src.eval,
    execArgv: process.execArgv,
    // A hostile or huge PDF must not take the app down with it.
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
}

/** A pool of extraction workers; the app uses the shared one (extractPdfInWorker). */
export function createExtractPool(opts: Partial<PoolOptions> = {}): ExtractPool {
  return new ExtractPool({ spawn: spawnExtractWorker, ...opts });
}

let shared: ExtractPool | null = null;

export function extractPdfInWorker(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<PdfExtraction> {
  shared ??= createExtractPool();
  return shared.run(bytes, opts);
}

/** Ends the shared pool's workers now (app quit, tests); the next extraction starts afresh. */
export async function closeExtractPool(): Promise<void> {
  const p = shared;
  shared = null;
  await p?.close();
}
