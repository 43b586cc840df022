import type { Db } from '../open';
import type { LibraryStats } from '../../../shared/contract/system';

function countBy(db: Db, table: 'papers' | 'reviews'): Record<string, number> {
  const rows = db.prepare(`SELECT status, COUNT(*) AS n FROM ${table} GROUP BY status`).all() as Array<{
    status: string;
    n: number;
  }>;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function libraryStats(db: Db): LibraryStats {
  return {
    papers: count(db, 'papers'),
    papersByStatus: countBy(db, 'papers'),
    drafts: count(db, 'drafts'),
    reviews: count(db, 'reviews'),
    reviewsByStatus: countBy(db, 'reviews'),
    models: count(db, 'models'),
    exports: count(db, 'exports'),
  };
}
