// The export job, in a file of its own so that write-export.ts and finish.ts both read it
// without importing each other (scripts/check-cycles.mjs keeps src/ free of import cycles).
import type { ExportRequest } from '../../shared/contract/dataset';

/** Everything the worker needs, as plain data (it crosses a thread boundary). */
export interface ExportJob {
  dataDir: string;
  exportId: string;
  createdAt: string;
  request: ExportRequest;
  /** Resolved from filters.sinceRound by the caller; null: no round filter. */
  priorRounds: string[] | null;
  dryRun: boolean;
  appVersion: string;
  schemaVersion: number;
}
