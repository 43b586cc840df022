/**
 * Child process for kill-migration.test.ts: opens a library the way the app does and runs
 * the app's migrate() with one more, deliberately long migration appended (a schema step
 * that rewrites a big table, as a real one that backfills a column would). The parent
 * kills it with SIGKILL somewhere inside that step.
 *   node --import tsx kill-migration-child.ts <library.db> <rows>
 */
import { migrate } from '../../src/core/store/migrate';
import { MIGRATIONS } from '../../src/core/store/migrations';
import { openDatabase } from '../../src/core/store/open';
import type { Migration } from '../../src/core/store/migration';

export function slowMigration(rows: number): Migration {
  return {
    version: MIGRATIONS.length + 1,
    name: 'fault_suite_backfill',
    up: `
      CREATE TABLE fault_backfill (id INTEGER PRIMARY KEY, label TEXT NOT NULL);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
        INSERT INTO fault_backfill (id, label) SELECT i, printf('row %08d %s', i, hex(randomblob(16))) FROM n;
      CREATE INDEX fault_backfill_label ON fault_backfill(label);
    `,
  };
}

if (process.argv[1] && /kill-migration-child\.ts$/.test(process.argv[1])) {
  const [file, rows] = process.argv.slice(2);
  const db = openDatabase(file as string, { migrate: false });
  process.stdout.write('open\n');
  migrate(db, [...MIGRATIONS, slowMigration(Number(rows))]);
  db.close();
  process.stdout.write('migrated\n');
}
