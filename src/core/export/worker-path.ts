import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

let override: string | undefined;

/**
 * The export worker's entry file: the .js a bundler emitted next to this module, else the
 * .ts source (run through tsx). A bundled app whose worker lives elsewhere calls
 * setExportWorkerPath once at start-up.
 */
export function exportWorkerPath(): string {
  if (override) return override;
  const js = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(js)) return js;
  return fileURLToPath(new URL('./worker.ts', import.meta.url));
}

export function setExportWorkerPath(path: string | undefined): void {
  override = path;
}

/**
 * execArgv for the worker: a .ts entry needs tsx's loader (absolute URL, so the current
 * directory does not matter). Inherited flags are kept, except under a test runner whose
 * own flags mean nothing to a plain worker.
 */
export function exportWorkerExecArgv(entry: string): string[] {
  const inherited = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  if (!entry.endsWith('.ts')) return inherited;
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const hasTsx = inherited.some((a) => a.includes('tsx'));
  return hasTsx ? inherited : [...inherited, '--import', loader];
}
