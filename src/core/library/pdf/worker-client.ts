/**
 * extractPdfInWorker: the same result as extractPdf, computed in a child process of a shared
 * pool (worker-pool.ts: processes reused across files, ended when idle, each file under time,
 * memory and page limits), with progress forwarded and abort implemented as killing that
 * process.
 *
 * Locating the entry is the one worker bootstrap's job (core/workers.ts: extract-worker.ts
 * from source, forked with tsx; the built extract-worker.js in a bundle). The Electron shell
 * calls setExtractSpawner() at start-up to run it as a utilityProcess.
 */
import { pathToFileURL } from 'node:url';
import { forkSpawner, type WorkerHandle, type WorkerSpawner } from '../../engine/spawner';
import { workerEntry } from '../../workers';
import type { ExtractOptions, PdfExtraction } from './types';
import { DEFAULT_LIMITS, ExtractPool, type ExtractLimits, type PoolOptions } from './worker-pool';

/** The worker entry (see core/workers.ts). */
export function extractWorkerUrl(): URL {
  return pathToFileURL(workerEntry('extract-worker'));
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
  return forkSpawner(workerEntry('extract-worker'), {
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
