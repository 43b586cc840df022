/**
 * The engine worker process's entry file. Runs under child_process.fork (plain Node, the
 * CLI and tests) or as an Electron utilityProcess (process.parentPort). Kept in its own
 * file so a bundler can emit it as a separate entry; see core/workers.ts.
 */
import type { WorkerMessage } from './protocol';
import { runWorker, type WorkerPort } from './worker/main';
import { faultsFromEnv } from './worker/faults';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

const port: WorkerPort = parentPort
  ? {
      send: (m: WorkerMessage) => parentPort.postMessage(m),
      onMessage: (fn) => parentPort.on('message', (e) => fn(e.data)),
    }
  : {
      send: (m: WorkerMessage) => {
        if (process.connected) process.send?.(m);
      },
      onMessage: (fn) => process.on('message', fn),
    };

// Without a parent there is nobody to serve: exit instead of lingering as an orphan.
if (!parentPort) process.on('disconnect', () => process.exit(0));

runWorker(port, faultsFromEnv(process.env));
