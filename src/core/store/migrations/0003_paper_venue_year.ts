import type { Database } from 'better-sqlite3';
import type { Migration } from '../migration';
import { venueAndYear } from '../../library/venue';

/**
 * The library table sorts and filters by venue and year, so they are columns, read at
 * import from the first page's text (library/venue.ts). Papers already in the library get
 * them from their stored text here; a text-only paper without such a line keeps NULL.
 */
export const paperVenueYear: Migration = {
  version: 3,
  name: 'paper_venue_year',
  up: (db: Database) => {
    db.exec(`
      ALTER TABLE papers ADD COLUMN venue TEXT;
      ALTER TABLE papers ADD COLUMN year INTEGER;
      CREATE INDEX papers_year ON papers(year);
    `);
    const texts = db.prepare(
      `SELECT p.id, (SELECT substr(t.full_text, 1, 4000) FROM paper_texts t WHERE t.paper_id = p.id
         ORDER BY t.created_at DESC, t.rowid DESC LIMIT 1) AS head FROM papers p`,
    );
    const set = db.prepare('UPDATE papers SET venue = ?, year = ? WHERE id = ?');
    for (const row of texts.all() as Array<{ id: string; head: string | null }>) {
      if (!row.head) continue;
      const v = venueAndYear(row.head);
      if (v.venue !== null || v.year !== null) set.run(v.venue, v.year, row.id);
    }
  },
};
