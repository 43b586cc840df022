/**
 * A small pool of long-lived extraction PROCESSES (extract-worker.ts). Starting one costs
 * seconds under tsx (and loading pdf.js each time), so a batch reuses them; once the pool has
 * been idle for `idleMs` they are ended, so an app that imported a batch an hour ago holds
 * none. Each file runs under limits (issue 18): a time limit and a resident-memory limit
 * enforced here by killing the process, and the V8 heap limit it was started with. A process
 * that dies (crash, out of memory, limit, abort) fails only the file it was working on and is
 * replaced on the next job; the app keeps working.
 */
import { availableParallelism } from 'node:os';
import type { WorkerHandle } from '../../engine/spawner';
import { AppError, ErrorCode } from '../../../shared/errors';
import { residentMb } from './process-memory';
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
  worker: WorkerHandle;
  job: Job | null;
  onAbort: (() => void) | null;
  /** The time limit and memory watch of the running job. */
  timers: NodeJS.Timeout[];
  /** The end of the process's output, to tell a heap-limit abort from other crashes. */
  output: string;
}

export interface ExtractLimits {
  /** Wall-clock seconds one file may take. */
  timeS: number;
  /** Resident memory (MB) one extraction process may use; also sets its V8 heap limit. */
  memoryMb: number;
  /** Pages a PDF may have. */
  pages: number;
}

export const DEFAULT_LIMITS: ExtractLimits = { timeS: 120, memoryMb: 1536, pages: 2000 };

export interface PoolOptions {
  /** Processes at most; default min(2, cores): more only adds memory on the laptops we target. */
  size?: number;
  /** End all processes after this long with nothing to do. */
  idleMs?: number;
  limits?: Partial<ExtractLimits>;
  spawn: () => WorkerHandle;
}

const MEMORY_POLL_MS = 100;
const cancelled = () => new AppError('cancelled', 'Extraction was cancelled.');

export class ExtractPool {
  readonly size: number;
  readonly idleMs: number;
  readonly limits: ExtractLimits;
  /** Processes started over the pool's life (reuse and replacement are visible in tests). */
  spawned = 0;
  private readonly spawn: () => WorkerHandle;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private idleTimer: NodeJS.Timeout | null = null;
  private nextId = 1;

  constructor(opts: PoolOptions) {
    this.size = Math.max(1, Math.floor(opts.size ?? Math.min(2, availableParallelism())));
    this.idleMs = opts.idleMs ?? 10_000;
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.spawn = opts.spawn;
  }

  /** Live processes (busy or idle). */
  get workers(): number {
    return this.slots.size;
  }

  run(bytes: Uint8Array, opts: ExtractOptions = {}): Promise<PdfExtraction> {
    if (opts.signal?.aborted) return Promise.reject(cancelled());
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, opts, resolve, reject });
      this.pump();
    });
  }

  /** Ends every process now; queued and running jobs fail as cancelled. */
  async close(): Promise<void> {
    this.clearIdle();
    for (const job of this.queue.splice(0)) job.reject(cancelled());
    await Promise.all([...this.slots].map((s) => this.retire(s, cancelled())));
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = [...this.slots].find((s) => !s.job);
      if (!slot && this.slots.size < this.size) slot = this.start();
      if (!slot) return;
      const job = this.queue.shift()!;
      // Aborted while waiting for a process: never started, so nothing to end.
      if (job.opts.signal?.aborted) job.reject(cancelled());
      else this.assign(slot, job);
    }
    if ([...this.slots].every((s) => !s.job)) this.armIdle();
  }

  private start(): Slot {
    const worker = this.spawn();
    this.spawned++;
    const slot: Slot = { worker, job: null, onAbort: null, timers: [], output: '' };
    this.slots.add(slot);
    worker.setRef?.(false);
    worker.onMessage((m) => this.onMessage(slot, m as WorkerMessage));
    worker.onOutput((text) => (slot.output = (slot.output + text).slice(-2000)));
    worker.onExit(({ code, signal }) => void this.retire(slot, this.exitError(slot, code, signal)));
    return slot;
  }

  private exitError(slot: Slot, code: number | null, signal: string | null): AppError {
    if (/heap out of memory|Reached heap limit|Allocation failed/i.test(slot.output)) {
      return new AppError(
        'out_of_memory',
        `The PDF needed more than ${this.limits.memoryMb} MB of memory to extract and was stopped.`,
      );
    }
    return new AppError('internal', `The PDF extractor stopped unexpectedly (${signal ?? `exit ${code}`}).`);
  }

  private assign(slot: Slot, job: Job): void {
    this.clearIdle();
    slot.job = job;
    slot.worker.setRef?.(true); // a running job keeps the process alive; an idle worker does not
    if (job.opts.signal) {
      // pdf.js cannot be interrupted mid-page, so aborting ends the process (it is replaced).
      slot.onAbort = () => void this.retire(slot, cancelled());
      job.opts.signal.addEventListener('abort', slot.onAbort, { once: true });
    }
    this.watch(slot);
    slot.worker.send({
      type: 'job',
      id: job.id,
      bytes: job.bytes,
      maxPages: job.opts.maxPages,
      pageLimit: this.limits.pages,
    });
  }

  /** The per-file limits: past the time or the resident memory, the process is killed. */
  private watch(slot: Slot): void {
    const { timeS, memoryMb } = this.limits;
    const stop = (err: AppError) => void this.retire(slot, err);
    slot.timers.push(
      setTimeout(
        () =>
          stop(new AppError('bad_file', `The PDF took longer than ${timeS} s to extract and was stopped.`)),
        timeS * 1000,
      ),
    );
    const pid = slot.worker.pid;
    if (pid !== undefined && residentMb(pid) !== null) {
      slot.timers.push(
        setInterval(() => {
          const mb = residentMb(pid);
          if (mb !== null && mb > memoryMb) {
            stop(
              new AppError(
                'out_of_memory',
                `The PDF needed more than ${memoryMb} MB of memory to extract and was stopped (a decompression bomb?).`,
              ),
            );
          }
        }, MEMORY_POLL_MS),
      );
    }
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    const job = slot.job;
    if (!job || m?.id !== job.id) return;
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

  /** Detaches the finished job from its slot; the process stays for the next one. */
  private release(slot: Slot): void {
    if (slot.onAbort) slot.job?.opts.signal?.removeEventListener('abort', slot.onAbort);
    for (const t of slot.timers.splice(0)) clearTimeout(t);
    slot.onAbort = null;
    slot.job = null;
    slot.worker.setRef?.(false);
  }

  /** Ends a process for good, failing its job (if any) with `err`. Idempotent. */
  private async retire(slot: Slot, err: AppError): Promise<void> {
    if (!this.slots.delete(slot)) return;
    const job = slot.job;
    this.release(slot);
    job?.reject(err);
    slot.worker.kill('SIGKILL');
    this.pump();
  }

  private armIdle(): void {
    if (this.idleTimer || !this.slots.size) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      for (const s of [...this.slots]) if (!s.job) void this.retire(s, cancelled());
    }, this.idleMs);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}
