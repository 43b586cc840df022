import { randomUUID } from 'node:crypto';
import type { Db } from '../open';
import { parseJson } from '../json';
import { AppError } from '../../../shared/errors';
import { BUILT_IN_TEMPLATES, findTemplate } from '../../../shared/templates';

/**
 * Reviews and their revisions. Plain functions, db first; statements are prepared once per
 * connection. JSON columns are parsed here so callers see plain objects.
 */
export type ReviewStatus = 'in_progress' | 'approved' | 'skipped' | 'rejected';

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

export interface NewReview {
  id?: string;
  paperId: string;
  annotator: string;
  templateId: string;
  draftId?: string | null;
  sections: Record<string, string>;
  scores?: Record<string, number>;
  notes?: string;
  status?: ReviewStatus;
  statusReason?: string | null;
  approvedUnchanged?: boolean;
  labels?: string[];
  timeOnTaskMs?: number;
  source?: string;
  createdAt?: string;
  updatedAt?: string;
  /** False: no first revision (a review written from scratch starts with nothing to keep). */
  firstRevision?: boolean;
}

export interface ReviewRevision {
  id: number;
  reviewId: string;
  sections: Record<string, string>;
  scores: Record<string, number>;
  notes: string;
  status: string;
  createdAt: string;
}

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

const cache = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  return {
    insert: db.prepare(`INSERT INTO reviews (id, paper_id, annotator, template_id, draft_id, sections, scores,
        notes, status, status_reason, approved_unchanged, labels, time_on_task_ms, source, created_at, updated_at)
      VALUES (@id, @paperId, @annotator, @templateId, @draftId, @sections, @scores, @notes, @status,
        @statusReason, @approvedUnchanged, @labels, @timeOnTaskMs, @source, @createdAt, @updatedAt)`),
    revision:
      db.prepare(`INSERT INTO review_revisions (review_id, sections, scores, notes, status, created_at)
      VALUES (?, ?, ?, ?, ?, ?)`),
    byId: db.prepare('SELECT * FROM reviews WHERE id = ?'),
    byPaperAnnotator: db.prepare('SELECT * FROM reviews WHERE paper_id = ? AND annotator = ?'),
    byPaper: db.prepare('SELECT * FROM reviews WHERE paper_id = ? ORDER BY annotator'),
    revisions: db.prepare('SELECT * FROM review_revisions WHERE review_id = ? ORDER BY id'),
    templateExists: db.prepare('SELECT 1 FROM review_templates WHERE id = ?'),
    templateInsert:
      db.prepare(`INSERT OR IGNORE INTO review_templates (id, name, version, definition, created_at)
      VALUES (?, ?, ?, ?, ?)`),
  };
}

function stmts(db: Db) {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
}

/**
 * reviews.template_id references review_templates; a built-in template is stored on first
 * use (INSERT OR IGNORE, so whoever seeds first wins and the row is identical anyway).
 */
export function ensureTemplateStored(db: Db, templateId: string): void {
  const s = stmts(db);
  if (s.templateExists.get(templateId)) return;
  const t = findTemplate(templateId);
  if (!t || t.id !== templateId) {
    throw new AppError('not_found', `Unknown review template "${templateId}".`);
  }
  s.templateInsert.run(t.id, t.name, t.version, JSON.stringify(t), new Date().toISOString());
}

export function ensureBuiltInTemplates(db: Db): void {
  for (const t of BUILT_IN_TEMPLATES) ensureTemplateStored(db, t.id);
}

/** Inserts a review and its first revision in one transaction. */
export function insertReview(db: Db, input: NewReview): Review {
  const s = stmts(db);
  const now = new Date().toISOString();
  const row = {
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
  db.transaction(() => {
    ensureTemplateStored(db, row.templateId);
    try {
      s.insert.run(row);
    } catch (e) {
      if (/UNIQUE constraint failed/.test((e as Error).message)) {
        throw new AppError('conflict', `There is already a review of ${row.paperId} by "${row.annotator}".`);
      }
      throw e;
    }
    if (input.firstRevision !== false)
      s.revision.run(row.id, row.sections, row.scores, row.notes, row.status, row.updatedAt);
  })();
  return getReview(db, row.id)!;
}

export function getReview(db: Db, id: string): Review | undefined {
  const r = stmts(db).byId.get(id) as ReviewRow | undefined;
  return r ? reviewFromRow(r) : undefined;
}

export function findReview(db: Db, paperId: string, annotator: string): Review | undefined {
  const r = stmts(db).byPaperAnnotator.get(paperId, annotator) as ReviewRow | undefined;
  return r ? reviewFromRow(r) : undefined;
}

export function listReviewsOfPaper(db: Db, paperId: string): Review[] {
  return (stmts(db).byPaper.all(paperId) as ReviewRow[]).map(reviewFromRow);
}

export function listRevisions(db: Db, reviewId: string): ReviewRevision[] {
  const rows = stmts(db).revisions.all(reviewId) as Array<{
    id: number;
    review_id: string;
    sections: string;
    scores: string;
    notes: string;
    status: string;
    created_at: string;
  }>;
  return rows.map((r) => ({
    id: r.id,
    reviewId: r.review_id,
    sections: parseJson(r.sections, {}),
    scores: parseJson(r.scores, {}),
    notes: r.notes,
    status: r.status,
    createdAt: r.created_at,
  }));
}
