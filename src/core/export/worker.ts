import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../../shared/errors';
import type { ExportJob } from './job-types';
import { writeExport } from './write-export';
import type { WorkerReply } from './worker-protocol';

/**
 * The export worker thread: runs writeExport on its own read-only connections and reports
 * progress, the exported items, and the result. Its peak RSS (process-wide: threads share
 * the process) is reported with the result for the benchmark.
 */
const port = parentPort;
if (!port) throw new Error('export worker must run in a worker thread');
const post = (m: WorkerReply) => port.postMessage(m);
const job = workerData as ExportJob;

writeExport(job, {
  progress: (done, total, phase) => post({ type: 'progress', done, total, phase }),
  items: (items) => post({ type: 'items', items }),
  // A simulated kill: leave at once, no cleanup, exactly what a crash leaves behind.
  crash: () => process.exit(70),
}).then(
  (result) => post({ type: 'done', result, maxRssKb: process.resourceUsage().maxRSS }),
  (e: unknown) => post({ type: 'error', error: toApiError(e) }),
);
