import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { initial } from './0001_initial';

/** A paper, a template and one review of it, as the cases below need them. */
function seedPaperAndReview(db: Database.Database, now: string): void {
  db.prepare('INSERT INTO papers (id, added_at, updated_at) VALUES (?, ?, ?)').run('p1', now, now);
  db.prepare(
    "INSERT INTO review_templates (id, name, version, definition, created_at) VALUES ('t@1','t',1,'{}',?)",
  ).run(now);
  db.prepare(
    "INSERT INTO reviews (id, paper_id, annotator, template_id, created_at, updated_at) VALUES ('r1', 'p1', 'ann', 't@1', ?, ?)",
  ).run(now, now);
}

describe('0001_initial', () => {
  // A fresh database for every case: no case depends on what another left behind.
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [initial]);
  });

  it('creates the whole data model', () => {
    const names = (
      db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table')").all() as Array<{ name: string }>
    ).map((r) => r.name);
    for (const t of [
      'papers',
      'paper_texts',
      'papers_fts',
      'models',
      'model_adapters',
      'prompts',
      'review_templates',
      'drafts',
      'draft_jobs',
      'reviews',
      'review_revisions',
      'exports',
      'export_items',
      'settings',
    ]) {
      expect(names).toContain(t);
    }
  });

  it('enforces statuses and one review per paper and annotator', () => {
    const now = new Date().toISOString();
    seedPaperAndReview(db, now);
    expect(() => db.prepare("UPDATE papers SET status = 'bogus' WHERE id = 'p1'").run()).toThrow(/CHECK/);
    const insert = db.prepare(
      "INSERT INTO reviews (id, paper_id, annotator, template_id, created_at, updated_at) VALUES (?, 'p1', 'ann', 't@1', ?, ?)",
    );
    expect(() => insert.run('r2', now, now)).toThrow(/UNIQUE/);
  });

  it('cascades paper deletion to texts and reviews', () => {
    const now = new Date().toISOString();
    seedPaperAndReview(db, now);
    db.prepare(
      "INSERT INTO paper_texts (paper_id, extractor_version, full_text, sections, created_at) VALUES ('p1','v1','x','[]',?)",
    ).run(now);
    expect(db.prepare('SELECT COUNT(*) AS n FROM paper_texts').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM reviews').get()).toEqual({ n: 1 });
    db.prepare("DELETE FROM papers WHERE id = 'p1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM paper_texts').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM reviews').get()).toEqual({ n: 0 });
  });

  it('supports FTS5 search', () => {
    db.prepare(
      "INSERT INTO papers_fts (paper_id, title, body) VALUES ('p2', 'Graph networks', 'convolutional recurrent')",
    ).run();
    const hit = db.prepare("SELECT paper_id FROM papers_fts WHERE papers_fts MATCH 'recurrent'").get();
    expect(hit).toEqual({ paper_id: 'p2' });
  });
});
