import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { z } from 'zod';
import {
  ExportRequest,
  type ExportProgress,
  type ExportRequestInput,
  type ExportResult,
} from '../../shared/contract/dataset';
import { AppError } from '../../shared/errors';
import type { Db } from '../store/open';
import { recordExport, roundsUpTo, type ExportItem } from '../store/repos/exports';
import { APP_VERSION } from '../version';
import { startThread, workerEntry } from '../workers';
import type { FaultyExportWorker } from './faults';
import { removePartials } from './finish';
import { releaseExportLock } from './out-dir';
import type { ExportWorkerData, WorkerReply } from './worker-protocol';
import type { ExportJob } from './job-types';
import { targetRow } from './target';
import { handKey } from '../engine/openai/export-target';
import type { KeyStore } from '../engine/openai/keys';

/** Plenty for the largest paper seen (a few MB of text) plus per-record bookkeeping. */
const WORKER_HEAP_MB = 128;

export interface RunExportContext {
  db: Db;
  dataDir: string;
  schemaVersion: number;
  /** The host's store of served models' API keys (Services.keys); none: a served target gets no key. */
  keys?: KeyStore;
}

export interface RunExportOptions {
  dryRun?: boolean;
  onProgress?: (p: ExportProgress) => void;
  /** Aborting terminates the worker and removes its partial files. */
  signal?: AbortSignal;
  /** Tests only: run a worker entry that injects faults (see faults.ts); the app never does. */
  faults?: FaultyExportWorker;
}

export interface RunExportResult extends ExportResult {
  /** Peak resident set of the process while the worker ran (KiB), for the benchmark. */
  maxRssKb: number;
}

/**
 * Runs one export in a worker thread and, once its manifest is on disk, records it (and
 * every review it contains) in the library so later exports can ask for "since round N".
 */
export async function runExport(
  ctx: RunExportContext,
  input: ExportRequestInput,
  opts: RunExportOptions = {},
): Promise<RunExportResult> {
  const job = makeJob(ctx, input, opts.dryRun ?? false);
  const data: ExportWorkerData = {
    job,
    servedKey: handKey(targetRow(ctx.db, job.request.forModel), ctx.keys ?? null),
    ...(opts.faults ? { faults: opts.faults.faults } : {}),
  };
  const worker = startThread(opts.faults?.entry ?? workerEntry('export-worker'), {
    workerData: data,
    // The worker holds one row and one paper at a time; a modest old-generation cap makes V8
    // collect instead of growing the heap lazily, which keeps the process's RSS flat.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 16 },
  });
  return await watchWorker(worker, ctx, job, opts);
}

/** The request validated (a dry run writes nothing, so it needs no folder) as plain data. */
function makeJob(ctx: RunExportContext, input: ExportRequestInput, dryRun: boolean): ExportJob {
  const request = (dryRun ? ExportRequest.extend({ outDir: z.string() }) : ExportRequest).parse(input);
  if (!dryRun) request.outDir = resolve(request.outDir);
  return {
    dataDir: ctx.dataDir,
    exportId: randomUUID(),
    createdAt: new Date().toISOString(),
    request,
    priorRounds: request.filters.sinceRound ? roundsUpTo(ctx.db, request.filters.sinceRound) : null,
    dryRun,
    appVersion: APP_VERSION,
    schemaVersion: ctx.schemaVersion,
  };
}

/** Records a finished (not dry) export and the reviews it holds. */
function record(ctx: RunExportContext, job: ExportJob, result: ExportResult, items: ExportItem[]): void {
  if (job.dryRun) return;
  const r = job.request;
  recordExport(
    ctx.db,
    {
      id: job.exportId,
      round: r.round ?? null,
      format: r.format,
      filters: r.filters,
      outDir: r.outDir,
      counts: result.counts,
      manifestSha256: result.manifestSha256,
      createdAt: job.createdAt,
    },
    items,
  );
}

/** Follows the worker to its end: progress, items, then the recorded result or one error. */
function watchWorker(
  worker: Worker,
  ctx: RunExportContext,
  job: ExportJob,
  opts: RunExportOptions,
): Promise<RunExportResult> {
  const { request, dryRun } = job;
  const requestId = request.requestId ?? job.exportId;
  const progress = (phase: ExportProgress['phase'], done: number, total: number) =>
    opts.onProgress?.({ requestId, phase, done, total });
  const items: ExportItem[] = [];
  let last = { done: 0, total: 0 };

  return new Promise<RunExportResult>((resolvePromise, reject) => {
    let settled = false;
    const fail = (e: AppError) => {
      if (settled) return;
      settled = true;
      progress('failed', last.done, last.total);
      reject(e);
    };
    const finish = (result: ExportResult, maxRssKb: number) => {
      try {
        record(ctx, job, result, items);
        settled = true;
        progress('done', last.total, last.total);
        resolvePromise({ ...result, maxRssKb });
      } catch (e) {
        fail(e instanceof AppError ? e : new AppError('io_error', (e as Error).message));
      }
    };
    const onAbort = () => {
      void worker.terminate().then(() => {
        if (!dryRun) {
          removePartials(request.outDir);
          releaseExportLock(request.outDir, job.exportId);
        }
        fail(new AppError('cancelled', 'The export was cancelled; its partial files were removed.'));
      });
    };
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (m: WorkerReply) => {
      if (settled) return;
      if (m.type === 'progress') {
        last = { done: m.done, total: m.total };
        progress(m.phase, m.done, m.total);
      } else if (m.type === 'items') items.push(...m.items);
      else if (m.type === 'error') fail(new AppError(m.error.code, m.error.message));
      else finish(m.result, m.maxRssKb);
    });
    worker.on('error', (e) => {
      const oom = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      fail(new AppError(oom ? 'out_of_memory' : 'internal', `The export worker failed: ${e.message}`));
    });
    worker.on('exit', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (settled || opts.signal?.aborted) return;
      // The worker (a thread of this process) is gone: its lock would read as a live export.
      if (!dryRun) releaseExportLock(request.outDir, job.exportId);
      fail(
        new AppError(
          'internal',
          `The export worker stopped (exit code ${code}) before finishing; ${request.outDir} holds only .partial files and no manifest.`,
        ),
      );
    });
  });
}
