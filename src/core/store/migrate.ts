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
    db.transaction(() => {
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return latest;
}
