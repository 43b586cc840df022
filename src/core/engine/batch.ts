import { randomUUID } from 'node:crypto';
import type { Db } from '../store/open';
import type { EventBus } from '../events';
import { AppError } from '../../shared/errors';
import type { BatchProgress, DraftRequest } from '../../shared/contract/engine';
import {
  cancelBatchJobs,
  getJob,
  insertJobs,
  listBatchJobs,
  nextQueuedJob,
  requeueRunningJobs,
  setJobStatus,
} from '../store/repos/draft-jobs';
import type { DraftHooks, DraftOutcome } from './drafting';

type DraftFn = (request: DraftRequest, hooks: DraftHooks) => Promise<DraftOutcome>;

/**
 * Batch pre-drafting: a persistent queue (draft_jobs) worked one paper at a time. Jobs a
 * dead process left 'running' go back to 'queued' at start-up, so a batch resumes where it
 * stopped. ETA is the mean duration of the jobs finished in this session times what is left.
 */
export class BatchQueue {
  private running: Promise<void> | undefined;
  private current: { jobId: string; batchId: string; requestId?: string } | undefined;
  private closed = false;
  private readonly durations = new Map<string, number[]>();

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly draft: DraftFn,
    private readonly stop: (requestId: string) => void,
  ) {}

  /** Re-queues interrupted jobs and starts working the queue if anything is waiting. */
  resume(): number {
    const n = requeueRunningJobs(this.db);
    if (nextQueuedJob(this.db)) this.kick();
    return n;
  }

  start(paperIds: string[], request: Omit<DraftRequest, 'paperId'>): BatchProgress {
    const batchId = randomUUID();
    const { modelId, ...options } = request;
    insertJobs(
      this.db,
      batchId,
      paperIds.map((paperId) => ({ id: randomUUID(), paperId, modelId, options })),
    );
    const progress = this.progress(batchId);
    this.events.emit('batchProgress', progress);
    this.kick();
    return progress;
  }

  cancel(batchId: string): BatchProgress {
    if (listBatchJobs(this.db, batchId).length === 0) throw new AppError('not_found', `No batch ${batchId}.`);
    cancelBatchJobs(this.db, batchId);
    if (this.current?.batchId === batchId && this.current.requestId) this.stop(this.current.requestId);
    const progress = this.progress(batchId);
    this.events.emit('batchProgress', progress);
    return progress;
  }

  progress(batchId: string): BatchProgress {
    const jobs = listBatchJobs(this.db, batchId);
    if (jobs.length === 0) throw new AppError('not_found', `No batch ${batchId}.`);
    const count = (s: string) => jobs.filter((j) => j.status === s).length;
    const left = count('queued') + count('running');
    const times = this.durations.get(batchId) ?? [];
    const mean = times.length ? times.reduce((a, b) => a + b, 0) / times.length : null;
    return {
      batchId,
      total: jobs.length,
      queued: count('queued'),
      running: count('running'),
      done: count('done'),
      failed: count('failed'),
      cancelled: count('cancelled'),
      currentPaperId: jobs.find((j) => j.status === 'running')?.paperId ?? null,
      etaMs: mean === null ? null : Math.round(mean * left),
    };
  }

  /** Resolves when the queue is empty (or the queue was closed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.current?.requestId) this.stop(this.current.requestId);
    await this.running?.catch(() => undefined);
  }

  private kick(): void {
    if (this.running || this.closed) return;
    this.running = this.work().finally(() => {
      this.running = undefined;
    });
  }

  private async work(): Promise<void> {
    for (let job = nextQueuedJob(this.db); job && !this.closed; job = nextQueuedJob(this.db)) {
      setJobStatus(this.db, job.id, 'running');
      this.current = { jobId: job.id, batchId: job.batchId };
      this.events.emit('batchProgress', this.progress(job.batchId));
      const started = Date.now();
      try {
        const out = await this.draft({ ...(job.options as Partial<DraftRequest>), paperId: job.paperId, modelId: job.modelId }, {
          onStart: ({ requestId }) => {
            if (this.current) this.current.requestId = requestId;
          },
        });
        // A cancel or shutdown that stopped this draft has already set the job's status.
        if (getJob(this.db, job.id)?.status === 'running') {
          if (this.closed) setJobStatus(this.db, job.id, 'queued', { draftId: out.draftId });
          else setJobStatus(this.db, job.id, 'done', { draftId: out.draftId });
        }
        const list = this.durations.get(job.batchId) ?? [];
        list.push(Date.now() - started);
        this.durations.set(job.batchId, list);
      } catch (e) {
        if (getJob(this.db, job.id)?.status === 'running') {
          setJobStatus(this.db, job.id, this.closed ? 'queued' : 'failed', { error: (e as Error).message });
        }
      }
      this.current = undefined;
      this.events.emit('batchProgress', this.progress(job.batchId));
    }
  }
}
