import { randomUUID } from 'node:crypto';
import type { Db } from '../open';
import { parseJson } from '../json';
import { stmt } from '../statements';
import { AppError } from '../../../shared/errors';
import type { ReviewStatus } from '../../../shared/contract/review';
import { BUILT_IN_TEMPLATES, findTemplate } from '../../../shared/templates';
import { insertRevision, type RevisionContent } from './review-revisions';

/**
 * The one review repository: every read and write of the reviews table goes through here
 * (revisions: review-revisions.ts). Plain functions, db first, statements from the store's
 * cache. `Review` is the parsed form for import, merge and export; `ReviewRow` the raw row
 * the correction workspace (core/review) builds its views from.
 */
export interface Review {
  id: string;
  paperId: string;
  annotator: string;
  templateId: string;
  draftId: string | null;
  sections: Record<string, string>;
  scores: Record<string, number>;
  notes: string;
  status: ReviewStatus;
  statusReason: string | null;
  approvedUnchanged: boolean;
  labels: string[];
  timeOnTaskMs: number;
  source: string;
  createdAt: string;
  updatedAt: string;
}

type Optional = 'id' | 'draftId' | 'scores' | 'notes' | 'status' | 'statusReason' | 'approvedUnchanged';
type Defaulted = 'labels' | 'timeOnTaskMs' | 'source' | 'createdAt' | 'updatedAt';

export type NewReview = Pick<Review, 'paperId' | 'annotator' | 'templateId' | 'sections'> &
  Partial<Pick<Review, Optional | Defaulted>> & {
    /** False: no first revision (a review written from scratch starts with nothing to keep). */
    firstRevision?: boolean;
  };

export interface ReviewRow {
  id: string;
  paper_id: string;
  annotator: string;
  template_id: string;
  draft_id: string | null;
  sections: string;
  scores: string;
  notes: string;
  status: ReviewStatus;
  status_reason: string | null;
  approved_unchanged: number;
  labels: string;
  anchors: string;
  time_on_task_ms: number;
  source: string;
  created_at: string;
  updated_at: string;
  /** Content saves so far (migration 0002); the optimistic-versioning counter. */
  revision: number;
}

