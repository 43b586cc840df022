import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { openLibrary } from './open';
import { tempDir } from '../../../test/support/temp';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('migrate', () => {
  let dir: ReturnType<typeof tempDir> | undefined;
  afterEach(() => dir?.remove());

  it('brings a new database to the latest version', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('is idempotent: a second run changes neither the version nor the schema nor the rows', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare("INSERT INTO settings (key, value) VALUES ('probe', '1')").run();
    const schema = () => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY type, name').all();
    const before = schema();
    expect(migrate(db)).toBe(SCHEMA_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(schema()).toEqual(before);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'probe'").get()).toEqual({ value: '1' });
  });

  it('applies each migration in its own transaction and rolls back a failing one', () => {
    const db = new Database(':memory:');
    const broken = [
      { version: 1, name: 'ok', up: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'broken', up: 'CREATE TABLE b (x INTEGER); SELECT * FROM nowhere;' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all();
    expect(tables).toEqual([{ name: 'a' }]);
  });

  it('refuses a database from a newer app version and leaves the file untouched', () => {
    dir = tempDir();
    const db = openLibrary(dir.path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const file = join(dir.path, 'library.db');
    const before = sha(file);
    expect(() => openLibrary(dir!.path)).toThrow(/newer version/);
    try {
      openLibrary(dir.path);
    } catch (e) {
      expect((e as { code: string }).code).toBe('newer_database');
    }
    expect(sha(file)).toBe(before);
  });

  it('reports a file that is not a database clearly', () => {
    dir = tempDir();
    writeFileSync(join(dir.path, 'library.db'), 'this is not sqlite '.repeat(100));
    expect(() => openLibrary(dir!.path)).toThrow(/damaged or not a library/);
  });

  it('numbers migrations 1..n with unique names', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });
});
