import { randomUUID } from 'node:crypto';
import type { Db } from '../store/open';
import type { EventBus } from '../events';
import { AppError } from '../../shared/errors';
import {
  AUTO_MAX_SEQUENCES,
  BATCH_FAILURES_SHOWN,
  MAX_SEQUENCES,
  type BatchProgress,
  type DraftRequest,
} from '../../shared/contract/engine';
import { getPaper } from '../store/repos/papers';
import {
  cancelBatchJobs,
  claimNextJob,
  getJob,
  insertJobs,
  listBatchJobs,
  nextQueuedJob,
  setJobStatus,
  type DraftJob,
} from '../store/repos/draft-jobs';
import { ownerOf } from '../ownership/processes';
import { requeueOrphanJobsIn } from '../ownership/recovery';
import type { DraftHooks, DraftOptions, DraftOutcome } from './drafting';
import { ServerGoneError } from './openai/http';
import type { Parallelism } from './protocol';
import { readEngineSettings } from './settings';

/** Paper statuses a batch leaves alone: the annotator has finished with these papers. */
const SETTLED = new Set(['approved', 'skipped', 'rejected']);

/** What the queue needs of the engine. */
export interface BatchEngine {
  draft(request: DraftRequest, hooks: DraftHooks, options: DraftOptions): Promise<DraftOutcome>;
  /** Stops a generating draft by its request id. */
  stop(requestId: string): void;
  /** How many drafts of `request` fit side by side on this machine, at most `max` (the "auto" setting). */
  parallelism(request: DraftRequest, max: number): Promise<Parallelism>;
  /** Throws unless this process may draft (the library's writer role). */
  ensureWriter?(): void;
}

/**
 * Batch pre-drafting: a persistent queue (draft_jobs) worked one batch at a time, N papers
 * at once in N parallel sequences of one context (settings.sequences; 0 = as many as fit,
 * asked of the worker). Jobs a dead process left 'running' go back to 'queued' at start-up
 * (jobs of a live one are left to it), so a batch resumes where it stopped. ETA is the mean duration of the jobs finished in
 * this session times what is left, over N.
 */
