import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../../shared/errors';
import type { ExportFaults } from './faults';
import { writeExport } from './write-export';
import type { ExportWorkerData, WorkerReply } from './worker-protocol';

/**
 * The body of an export worker thread: runs writeExport on its own read-only connections
 * and reports progress, the exported items, and the result. Its peak RSS (process-wide:
 * threads share the process) is reported with the result for the benchmark. The app's
 * entry (worker.ts) passes no faults; a test's entry may.
 */
export function serveExportJob(faults?: ExportFaults): void {
  const port = parentPort;
  if (!port) throw new Error('export worker must run in a worker thread');
  const post = (m: WorkerReply) => port.postMessage(m);
  const { job, servedKey } = workerData as ExportWorkerData;
  writeExport(
    job,
    {
      progress: (done, total, phase) => post({ type: 'progress', done, total, phase }),
      items: (items) => post({ type: 'items', items }),
    },
    faults,
    servedKey,
  ).then(
    (result) => post({ type: 'done', result, maxRssKb: process.resourceUsage().maxRSS }),
    (e: unknown) => post({ type: 'error', error: toApiError(e) }),
  );
}
