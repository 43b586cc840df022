import type { ExportResult } from '../../shared/contract/dataset';
import type { ApiError } from '../../shared/errors';
import type { ExportItem } from '../store/repos/exports';

/** Messages from the export worker thread to the thread that started it. */
export type WorkerReply =
  | { type: 'progress'; done: number; total: number; phase: 'counting' | 'writing' | 'finishing' }
  | { type: 'items'; items: ExportItem[] }
  | { type: 'done'; result: ExportResult; maxRssKb: number }
  | { type: 'error'; error: ApiError };
