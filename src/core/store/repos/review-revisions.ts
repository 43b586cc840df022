import type { Db } from '../open';
import { stmt } from '../statements';

/**
 * The review_revisions table: every saved version of a review. Plain functions, db first,
 * statements from the store's cache; the burst logic that decides insert or update lives
 * in core/review/revisions.ts.
 */
export interface RevisionRow {
  id: number;
  review_id: string;
  sections: string;
  scores: string;
  notes: string;
  status: string;
  created_at: string;
}

/** The review content a revision (and a review) stores as JSON text. */
export interface RevisionContent {
  sections: string;
  scores: string;
  notes: string;
}

const INSERT = `INSERT INTO review_revisions (review_id, sections, scores, notes, status, created_at)
  VALUES (?, ?, ?, ?, ?, ?)`;

export function insertRevision(
  db: Db,
  reviewId: string,
  c: RevisionContent,
  status: string,
  createdAt: string,
): void {
  stmt(db, INSERT).run(reviewId, c.sections, c.scores, c.notes, status, createdAt);
}

export function updateRevision(db: Db, id: number, c: RevisionContent, status: string): void {
  stmt(db, 'UPDATE review_revisions SET sections = ?, scores = ?, notes = ?, status = ? WHERE id = ?').run(
    c.sections,
    c.scores,
    c.notes,
    status,
    id,
  );
}

export function revisionRows(db: Db, reviewId: string): RevisionRow[] {
  return stmt(db, 'SELECT * FROM review_revisions WHERE review_id = ? ORDER BY id').all(
    reviewId,
  ) as RevisionRow[];
}

export function revisionRow(db: Db, id: number): RevisionRow | undefined {
  return stmt(db, 'SELECT * FROM review_revisions WHERE id = ?').get(id) as RevisionRow | undefined;
}

export function latestRevision(db: Db, reviewId: string): RevisionRow | undefined {
  return stmt(db, 'SELECT * FROM review_revisions WHERE review_id = ? ORDER BY id DESC LIMIT 1').get(
    reviewId,
  ) as RevisionRow | undefined;
}

export function firstRevisionId(db: Db, reviewId: string): number | null {
  const r = stmt(db, 'SELECT MIN(id) AS id FROM review_revisions WHERE review_id = ?').get(reviewId);
  return (r as { id: number | null }).id;
}

export function revisionCount(db: Db, reviewId: string): number {
  const r = stmt(db, 'SELECT COUNT(*) AS n FROM review_revisions WHERE review_id = ?').get(reviewId);
  return (r as { n: number }).n;
}
