import os from 'node:os';
import { forkWorker, workerEntry, type ForkWorkerOptions } from '../workers';

/** One running engine worker process, whatever started it. */
export interface WorkerHandle {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process is gone (exit, crash, kill). */
  onExit(listener: (info: { code: number | null; signal: string | null }) => void): void;
  /** Lines the worker wrote to stderr/stdout (llama.cpp logs), for diagnostics. */
  onOutput(listener: (text: string) => void): void;
  kill(signal?: NodeJS.Signals): void;
  /**
   * Whether the process keeps the parent's event loop alive (default: it does). A pool of
   * idle workers unrefs them so a finished CLI can exit. Optional: not every host has it.
   */
  setRef?(keepAlive: boolean): void;
}

/**
 * Starts engine workers. Plain Node uses child_process.fork; the Electron shell plugs in
 * a utilityProcess-based spawner with the bundled worker entry.
 */
export interface WorkerSpawner {
  spawn(): WorkerHandle;
}

/**
 * The engine worker's environment. node-llama-cpp runs every decode and every sequence's
 * sampling as a libuv thread-pool task; the pool has 4 threads unless UV_THREADPOOL_SIZE
 * says otherwise (read once, when the process first uses the pool), so with more than 4
 * parallel drafts the samplings of one step queued behind each other between GPU steps.
 * One thread per core (at least 4, at most 64; a value the user set is kept).
 */
export function workerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.UV_THREADPOOL_SIZE) return env;
  return { ...env, UV_THREADPOOL_SIZE: String(Math.min(64, Math.max(4, os.availableParallelism()))) };
}

/**
 * Forks workers (the engine's by default; the PDF extractor passes its entry and flags)
 * through the one worker bootstrap (core/workers.ts).
 */
export function forkSpawner(
  entry: string = workerEntry('engine-worker'),
  opts: Omit<ForkWorkerOptions, 'env'> = {},
): WorkerSpawner {
  return {
    spawn() {
      const child = forkWorker(entry, { ...opts, env: workerEnv() });
      const outputListeners: Array<(text: string) => void> = [];
      for (const stream of [child.stdout, child.stderr]) {
        stream?.setEncoding('utf8');
        stream?.on('data', (chunk: string) => outputListeners.forEach((fn) => fn(chunk)));
      }
      return {
        get pid() {
          return child.pid;
        },
        send(message) {
          if (child.connected) child.send(message as object);
        },
        onMessage(listener) {
          child.on('message', listener);
        },
        onExit(listener) {
          child.once('exit', (code, signal) => listener({ code, signal }));
        },
        onOutput(listener) {
          outputListeners.push(listener);
        },
        kill(signal = 'SIGTERM') {
          child.kill(signal);
        },
        setRef(keepAlive) {
          const handles = [child, child.channel, child.stdout, child.stderr] as Array<
            { ref?(): void; unref?(): void } | null | undefined
          >;
          for (const h of handles) (keepAlive ? h?.ref : h?.unref)?.call(h);
        },
      };
    },
  };
}
