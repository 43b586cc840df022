import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { Migration } from './migration';
import { MIGRATIONS } from './migrations';

/**
 * Brings the schema up to date, one migration per transaction, tracked by user_version.
 * A database written by a newer app is refused before anything is written to it.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new AppError(
      'newer_database',
      `This library was written by a newer version of Paper Review Studio (schema ${current}; this app knows up to ${latest}). Update the app; the library was left untouched.`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    if (m.version !== migrations.indexOf(m) + 1) {
      throw new AppError('internal', `Migration ${m.name} is out of order (version ${m.version}).`);
    }
    // IMMEDIATE takes the write lock before user_version is read again: a second process
    // opening the same library at the same moment waits, then skips what the first applied.
    // A kill mid-migration rolls back the whole step (the WAL keeps no half of it).
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return latest;
}
