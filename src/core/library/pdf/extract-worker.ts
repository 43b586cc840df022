/**
 * Extraction process entry: runs extractPdf in a CHILD PROCESS of the app (child_process.fork
 * in plain Node, the CLI and tests; an Electron utilityProcess in the shell), so a hostile PDF
 * that exhausts memory or hangs the PDF reader costs that process, never the app. The parent
 * (worker-pool.ts) starts it with a V8 heap limit and enforces the time and resident-memory
 * limits by killing it. Long-lived: one job at a time, PDFium loaded once per process.
 * Protocol:
 *   in:  { type: 'job', id, bytes: Uint8Array, maxPages?: number, pageLimit?: number }
 *   out: { type: 'progress', id, page, total } | { type: 'done', id, result }
 *        | { type: 'error', id, error: { code, message } }
 */
import { toApiError } from '../../../shared/errors';
import { extractPdf } from './extract';

export interface WorkerJob {
  type: 'job';
  id: number;
  bytes: Uint8Array;
  maxPages?: number;
  pageLimit?: number;
}

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
const send = (m: unknown) => {
  if (parentPort) parentPort.postMessage(m);
  else if (process.connected) process.send?.(m as object);
};
const onMessage = (fn: (m: unknown) => void) => {
  if (parentPort) parentPort.on('message', (e) => fn(e.data));
  else process.on('message', fn);
};

function run(job: WorkerJob): void {
  const { id } = job;
  extractPdf(job.bytes, {
    maxPages: job.maxPages,
    pageLimit: job.pageLimit,
    onProgress: (page, total) => send({ type: 'progress', id, page, total }),
  }).then(
    (result) => send({ type: 'done', id, result }),
    // Errors cross as data: {code, message}, never a stack trace.
    (e: unknown) => send({ type: 'error', id, error: toApiError(e) }),
  );
}

if (parentPort || process.send) {
  onMessage((m) => {
    const job = m as WorkerJob | null;
    if (job?.type === 'job') run(job);
  });
  // Without a parent there is nobody to serve: exit instead of lingering as an orphan.
  if (!parentPort) process.on('disconnect', () => process.exit(0));
}
