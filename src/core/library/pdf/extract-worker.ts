/**
 * Worker-thread entry: runs extractPdf off the calling thread (the Electron main process must
 * never block on pdf.js). Protocol, one request per worker:
 *   in  (workerData): { bytes: Uint8Array, maxPages?: number }
 *   out (postMessage): { type: 'progress', page, total } | { type: 'done', result }
 *                      | { type: 'error', error: { code, message } }
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../../../shared/errors';
import { extractPdf } from './extract';

export interface WorkerInput {
  bytes: Uint8Array;
  maxPages?: number;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return; // imported, not started as a worker
  const input = workerData as WorkerInput;
  try {
    const result = await extractPdf(input.bytes, {
      maxPages: input.maxPages,
      onProgress: (page, total) => port.postMessage({ type: 'progress', page, total }),
    });
    port.postMessage({ type: 'done', result });
  } catch (e) {
    // Errors cross as data: {code, message}, never a stack trace.
    port.postMessage({ type: 'error', error: toApiError(e) });
  }
}

void main();
