import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './store/open';
import { openLibrary } from './store/open';
import { dataPaths, type DataPaths } from './paths';
import { EventBus } from './events';
import { SCHEMA_VERSION } from './store/migrations';
import { EngineService } from './engine/service';
import type { WorkerSpawner } from './engine/spawner';

export interface ServicesOptions {
  dataDir: string;
  host: 'electron' | 'web' | 'cli';
  /** How the engine starts its worker process; Electron passes a utilityProcess spawner. */
  engineSpawner?: WorkerSpawner;
}

/**
 * The composition root: everything core does, built for one data directory. The Electron
 * shell, the web host and the CLI each build one of these and nothing else.
 */
export interface Services {
  readonly options: ServicesOptions;
  readonly paths: DataPaths;
  readonly db: Db;
  readonly events: EventBus;
  readonly schemaVersion: number;
  /** The model engine; created (and its worker started) on first use. */
  readonly engine: EngineService;
  /** Called on shutdown, in reverse order of registration. */
  onClose(fn: () => void | Promise<void>): void;
  close(): Promise<void>;
}

export function createServices(options: ServicesOptions): Services {
  const paths = dataPaths(options.dataDir);
  const db = openLibrary(paths.root);
  for (const dir of [paths.papers, paths.exports, paths.backups]) mkdirSync(dir, { recursive: true });
  const closers: Array<() => void | Promise<void>> = [];
  let closed = false;
  const events = new EventBus();
  let engine: EngineService | undefined;
  return {
    options,
    paths,
    db,
    events,
    schemaVersion: SCHEMA_VERSION,
    get engine() {
      if (closed) throw new Error('The library is closed.');
      if (!engine) {
        const spawner = options.engineSpawner ? { spawner: options.engineSpawner } : {};
        // The CLI runs one command and exits: it must not pick up the app's unfinished batches.
        const e = (engine = new EngineService({
          db,
          events,
          ...spawner,
          resumeBatches: options.host !== 'cli',
          // API keys of served models: a 0600 file next to the library, never inside it.
          secretsDir: join(paths.root, 'secrets'),
        }));
        closers.push(() => e.close());
      }
      return engine;
    },
    onClose(fn) {
      closers.push(fn);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const fn of closers.reverse()) await fn();
      db.close();
    },
  };
}
