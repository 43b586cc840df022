import { utilityProcess } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setExtractWorkerUrl } from '../core/library/pdf/worker-client';
import { setExportWorkerPath } from '../core/export/worker-path';
import { utilityProcessSpawner } from '../core/engine/spawner-electron';
import type { WorkerSpawner } from '../core/engine/spawner';

/**
 * The bundled worker entries (electron.vite.config.ts emits them beside index.js): the PDF
 * extractor and the exporter run in worker threads, the model engine in a utilityProcess so
 * a llama.cpp crash or out-of-memory kills that process, not the app.
 */
export function configureWorkers(): WorkerSpawner {
  const dir = dirname(fileURLToPath(import.meta.url));
  setExtractWorkerUrl(pathToFileURL(join(dir, 'extract-worker.js')));
  setExportWorkerPath(join(dir, 'export-worker.js'));
  return utilityProcessSpawner(utilityProcess, join(dir, 'engine-worker.js'));
}
