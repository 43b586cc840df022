import { workerEnv, type WorkerHandle, type WorkerSpawner } from './spawner';

/**
 * The slice of Electron's `utilityProcess` the engine needs, typed structurally so core
 * never imports Electron. The shell passes `utilityProcess` and the bundled worker entry:
 *   createServices({ ..., engineSpawner: utilityProcessSpawner(utilityProcess, workerEntryPath) })
 * The worker side already speaks process.parentPort (see worker-entry.ts).
 */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface UtilityProcessModuleLike {
  fork(
    modulePath: string,
    args?: string[],
    options?: { stdio?: 'pipe'; serviceName?: string; env?: NodeJS.ProcessEnv; execArgv?: string[] },
  ): UtilityProcessLike;
}

export function utilityProcessSpawner(
  utilityProcess: UtilityProcessModuleLike,
  entry: string,
  opts: { serviceName?: string; execArgv?: string[] } = {},
): WorkerSpawner {
  return {
    spawn(): WorkerHandle {
      const child = utilityProcess.fork(entry, [], {
        stdio: 'pipe',
        serviceName: opts.serviceName ?? 'Paper Review Studio engine',
        ...(opts.execArgv ? { execArgv: opts.execArgv } : {}),
        env: workerEnv(),
      });
      const output: Array<(text: string) => void> = [];
      for (const stream of [child.stdout, child.stderr]) {
        stream?.on('data', (chunk: Buffer | string) => output.forEach((fn) => fn(String(chunk))));
      }
      let exited = false;
      return {
        get pid() {
          return child.pid;
        },
        send: (m) => {
          if (!exited) child.postMessage(m);
        },
        onMessage: (fn) => void child.on('message', fn),
        // utilityProcess reports only an exit code; a native crash or OOM kill shows as non-zero.
        onExit: (fn) =>
          void child.on('exit', (code) => {
            exited = true;
            fn({ code, signal: null });
          }),
        onOutput: (fn) => void output.push(fn),
        kill: () => void child.kill(),
      };
    },
  };
}
