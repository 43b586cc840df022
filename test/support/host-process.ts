import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './temp';

export interface HostProcess {
  url: string;
  origin: string;
  child: ChildProcess;
  /** Graceful stop (SIGTERM) or a crash (SIGKILL); resolves when the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** The arguments of `npm run serve` (without rebuilding) on a data dir, on a free port. */
export function hostArgv(dataDir: string): string[] {
  return [
    '--import',
    'tsx',
    join(REPO_ROOT, 'src/host/main.ts'),
    '--port',
    '0',
    '--data-dir',
    dataDir,
    '--no-build',
  ];
}

/** Starts `npm run serve` as a user would (without rebuilding) and waits for its URL line. */
export async function startHostProcess(
  dataDir: string,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<HostProcess> {
  const child = spawn(process.execPath, hostArgv(dataDir), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Paper Review Studio: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}: ${stderr}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    origin: new URL(url).origin,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
