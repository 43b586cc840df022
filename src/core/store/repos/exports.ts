import type { Db } from '../open';
import { AppError } from '../../../shared/errors';
import type { ExportSummary } from '../../../shared/contract/dataset';
import type { Split } from '../../export/split';

/**
 * Exports and the reviews each one contained. A named round is the set of exports that
 * carry its name; rounds are ordered by their first export, so "since round N" can mean
 * "in no export of N or of any round before it".
 */
export interface ExportItem {
  reviewId: string;
  paperId: string;
  draftId: string | null;
  split: Split;
}

export interface NewExport {
  id: string;
  round: string | null;
  format: string;
  filters: unknown;
  outDir: string;
  counts: unknown;
  manifestSha256: string | null;
  createdAt: string;
}

/** Records an export and its items in one transaction (after its manifest is on disk). */
export function recordExport(db: Db, e: NewExport, items: readonly ExportItem[]): void {
  const insertItem = db.prepare(
    'INSERT INTO export_items (export_id, review_id, paper_id, draft_id, split) VALUES (?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    db.prepare(
      `INSERT INTO exports (id, round, format, filters, out_dir, counts, manifest_sha256, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      e.id,
      e.round,
      e.format,
      JSON.stringify(e.filters),
      e.outDir,
      JSON.stringify(e.counts),
      e.manifestSha256,
      e.createdAt,
    );
    for (const it of items) insertItem.run(e.id, it.reviewId, it.paperId, it.draftId, it.split);
  })();
}

/** Named rounds, oldest first (by their first export). */
export function listRounds(db: Db): string[] {
  const rows = db
    .prepare(
      `SELECT round FROM exports WHERE round IS NOT NULL GROUP BY round ORDER BY MIN(created_at), MIN(rowid)`,
    )
    .all() as Array<{ round: string }>;
  return rows.map((r) => r.round);
}

/** `name` and every round before it; not_found for a round never exported. */
export function roundsUpTo(db: Db, name: string): string[] {
  const rounds = listRounds(db);
  const at = rounds.indexOf(name);
  if (at < 0) {
    const known = rounds.length ? ` Known rounds: ${rounds.join(', ')}.` : ' No round has been exported yet.';
    throw new AppError('not_found', `No export belongs to round "${name}".${known}`);
  }
  return rounds.slice(0, at + 1);
}

export function listExports(db: Db): ExportSummary[] {
  const rows = db
    .prepare(
      `SELECT e.id, e.round, e.format, e.out_dir, e.created_at, COUNT(ei.review_id) AS records
       FROM exports e LEFT JOIN export_items ei ON ei.export_id = e.id
       GROUP BY e.id ORDER BY e.created_at DESC, e.rowid DESC`,
    )
    .all() as Array<{
    id: string;
    round: string | null;
    format: string;
    out_dir: string;
    created_at: string;
    records: number;
  }>;
  return rows.map((r) => ({
    id: r.id,
    round: r.round,
    format: r.format,
    outDir: r.out_dir,
    createdAt: r.created_at,
    records: r.records,
  }));
}
