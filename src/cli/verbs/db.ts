import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { UsageError, type Verb } from '../verb';
import { openDatabase } from '../../core/store/open';
import { dataPaths } from '../../core/paths';

export const dbCheckVerb: Verb = {
  name: 'db check',
  summary: 'Run SQLite integrity_check on the library; exit 0 only when it is ok.',
  run(ctx) {
    const file = dataPaths(ctx.dataDir).db;
    if (!existsSync(file)) throw new AppError('not_found', `No library at ${file}.`);
    // Read-only and without migrating: a check must never change the file it checks.
    const db = openDatabase(file, { readonly: true });
    try {
      const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
      const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
      if (problems.length) {
        throw new AppError(
          'corrupt_database',
          `${file} failed the integrity check: ${problems.slice(0, 3).join('; ')}`,
        );
      }
      ctx.out(`ok: ${file}`);
      return 0;
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('corrupt_database', `${file} is damaged: ${(e as Error).message}`);
    } finally {
      db.close();
    }
  },
};

export const dbBackupVerb: Verb = {
  name: 'db backup',
  summary: 'Copy the library to FILE with SQLite online backup (safe while the app runs).',
  args: '<file>',
  async run(ctx) {
    const target = ctx.positionals[0];
    if (!target) throw new UsageError('db backup needs a target file, e.g. "db backup backup.db".');
    const out = resolve(target);
    if (existsSync(out)) throw new AppError('conflict', `${out} already exists; choose a new file name.`);
    const db = ctx.services().db;
    await db.backup(out);
    ctx.out(`backed up to ${out}`);
    return 0;
  },
};
