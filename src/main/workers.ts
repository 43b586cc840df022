import { utilityProcess } from 'electron';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractExecArgv, setExtractSpawner } from '../core/library/pdf/worker-client';
import { useBuiltWorkers, workerEntry } from '../core/workers';
import { utilityProcessSpawner } from '../core/engine/spawner-electron';
import type { WorkerSpawner } from '../core/engine/spawner';

/**
 * The bundled worker entries (electron.vite.config.ts emits them beside index.js): the exporter
 * runs in worker threads; the PDF extractor (with its heap limit) and the model engine in
 * utilityProcesses, so a hostile PDF, a llama.cpp crash or an out-of-memory kills that
 * process, not the app.
 */
export function configureWorkers(): WorkerSpawner {
  useBuiltWorkers(dirname(fileURLToPath(import.meta.url)));
  setExtractSpawner(
    utilityProcessSpawner(utilityProcess, workerEntry('extract-worker'), {
      serviceName: 'Paper Review Studio PDF extractor',
      execArgv: extractExecArgv(),
    }),
  );
  return utilityProcessSpawner(utilityProcess, workerEntry('engine-worker'));
}
