/**
 * A small pool of long-lived extraction workers. Starting a worker costs seconds under tsx
 * (and loading pdf.js each time), so a batch reuses them; once the pool has been idle for
 * `idleMs` the workers are ended, so an app that imported a batch an hour ago holds no
 * threads. Crash isolation is kept: a worker that dies (crash, out of memory, abort) fails
 * only the file it was working on and is replaced on the next job.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { AppError, ErrorCode } from '../../../shared/errors';
import type { ExtractOptions, PdfExtraction } from './types';

type WorkerMessage =
  | { type: 'progress'; id: number; page: number; total: number }
  | { type: 'done'; id: number; result: PdfExtraction }
  | { type: 'error'; id: number; error: { code: string; message: string } };

interface Job {
  id: number;
  bytes: Uint8Array;
  opts: ExtractOptions;
  resolve: (r: PdfExtraction) => void;
  reject: (e: AppError) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  onAbort: (() => void) | null;
}

export interface PoolOptions {
  /** Workers at most; default min(2, cores): more only adds memory on the laptops we target. */
  size?: number;
  /** End all workers after this long with nothing to do. */
  idleMs?: number;
  spawn: () => Worker;
}

export class ExtractPool {
  readonly size: number;
  readonly idleMs: number;
  /** Workers started over the pool's life (reuse and replacement are visible in tests). */
  spawned = 0;
  private readonly spawn: () => Worker;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;

  constructor(opts: PoolOptions) {
    this.size = Math.max(1, Math.floor(opts.size ?? Math.min(2, availableParallelism())));
    this.idleMs = opts.idleMs ?? 10_000;
    this.spawn = opts.spawn;
  }

  /** Live workers (busy or idle). */
  get workers(): number {
    return this.slots.size;
  }

  run(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<PdfExtraction> {
    if (opts.signal?.aborted) return Promise.reject(new AppError('cancelled', 'Extraction was cancelled.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, opts, resolve, reject });
      this.pump();
    });
  }

  /** Ends every worker now; queued and running jobs fail as cancelled. */
  async close(): Promise<void> {
    this.clearIdle();
    for (const job of this.queue.splice(0)) job.reject(new AppError('cancelled', 'Extraction was cancelled.'));
    await Promise.all([...this.slots].map((s) => this.retire(s, new AppError('cancelled', 'Extraction was cancelled.'))));
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = [...this.slots].find((s) => !s.job);
      if (!slot && this.slots.size < this.size) slot = this.start();
      if (!slot) return;
      const job = this.queue.shift()!;
      // Aborted while waiting for a worker: never started, so nothing to end.
      if (job.opts.signal?.aborted) job.reject(new AppError('cancelled', 'Extraction was cancelled.'));
      else this.assign(slot, job);
    }
    if ([...this.slots].every((s) => !s.job)) this.armIdle();
  }

  private start(): Slot {
    const worker = this.spawn();
    this.spawned++;
    const slot: Slot = { worker, job: null, onAbort: null };
    this.slots.add(slot);
    worker.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      void this.retire(slot, oom ? new AppError('out_of_memory', 'The PDF needs too much memory to extract.') : new AppError('internal', `The PDF extractor failed: ${e.message}`));
    });
    worker.on('exit', (code) => void this.retire(slot, new AppError('internal', `The PDF extractor stopped unexpectedly (exit ${code}).`)));
    return slot;
  }

  private assign(slot: Slot, job: Job): void {
    this.clearIdle();
    slot.job = job;
    slot.worker.ref(); // a running job keeps the process alive; an idle worker does not
    if (job.opts.signal) {
      // pdf.js cannot be interrupted mid-page, so aborting ends the worker (it is replaced).
      slot.onAbort = () => void this.retire(slot, new AppError('cancelled', 'Extraction was cancelled.'));
      job.opts.signal.addEventListener('abort', slot.onAbort, { once: true });
    }
    // A private copy is transferred (not cloned twice); the caller's buffer stays usable.
    const copy = job.bytes.slice();
    slot.worker.postMessage({ type: 'job', id: job.id, bytes: copy, maxPages: job.opts.maxPages }, [copy.buffer as ArrayBuffer]);
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    const job = slot.job;
    if (!job || m.id !== job.id) return;
    if (m.type === 'progress') {
      job.opts.onProgress?.(m.page, m.total);
      return;
    }
    this.release(slot);
    if (m.type === 'done') job.resolve(m.result);
    else {
      const code = ErrorCode.safeParse(m.error.code);
      job.reject(new AppError(code.success ? code.data : 'internal', m.error.message));
    }
    this.pump();
  }

  /** Detaches the finished job from its slot; the worker stays for the next one. */
  private release(slot: Slot): void {
    if (slot.onAbort) slot.job?.opts.signal?.removeEventListener('abort', slot.onAbort);
    slot.onAbort = null;
    slot.job = null;
    slot.worker.unref();
  }

  /** Ends a worker for good, failing its job (if any) with `err`. Idempotent. */
  private async retire(slot: Slot, err: AppError): Promise<void> {
    if (!this.slots.delete(slot)) return;
    const job = slot.job;
    this.release(slot);
    job?.reject(err);
    const done = slot.worker.terminate();
    this.pump();
    await done.catch(() => undefined);
  }

  private armIdle(): void {
    if (this.idleTimer || !this.slots.size) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      for (const s of [...this.slots]) if (!s.job) void this.retire(s, new AppError('cancelled', 'idle'));
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
