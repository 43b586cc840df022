import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { initial } from './0001_initial';
import { owners } from './0002_owners';

describe('0002_owners', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [initial]);
  const now = new Date().toISOString();
  // A library from before: a review and a running draft, which the migration must keep.
  db.prepare('INSERT INTO papers (id, added_at, updated_at) VALUES (?, ?, ?)').run('p1', now, now);
  db.prepare(
    "INSERT INTO review_templates (id, name, version, definition, created_at) VALUES ('t@1','t',1,'{}',?)",
  ).run(now);
  db.prepare(
    "INSERT INTO reviews (id, paper_id, annotator, template_id, created_at, updated_at) VALUES ('r1','p1','ann','t@1',?,?)",
  ).run(now, now);
  db.prepare("INSERT INTO drafts (id, paper_id, end_reason, created_at) VALUES ('d1','p1','running',?)").run(
    now,
  );
  migrate(db, [initial, owners]);

  it('keeps existing rows, with no owner and revision 0', () => {
    expect(db.prepare('SELECT owner_id FROM drafts').get()).toEqual({ owner_id: null });
    expect(db.prepare('SELECT revision FROM reviews').get()).toEqual({ revision: 0 });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
  });

  it('lets at most one process be the writer', () => {
    const add = db.prepare(
      "INSERT INTO processes (instance_id, pid, hostname, kind, started_at, writer) VALUES (?, 1, 'h', 'cli', ?, ?)",
    );
    add.run('a', now, 1);
    add.run('b', now, 0);
    expect(() => db.prepare("UPDATE processes SET writer = 1 WHERE instance_id = 'b'").run()).toThrow(
      /UNIQUE/,
    );
    expect(() => add.run('c', now, 2)).toThrow(/CHECK/);
  });
});
