import { utilityProcess } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { extractExecArgv, setExtractSpawner, setExtractWorkerUrl } from '../core/library/pdf/worker-client';
import { setExportWorkerPath } from '../core/export/worker-path';
import { utilityProcessSpawner } from '../core/engine/spawner-electron';
import type { WorkerSpawner } from '../core/engine/spawner';

/**
 * The bundled worker entries (electron.vite.config.ts emits them beside index.js): the exporter
 * runs in worker threads; the PDF extractor (with its heap limit) and the model engine in
 * utilityProcesses, so a hostile PDF, a llama.cpp crash or an out-of-memory kills that
 * process, not the app.
 */
export function configureWorkers(): WorkerSpawner {
  const dir = dirname(fileURLToPath(import.meta.url));
  setExtractWorkerUrl(pathToFileURL(join(dir, 'extract-worker.js')));
  setExtractSpawner(
    utilityProcessSpawner(utilityProcess, join(dir, 'extract-worker.js'), {
      serviceName: 'Paper Review Studio PDF extractor',
      execArgv: extractExecArgv(),
    }),
  );
  setExportWorkerPath(join(dir, 'export-worker.js'));
  return utilityProcessSpawner(utilityProcess, join(dir, 'engine-worker.js'));
}
