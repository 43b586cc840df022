/**
 * extractPdfInWorker: the same result as extractPdf, computed in a child process of a shared
 * pool (worker-pool.ts: processes reused across files, ended when idle, each file under time,
 * memory and page limits), with progress forwarded and abort implemented as killing that
 * process.
 *
 * Locating the entry: from source (tsx, vitest) it is extract-worker.ts next to this file,
 * forked with tsx's loader (forkSpawner adds it for .ts entries). Bundled (electron-vite),
 * file names change: the main build adds extract-worker.ts as an extra entry
 * (rollupOptions.input) and calls setExtractWorkerUrl() / setExtractSpawner() at start-up.
 * extractWorkerUrl() is the one place that decides, so the bundler config has a single thing
 * to point at.
 */
import { fileURLToPath } from 'node:url';
import { forkSpawner, type WorkerHandle, type WorkerSpawner } from '../../engine/spawner';
import type { ExtractOptions, PdfExtraction } from './types';
import { DEFAULT_LIMITS, ExtractPool, type ExtractLimits, type PoolOptions } from './worker-pool';

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

let spawnerOverride: WorkerSpawner | null = null;

/**
 * For the Electron shell: how to start an extraction process (a utilityProcess with the
 * bundled entry and `extractExecArgv()`); plain Node forks the entry itself.
 */
export function setExtractSpawner(spawner: WorkerSpawner | null): void {
  spawnerOverride = spawner;
}

/** Node flags of an extraction process: its V8 heap limit (issue 18). */
export function extractExecArgv(limits: Pick<ExtractLimits, 'memoryMb'> = DEFAULT_LIMITS): string[] {
  return [`--max-old-space-size=${limits.memoryMb}`];
}

/** Starts one extraction process (see extract-worker.ts for its protocol). */
export function spawnExtractWorker(limits: Pick<ExtractLimits, 'memoryMb'> = DEFAULT_LIMITS): WorkerHandle {
  if (spawnerOverride) return spawnerOverride.spawn();
  // Structured-clone messages, so the PDF's bytes cross as a Uint8Array, not JSON.
  return forkSpawner(fileURLToPath(extractWorkerUrl()), {
    execArgv: extractExecArgv(limits),
    serialization: 'advanced',
  }).spawn();
}

/** A pool of extraction workers; the app uses the shared one (extractPdfInWorker). */
export function createExtractPool(opts: Partial<PoolOptions> = {}): ExtractPool {
  const memoryMb = opts.limits?.memoryMb ?? DEFAULT_LIMITS.memoryMb;
  return new ExtractPool({ spawn: () => spawnExtractWorker({ memoryMb }), ...opts });
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
