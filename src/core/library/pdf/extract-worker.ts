/**
 * Worker-thread entry: runs extractPdf off the calling thread (the Electron main process must
 * never block on pdf.js). Long-lived: a pool (worker-pool.ts) sends one job at a time, so
 * pdf.js and its fonts' code are loaded once per worker, not once per file. Protocol:
 *   in:  { type: 'job', id, bytes: Uint8Array, maxPages?: number }
 *   out: { type: 'progress', id, page, total } | { type: 'done', id, result }
 *        | { type: 'error', id, error: { code, message } }
 */
import { parentPort } from 'node:worker_threads';
import { toApiError } from '../../../shared/errors';
import { extractPdf } from './extract';
import { syncInflate } from './runtime';

export interface WorkerJob {
  type: 'job';
  id: number;
  bytes: Uint8Array;
  maxPages?: number;
}

const port = parentPort;
if (port) {
  // This thread only extracts, so the thread-wide inflater switch is safe here.
  syncInflate();
  port.on('message', (job: WorkerJob) => {
    if (job?.type !== 'job') return;
    const { id } = job;
    extractPdf(job.bytes, {
      maxPages: job.maxPages,
      onProgress: (page, total) => port.postMessage({ type: 'progress', id, page, total }),
    }).then(
      (result) => port.postMessage({ type: 'done', id, result }),
      // Errors cross as data: {code, message}, never a stack trace.
      (e: unknown) => port.postMessage({ type: 'error', id, error: toApiError(e) }),
    );
  });
}
