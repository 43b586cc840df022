import { mkdirSync } from 'node:fs';
import { AppError } from '../shared/errors';
import type { Db } from './store/open';
import { openLibrary } from './store/open';
import { dataPaths, type DataPaths } from './paths';
import { EventBus } from './events';
import { SCHEMA_VERSION } from './store/migrations';
import { EngineService } from './engine/service';
import type { WorkerSpawner } from './engine/spawner';
import { openKeyStore, type KeyCipher } from './engine/openai/encrypted-keys';
import type { KeyStore } from './engine/openai/keys';
import { newIdentity } from './ownership/identity';
import { registerProcess, unregisterProcess } from './ownership/processes';
import { recoverOrphans } from './ownership/recovery';
import { acquireWriter, holdsWriter } from './ownership/writer';
import { recoverPaperFiles } from './library/import/store-file';

export interface ServicesOptions {
  dataDir: string;
  host: 'electron' | 'web' | 'cli';
  /** How the engine starts its worker process; Electron passes a utilityProcess spawner. */
  engineSpawner?: WorkerSpawner;
  /** Electron's safeStorage: served models' API keys are then kept encrypted by the OS keychain. */
  keyCipher?: KeyCipher;
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
  /** This open of the library in the `processes` table; owner of the drafts and jobs it runs. */
  readonly instanceId: string;
  /**
   * Takes (or keeps) the library's writer role, needed to draft or work the batch queue;
   * throws a one-line 'conflict' naming the live holder otherwise. The app and the web host
   * take it at start; the CLI only when a verb drafts.
   */
  ensureWriter(): void;
  /**
   * Served models' API keys: the one store the engine (drafting, registering) and exports
   * read them through — encrypted by the OS keychain where the shell gave a cipher.
   */
  readonly keys: KeyStore;
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
  // An import killed between its row and its file leaves papers/ to repair (store-file.ts).
  recoverPaperFiles(db, paths.papers);
  const closers: Array<() => void | Promise<void>> = [];
  let closed = false;
  const events = new EventBus();
  let engine: EngineService | undefined;
  // Recovery is a step of opening, not of any constructor: it touches only dead processes' work.
  const me = newIdentity(options.host);
  const ensureWriter = () => acquireWriter(db, me.instance_id);
  const keys = openKeyStore(paths.secrets, options.keyCipher);
  // Linux without a keyring: the keys stay usable (0600 file), and the log says where they went.
  if (keys.fallback) console.warn(keys.fallback);
  try {
    registerProcess(db, me);
    recoverOrphans(db);
    if (options.host !== 'cli') {
      try {
        ensureWriter();
      } catch (e) {
        // Another live app holds it: this one reads and edits reviews; drafting says who holds it.
        if (!(e instanceof AppError && e.code === 'conflict')) throw e;
      }
    }
  } catch (e) {
    db.close();
    throw e;
  }
  return {
    options,
    paths,
    db,
    events,
    schemaVersion: SCHEMA_VERSION,
    instanceId: me.instance_id,
    ensureWriter,
    keys: keys.store,
    get engine() {
      if (closed) throw new Error('The library is closed.');
      if (!engine) {
        const spawner = options.engineSpawner ? { spawner: options.engineSpawner } : {};
        const e = (engine = new EngineService({
          db,
          events,
          ...spawner,
          ensureWriter,
          keys,
        }));
        closers.push(() => e.close());
        // The CLI runs one command and exits: it must not pick up the app's unfinished batches.
        e.start({ resumeBatches: options.host !== 'cli' && holdsWriter(db, me.instance_id) });
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
      unregisterProcess(db, me.instance_id);
      db.close();
    },
  };
}
