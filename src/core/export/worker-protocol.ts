import type { ExportProgress, ExportResult } from '../../shared/contract/dataset';
import type { ApiError } from '../../shared/errors';
import type { ExportItem } from '../store/repos/exports';
import type { ExportJob } from './job-types';
import type { HandedKey } from '../engine/openai/export-target';

/** What a worker thread starts with: the job, a served target's key, and faults only when a test injects them. */
export interface ExportWorkerData {
  job: ExportJob;
  /** In memory only, never in the job (engine/openai/export-target.ts, handKey). */
  servedKey: HandedKey | null;
  faults?: unknown;
}

/** The phases the worker itself reports; 'done' and 'failed' are the caller's. */
export type WorkerPhase = Exclude<ExportProgress['phase'], 'done' | 'failed'>;

/** Messages from the export worker thread to the thread that started it. */
export type WorkerReply =
  | { type: 'progress'; done: number; total: number; phase: WorkerPhase }
  | { type: 'items'; items: ExportItem[] }
  | { type: 'done'; result: ExportResult; maxRssKb: number }
  | { type: 'error'; error: ApiError };