export class BatchQueue {
  private running: Promise<void> | undefined;
  /** Jobs being drafted now, by job id, with their draft's request id once it generates. */
  private readonly current = new Map<string, { batchId: string; requestId?: string }>();
  private closed = false;
  private readonly durations = new Map<string, number[]>();
  /** N of each batch worked in this session, and why that many. */
  private readonly widths = new Map<string, Parallelism>();
  /** Papers of each batch started in this session that were not queued (already settled). */
  private readonly leftOut = new Map<string, number>();
  /** Batches waiting for their server to come back, with the error that paused them. */
  private readonly paused = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly engine: BatchEngine,
  ) {}

  /** Re-queues jobs whose process died and starts working the queue if anything is waiting. */
  resume(): number {
    this.engine.ensureWriter?.();
    const n = requeueOrphanJobsIn(this.db);
    if (nextQueuedJob(this.db)) this.kick();
    return n;
  }

  start(paperIds: string[], request: Omit<DraftRequest, 'paperId'>): BatchProgress {
    this.engine.ensureWriter?.();
    const batchId = randomUUID();
    const { modelId, ...options } = request;
    // A paper already approved, skipped or rejected is done: drafting it again would only
    // cost GPU time (and an annotator's second look). Left out, and counted as such.
    const open = paperIds.filter((id) => !SETTLED.has(getPaper(this.db, id)?.status ?? 'new'));
    const leftOut = paperIds.length - open.length;
    if (open.length === 0) {
      throw new AppError(
        'conflict',
        `Nothing to draft: all ${leftOut} papers in this view are already approved, skipped or rejected.`,
      );
    }
    insertJobs(
      this.db,
      batchId,
      open.map((paperId) => ({ id: randomUUID(), paperId, modelId, options })),
    );
    this.leftOut.set(batchId, leftOut);
    const progress = this.progress(batchId);
    this.events.emit('batchProgress', progress);
    this.kick();
    return progress;
  }

  cancel(batchId: string): BatchProgress {
    if (listBatchJobs(this.db, batchId).length === 0) throw new AppError('not_found', `No batch ${batchId}.`);
    cancelBatchJobs(this.db, batchId);
    this.paused.delete(batchId);
    // Drafts still preparing have no request id yet: they stop themselves when they start.
    for (const job of this.current.values())
      if (job.batchId === batchId && job.requestId) this.engine.stop(job.requestId);
    const progress = this.progress(batchId);
    this.events.emit('batchProgress', progress);
    return progress;
  }

  /** Works a paused batch again: its queued papers (those the server's going interrupted too). */
  resumeBatch(batchId: string): BatchProgress {
    this.engine.ensureWriter?.();
    if (listBatchJobs(this.db, batchId).length === 0) throw new AppError('not_found', `No batch ${batchId}.`);
    this.paused.delete(batchId);
    const progress = this.progress(batchId);
    this.events.emit('batchProgress', progress);
    this.kick();
    return progress;
  }

  progress(batchId: string): BatchProgress {
    const jobs = listBatchJobs(this.db, batchId);
    if (jobs.length === 0) throw new AppError('not_found', `No batch ${batchId}.`);
    const count = (s: string) => jobs.filter((j) => j.status === s).length;
    const left = count('queued') + count('running');
    const times = this.durations.get(batchId) ?? [];
    const mean = times.length ? times.reduce((a, b) => a + b, 0) / times.length : null;
    const width = this.widths.get(batchId);
    return {
      batchId,
      total: jobs.length,
      queued: count('queued'),
      running: count('running'),
      done: count('done'),
      failed: count('failed'),
      cancelled: count('cancelled'),
      currentPaperId: jobs.find((j) => j.status === 'running')?.paperId ?? null,
      // Nothing left, nothing to estimate: a finished batch shows no ETA.
      etaMs:
        mean === null || left === 0 || this.paused.has(batchId)
          ? null
          : Math.round((mean * left) / (width?.sequences ?? 1)),
      ...(this.leftOut.get(batchId) ? { leftOut: this.leftOut.get(batchId) } : {}),
      ...(this.paused.has(batchId) ? { paused: this.paused.get(batchId) } : {}),
      ...(width === undefined ? {} : { parallel: width.sequences, parallelReason: width.reason }),
      failures: jobs
        .filter((j) => j.status === 'failed')
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .slice(0, BATCH_FAILURES_SHOWN)
        .map((j) => ({
          paperId: j.paperId,
          title: getPaper(this.db, j.paperId)?.title ?? null,
          error: j.error ?? 'Failed.',
        })),
    };
  }

  /** Resolves when the queue is empty (or the queue was closed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops every running draft; their jobs stay queued for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.current.values()) if (job.requestId) this.engine.stop(job.requestId);
    await this.running?.catch(() => undefined);
  }

  private kick(): void {
    if (this.running || this.closed) return;
    this.running = this.work().finally(() => {
      this.running = undefined;
    });
  }

  /** Oldest batch first; each with its own N, so its drafts all share one context. */
  private async work(): Promise<void> {
    for (let job = nextQueuedJob(this.db); job && !this.closed; job = nextQueuedJob(this.db)) {
      const { batchId } = job;
      // Oldest first: a paused batch holds the queue until it is resumed (or cancelled).
      if (this.paused.has(batchId)) return;
      const width = await this.width(job);
      this.widths.set(batchId, width);
      const n = width.sequences;
      await Promise.all(Array.from({ length: n }, () => this.slot(batchId, n)));
    }
  }

  /**
   * N for a batch and why: the setting, or (0, auto) what the worker says fits, at most the
   * jobs queued. Should the worker fail to answer (a model file gone), one at a time: each
   * draft then fails with its own clear error.
   */
  private async width(first: DraftJob): Promise<Parallelism> {
    const queued = listBatchJobs(this.db, first.batchId).filter((j) => j.status === 'queued').length;
    const max = Math.max(1, Math.min(MAX_SEQUENCES, queued));
    const setting = readEngineSettings(this.db).sequences;
    if (setting > 0) {
      const sequences = Math.min(setting, max);
      const capped = sequences < setting ? `; ${queued} papers are queued` : '';
      return { sequences, reason: `The engine settings ask for ${setting} at a time${capped}.` };
    }
    const answer = await this.engine
      .parallelism(requestOf(first), Math.min(max, AUTO_MAX_SEQUENCES))
      .catch((e: unknown) => ({
        sequences: 1,
        reason: `The engine could not say how many fit (${(e as Error).message}): one paper at a time.`,
      }));
    return { sequences: Math.min(answer.sequences, max), reason: answer.reason };
  }

  /** One of the N drafts at a time of the batch: takes the next queued job until none is left. */
  private async slot(batchId: string, n: number): Promise<void> {
    for (let job = this.claim(batchId); job; job = this.claim(batchId)) await this.run(job, n);
  }

  /** The next queued job, claimed atomically so no other slot or process takes it too. */
  private claim(batchId: string): DraftJob | null {
    if (this.closed || this.paused.has(batchId)) return null;
    const job = claimNextJob(this.db, batchId, ownerOf(this.db));
    if (!job) return null;
    this.events.emit('batchProgress', this.progress(batchId));
    return job;
  }

  private async run(job: DraftJob, sequences: number): Promise<void> {
    const started = Date.now();
    const entry: { batchId: string; requestId?: string } = { batchId: job.batchId };
    this.current.set(job.id, entry);
    try {
      const out = await this.engine.draft(
        requestOf(job),
        {
          onStart: ({ requestId }) => {
            entry.requestId = requestId;
            // Cancelled or shut down while it was preparing: stop before it generates.
            if (this.closed || getJob(this.db, job.id)?.status !== 'running') this.engine.stop(requestId);
          },
        },
        { sequences },
      );
      // A cancel has already set the job's status; a shutdown leaves it for the next start.
      if (getJob(this.db, job.id)?.status === 'running') {
        if (this.closed) setJobStatus(this.db, job.id, 'queued', { draftId: out.draftId });
        else {
          setJobStatus(this.db, job.id, 'done', { draftId: out.draftId });
          // Only whole drafts count towards the ETA, not ones stopped early.
          const list = this.durations.get(job.batchId) ?? [];
          list.push(Date.now() - started);
          this.durations.set(job.batchId, list);
        }
      }
    } catch (e) {
      // The server went away: the paper waits, queued, with the batch paused, rather than
      // every paper left failing one after another against a server that is not there.
      const gone = e instanceof ServerGoneError;
      if (gone && !this.closed) this.paused.set(job.batchId, e.message);
      if (getJob(this.db, job.id)?.status === 'running') {
        const status = this.closed || gone ? 'queued' : 'failed';
        setJobStatus(this.db, job.id, status, { error: (e as Error).message });
      }
    }
    this.current.delete(job.id);
    this.events.emit('batchProgress', this.progress(job.batchId));
  }
}

function requestOf(job: DraftJob): DraftRequest {
  return { ...(job.options as Partial<DraftRequest>), paperId: job.paperId, modelId: job.modelId };
}