export function reviewFromRow(r: ReviewRow): Review {
  return {
    id: r.id,
    paperId: r.paper_id,
    annotator: r.annotator,
    templateId: r.template_id,
    draftId: r.draft_id,
    sections: parseJson(r.sections, {}),
    scores: parseJson(r.scores, {}),
    notes: r.notes,
    status: r.status,
    statusReason: r.status_reason,
    approvedUnchanged: r.approved_unchanged === 1,
    labels: parseJson(r.labels, []),
    timeOnTaskMs: r.time_on_task_ms,
    source: r.source,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const INSERT = `INSERT INTO reviews (id, paper_id, annotator, template_id, draft_id, sections, scores,
    notes, status, status_reason, approved_unchanged, labels, time_on_task_ms, source, created_at, updated_at)
  VALUES (@id, @paperId, @annotator, @templateId, @draftId, @sections, @scores, @notes, @status,
    @statusReason, @approvedUnchanged, @labels, @timeOnTaskMs, @source, @createdAt, @updatedAt)`;

/**
 * reviews.template_id references review_templates; a built-in template is stored on first
 * use (INSERT OR IGNORE, so whoever seeds first wins and the row is identical anyway).
 */
export function ensureTemplateStored(db: Db, templateId: string): void {
  if (stmt(db, 'SELECT 1 FROM review_templates WHERE id = ?').get(templateId)) return;
  const t = findTemplate(templateId);
  if (!t || t.id !== templateId) {
    throw new AppError('not_found', `Unknown review template "${templateId}".`);
  }
  stmt(
    db,
    `INSERT OR IGNORE INTO review_templates (id, name, version, definition, created_at) VALUES (?, ?, ?, ?, ?)`,
  ).run(t.id, t.name, t.version, JSON.stringify(t), new Date().toISOString());
}

export function ensureBuiltInTemplates(db: Db): void {
  for (const t of BUILT_IN_TEMPLATES) ensureTemplateStored(db, t.id);
}

/** The insert's parameters: JSON columns as text, defaults filled in. */
function insertParams(input: NewReview) {
  const now = new Date().toISOString();
  return {
    id: input.id ?? randomUUID(),
    paperId: input.paperId,
    annotator: input.annotator,
    templateId: input.templateId,
    draftId: input.draftId ?? null,
    sections: JSON.stringify(input.sections),
    scores: JSON.stringify(input.scores ?? {}),
    notes: input.notes ?? '',
    status: input.status ?? 'in_progress',
    statusReason: input.statusReason ?? null,
    approvedUnchanged: input.approvedUnchanged ? 1 : 0,
    labels: JSON.stringify(input.labels ?? []),
    timeOnTaskMs: input.timeOnTaskMs ?? 0,
    source: input.source ?? 'annotator',
    createdAt: input.createdAt ?? now,
    updatedAt: input.updatedAt ?? input.createdAt ?? now,
  };
}

/** Inserts a review and its first revision in one transaction. */
export function insertReview(db: Db, input: NewReview): Review {
  const row = insertParams(input);
  db.transaction(() => {
    ensureTemplateStored(db, row.templateId);
    try {
      stmt(db, INSERT).run(row);
    } catch (e) {
      if (/UNIQUE constraint failed/.test((e as Error).message)) {
        throw new AppError('conflict', `There is already a review of ${row.paperId} by "${row.annotator}".`);
      }
      throw e;
    }
    if (input.firstRevision !== false) insertRevision(db, row.id, row, row.status, row.updatedAt);
  })();
  return getReview(db, row.id)!;
}

export function reviewRow(db: Db, id: string): ReviewRow | undefined {
  return stmt(db, 'SELECT * FROM reviews WHERE id = ?').get(id) as ReviewRow | undefined;
}

export function reviewRowFor(db: Db, paperId: string, annotator: string): ReviewRow | undefined {
  const sql = 'SELECT * FROM reviews WHERE paper_id = ? AND annotator = ?';
  return stmt(db, sql).get(paperId, annotator) as ReviewRow | undefined;
}

export function getReview(db: Db, id: string): Review | undefined {
  const r = reviewRow(db, id);
  return r ? reviewFromRow(r) : undefined;
}

export function findReview(db: Db, paperId: string, annotator: string): Review | undefined {
  const r = reviewRowFor(db, paperId, annotator);
  return r ? reviewFromRow(r) : undefined;
}

export function listReviewsOfPaper(db: Db, paperId: string): Review[] {
  const rows = stmt(db, 'SELECT * FROM reviews WHERE paper_id = ? ORDER BY annotator').all(paperId);
  return (rows as ReviewRow[]).map(reviewFromRow);
}

/** The editable columns of a content save, JSON as text. */
export interface ContentColumns extends RevisionContent {
  labels: string;
  anchors: string;
}

/** A content save: bumps the optimistic-versioning counter. */
export function updateReviewContent(
  db: Db,
  id: string,
  c: ContentColumns,
  approvedUnchanged: number,
  now: string,
): void {
  stmt(
    db,
    `UPDATE reviews SET sections = @sections, scores = @scores, notes = @notes, labels = @labels,
       anchors = @anchors, approved_unchanged = @approvedUnchanged, updated_at = @now, revision = revision + 1
     WHERE id = @id`,
  ).run({ id, ...c, approvedUnchanged, now });
}

export function setReviewDraft(db: Db, id: string, draftId: string): void {
  stmt(db, 'UPDATE reviews SET draft_id = ? WHERE id = ?').run(draftId, id);
}

export function updateReviewStatus(
  db: Db,
  s: { id: string; status: ReviewStatus; reason: string | null; approvedUnchanged: number; now: string },
): void {
  stmt(
    db,
    `UPDATE reviews SET status = @status, status_reason = @reason, approved_unchanged = @approvedUnchanged,
       updated_at = @now WHERE id = @id`,
  ).run(s);
}

export function addReviewTime(db: Db, id: string, ms: number): void {
  stmt(db, 'UPDATE reviews SET time_on_task_ms = time_on_task_ms + ? WHERE id = ?').run(ms, id);
}

/** Sorted time-on-task of the annotator's finished reviews, for the queue's ETA. */
export function finishedTimes(db: Db, annotator: string): number[] {
  const sql = `SELECT time_on_task_ms AS t FROM reviews
    WHERE annotator = ? AND status <> 'in_progress' AND time_on_task_ms > 0 ORDER BY t`;
  return (stmt(db, sql).all(annotator) as Array<{ t: number }>).map((r) => r.t);
}
