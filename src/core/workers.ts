import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * The one worker bootstrap: where each worker's entry file is, and how to start it — a
 * child process (engine, PDF extractor) or a thread (exporter). From source (tsx, vitest)
 * the entry is the .ts file and tsx is loaded into the child or thread; built
 * (electron-vite emits each worker as its own entry beside out/main/index.js) it is the
 * .js file there. The Electron shell starts the processes as utilityProcesses itself
 * (src/main/workers.ts) but asks this module for the entries.
 */
export type WorkerName = 'engine-worker' | 'extract-worker' | 'export-worker';

/** Source entries, relative to this folder (src/core). */
const SOURCE: Record<WorkerName, string> = {
  'engine-worker': 'engine/worker-entry.ts',
  'extract-worker': 'library/pdf/extract-worker.ts',
  'export-worker': 'export/worker.ts',
};

const overrides = new Map<WorkerName, string>();

/** Runs one worker from another file (a benchmark's own bundle); undefined: the default again. */
export function setWorkerEntry(name: WorkerName, path: string | undefined): void {
  if (path === undefined) overrides.delete(name);
  else overrides.set(name, path);
}

/** Runs every worker from a build folder (out/main); undefined: the defaults again. */
export function useBuiltWorkers(dir: string | undefined): void {
  for (const name of Object.keys(SOURCE) as WorkerName[])
    setWorkerEntry(name, dir === undefined ? undefined : join(dir, `${name}.js`));
}

/**
 * The entry file of a worker: an override if set, else the built .js beside this module
 * (bundled, this module is part of out/main/index.js), else the .ts source.
 */
export function workerEntry(name: WorkerName): string {
  const set = overrides.get(name);
  if (set) return set;
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, `${name}.js`);
  return existsSync(built) ? built : join(here, SOURCE[name]);
}

export interface ForkWorkerOptions {
  /** Node flags added before the TypeScript loader, e.g. `--max-old-space-size=1024`. */
  execArgv?: string[];
  /** 'advanced' (structured clone) carries Uint8Arrays; the default 'json' does not. */
  serialization?: 'json' | 'advanced';
  env?: NodeJS.ProcessEnv;
}

/**
 * Forks a worker process. Output is piped, never inherited: the CLI streams a draft on
 * stdout and must not get llama.cpp's logs in it.
 */
export function forkWorker(entry: string, opts: ForkWorkerOptions = {}): ChildProcess {
  return fork(entry, [], {
    execArgv: [...(opts.execArgv ?? []), ...(entry.endsWith('.ts') ? ['--import', tsxLoader()] : [])],
    serialization: opts.serialization ?? 'json',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    ...(opts.env ? { env: opts.env } : {}),
  });
}

/**
 * Starts a worker thread. A .ts entry needs tsx inside the thread, and on Node 20 `--import`
 * in a worker's execArgv does not apply to the worker's own entry; so the thread starts
 * from a tiny data: URL module that registers tsx's ESM hooks and then imports the entry.
 */
export function startThread(
  entry: string,
  opts: { workerData: unknown; resourceLimits?: ResourceLimits },
): Worker {
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  return new Worker(entry.endsWith('.ts') ? tsxThreadUrl(entry) : pathToFileURL(entry), {
    ...opts,
    execArgv,
  });
}

/** tsx's loader as an absolute URL, so a child starts whatever the current directory is. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

function tsxThreadUrl(entry: string): URL {
  const code = [
    `import { register } from ${JSON.stringify(tsxEsmApiUrl())};`,
    'register();',
    `await import(${JSON.stringify(pathToFileURL(entry).href)});`,
  ].join('\n');
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/**
 * tsx's ESM register API as a file URL. require.resolve would pick the CommonJS build
 * (the "require" condition), so the "import" entry is read from tsx's own exports map.
 */
function tsxEsmApiUrl(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = pkg.exports['./esm/api'];
  const rel = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!rel) throw new Error('tsx does not export ./esm/api; cannot run a worker thread from source');
  return pathToFileURL(join(dirname(pkgFile), rel)).href;
}
