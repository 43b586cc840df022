import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dataPaths } from '../paths';
import { AppError } from '../../shared/errors';
import { migrate } from './migrate';

export type { Db };

export interface OpenOptions {
  readonly?: boolean;
  /** Skip migrations (read-only workers open a database the main process has migrated). */
  migrate?: boolean;
}

/** Opens (and migrates) the library database in a data directory. */
export function openLibrary(dataDir: string, options: OpenOptions = {}): Db {
  if (!options.readonly) mkdirSync(dataDir, { recursive: true });
  const file = dataPaths(dataDir).db;
  if (options.readonly && !existsSync(file)) {
    throw new AppError('not_found', `No library at ${file}.`);
  }
  return openDatabase(file, options);
}

export function openDatabase(file: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (e) {
    throw new AppError('io_error', `Cannot open ${file}: ${(e as Error).message}`);
  }
  try {
    configure(db, options.readonly ?? false);
    if (!options.readonly && options.migrate !== false) migrate(db);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof AppError) throw e;
    const message = (e as Error).message;
    if (/not a database|malformed|corrupt/i.test(message)) {
      throw new AppError('corrupt_database', `${file} is damaged or not a library: ${message}`);
    }
    throw new AppError('io_error', `Cannot open ${file}: ${message}`);
  }
}

function configure(db: Db, readonly: boolean): void {
  // Read user_version first: it fails fast on a file that is not SQLite at all.
  db.pragma('user_version');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // FULL: a committed review survives power loss, not just a process crash.
    db.pragma('synchronous = FULL');
  }
}
