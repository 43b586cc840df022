import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import type { FaultyExportWorker } from './faults';
import { serveExportJob } from './serve-job';
import type { ExportWorkerData } from './worker-protocol';

/**
 * Test support (never bundled): an export worker entry that dies abruptly once it has
 * written `killAfterRecords` records (exit code 70, no cleanup), exactly what a kill
 * leaves behind. Used through runExport's `faults` option: `{ faults: killAfterRecords(5) }`.
 */
export function killAfterRecords(n: number): FaultyExportWorker {
  return { entry: fileURLToPath(import.meta.url), faults: { killAfterRecords: n } };
}

const data = workerData as ExportWorkerData | null;
if (data?.faults) {
  const limit = (data.faults as { killAfterRecords: number }).killAfterRecords;
  serveExportJob({
    afterRecord: (written) => {
      if (written >= limit) process.exit(70);
    },
  });
}
