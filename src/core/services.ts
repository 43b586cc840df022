import { mkdirSync } from 'node:fs';
import type { Db } from './store/open';
import { openLibrary } from './store/open';
import { dataPaths, type DataPaths } from './paths';
import { EventBus } from './events';
import { SCHEMA_VERSION } from './store/migrations';

export interface ServicesOptions {
  dataDir: string;
  host: 'electron' | 'web' | 'cli';
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
  return {
    options,
    paths,
    db,
    events: new EventBus(),
    schemaVersion: SCHEMA_VERSION,
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
