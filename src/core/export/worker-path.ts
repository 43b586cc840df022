import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

let override: string | undefined;

/**
 * The export worker's entry file: the .js a bundler emitted next to this module, else the
 * .ts source. A bundled app whose worker lives elsewhere calls setExportWorkerPath once.
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
 * What to hand to `new Worker`. A .js entry runs as is. A .ts entry (running from source,
 * under tsx or vitest) needs tsx inside the thread, and on Node 20 `--import` in a
 * worker's execArgv does not apply to the worker's own entry; so the worker starts from a
 * tiny data: URL module that registers tsx's ESM hooks and then imports the entry.
 */
export function exportWorkerSpec(entry: string = exportWorkerPath()): { url: URL; execArgv: string[] } {
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  if (!entry.endsWith('.ts')) return { url: pathToFileURL(entry), execArgv };
  const tsxApi = tsxEsmApiUrl();
  const code = [
    `import { register } from ${JSON.stringify(tsxApi)};`,
    'register();',
    `await import(${JSON.stringify(pathToFileURL(entry).href)});`,
  ].join('\n');
  return { url: new URL(`data:text/javascript,${encodeURIComponent(code)}`), execArgv };
}

/**
 * tsx's ESM register API as a file URL. require.resolve would pick the CommonJS build
 * (the "require" condition), so the "import" entry is read from tsx's own exports map.
 */
function tsxEsmApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = pkg.exports['./esm/api'];
  const rel = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!rel) throw new Error('tsx does not export ./esm/api; cannot run the export worker from source');
  return pathToFileURL(join(dirname(pkgFile), rel)).href;
}
