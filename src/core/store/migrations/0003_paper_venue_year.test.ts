import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { initial } from './0001_initial';
import { owners } from './0002_owners';
import { paperVenueYear } from './0003_paper_venue_year';

describe('0003_paper_venue_year', () => {
  it('adds venue and year, filled from the papers already stored', () => {
    const db = new Database(':memory:');
    migrate(db, [initial, owners]);
    const at = new Date().toISOString();
    db.prepare(
      `INSERT INTO papers (id, title, added_at, updated_at) VALUES ('a', 'A', ?, ?), ('b', 'B', ?, ?)`,
    ).run(at, at, at, at);
    db.prepare(
      `INSERT INTO paper_texts (paper_id, extractor_version, full_text, sections, created_at) VALUES ('a', 'x', ?, '[]', ?)`,
    ).run('Title\nPublished as a conference paper at ICLR 2017\n', at);
    migrate(db, [initial, owners, paperVenueYear]);
    const rows = db.prepare('SELECT id, venue, year FROM papers ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'a', venue: 'ICLR', year: 2017 },
      { id: 'b', venue: null, year: null },
    ]);
  });
});
