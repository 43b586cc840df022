import type { Db } from '../store/open';
import type { ReviewRow } from '../store/repos/reviews';

/**
 * The workspace's SQL over reviews, review_revisions and drafts: the statements the
 * editor's autosave, history and queue need, prepared once per db. The row type is the
 * store's (src/core/store/repos/reviews.ts), so there is one definition of a review row.
 */
export type { ReviewRow };

export interface RevisionRow {
  id: number;
  review_id: string;
  sections: string;
  scores: string;
  notes: string;
  status: string;
  created_at: string;
}

export interface DraftRow {
  id: string;
  paper_id: string;
  template_id: string | null;
  text: string;
  sections: string;
  scores: string;
  end_reason: string | null;
}

function prepare(db: Db) {
  return {
    byId: db.prepare('SELECT * FROM reviews WHERE id = ?'),
    byPaperAnnotator: db.prepare('SELECT * FROM reviews WHERE paper_id = ? AND annotator = ?'),
    updateContent: db.prepare(`UPDATE reviews SET sections = @sections, scores = @scores, notes = @notes,
        labels = @labels, anchors = @anchors, approved_unchanged = @approvedUnchanged, updated_at = @now,
        revision = revision + 1
      WHERE id = @id`),
    updateDraft: db.prepare('UPDATE reviews SET draft_id = ? WHERE id = ?'),
    updateStatus: db.prepare(`UPDATE reviews SET status = @status, status_reason = @reason,
        approved_unchanged = @approvedUnchanged, updated_at = @now WHERE id = @id`),
    addTime: db.prepare('UPDATE reviews SET time_on_task_ms = time_on_task_ms + ? WHERE id = ?'),
    latestRevision: db.prepare('SELECT * FROM review_revisions WHERE review_id = ? ORDER BY id DESC LIMIT 1'),
    firstRevisionId: db.prepare('SELECT MIN(id) AS id FROM review_revisions WHERE review_id = ?'),
    countRevisions: db.prepare('SELECT COUNT(*) AS n FROM review_revisions WHERE review_id = ?'),
    listRevisions: db.prepare('SELECT * FROM review_revisions WHERE review_id = ? ORDER BY id'),
    revision: db.prepare('SELECT * FROM review_revisions WHERE id = ?'),
    insertRevision:
      db.prepare(`INSERT INTO review_revisions (review_id, sections, scores, notes, status, created_at)
      VALUES (?, ?, ?, ?, ?, ?)`),
    updateRevision: db.prepare(
      'UPDATE review_revisions SET sections = ?, scores = ?, notes = ?, status = ? WHERE id = ?',
    ),
    draft: db.prepare(
      'SELECT id, paper_id, template_id, text, sections, scores, end_reason FROM drafts WHERE id = ?',
    ),
    // The newest draft with text that did not fail: what a fresh review starts from.
    latestDraft: db.prepare(`SELECT id, paper_id, template_id, text, sections, scores, end_reason FROM drafts
      WHERE paper_id = ? AND text <> '' AND (end_reason IS NULL OR end_reason IN ('done','stopped','length'))
      ORDER BY created_at DESC, rowid DESC LIMIT 1`),
    finishedTimes: db.prepare(`SELECT time_on_task_ms AS t FROM reviews
      WHERE annotator = ? AND status <> 'in_progress' AND time_on_task_ms > 0 ORDER BY t`),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof prepare>>();

export function q(db: Db): ReturnType<typeof prepare> {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
}

export function reviewRow(db: Db, id: string): ReviewRow | undefined {
  return q(db).byId.get(id) as ReviewRow | undefined;
}

export function reviewRowFor(db: Db, paperId: string, annotator: string): ReviewRow | undefined {
  return q(db).byPaperAnnotator.get(paperId, annotator) as ReviewRow | undefined;
}

export function draftRow(db: Db, id: string): DraftRow | undefined {
  return q(db).draft.get(id) as DraftRow | undefined;
}

export function latestDraftRow(db: Db, paperId: string): DraftRow | undefined {
  return q(db).latestDraft.get(paperId) as DraftRow | undefined;
}

export function revisionCount(db: Db, reviewId: string): number {
  return (q(db).countRevisions.get(reviewId) as { n: number }).n;
}

export function revisionRows(db: Db, reviewId: string): RevisionRow[] {
  return q(db).listRevisions.all(reviewId) as RevisionRow[];
}

export function revisionRow(db: Db, id: number): RevisionRow | undefined {
  return q(db).revision.get(id) as RevisionRow | undefined;
}

export function latestRevision(db: Db, reviewId: string): RevisionRow | undefined {
  return q(db).latestRevision.get(reviewId) as RevisionRow | undefined;
}

export function firstRevisionId(db: Db, reviewId: string): number | null {
  return (q(db).firstRevisionId.get(reviewId) as { id: number | null }).id;
}

/** Sorted time-on-task of the annotator's finished reviews, for the queue's ETA. */
export function finishedTimes(db: Db, annotator: string): number[] {
  return (q(db).finishedTimes.all(annotator) as Array<{ t: number }>).map((r) => r.t);
}

/** JSON columns: the store's one reader (kept exported here for the workspace's modules). */
export { parseJson } from '../store/json';
