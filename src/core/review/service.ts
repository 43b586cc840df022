import { createHash } from 'node:crypto';
import type { Services } from '../services';
import type { Db } from '../store/open';
import { AppError } from '../../shared/errors';
import type {
  ReviewStatus,
  ReviewView,
  SaveReviewInput,
  SaveReviewResult,
} from '../../shared/contract/review';
import { readSettings } from '../store/repos/settings';
import { getPaper, setPaperStatus } from '../store/repos/papers';
import { parseJson } from '../store/json';
import { draftContentRow, latestUsableDraft } from '../store/repos/drafts';
import {
  addReviewTime,
  insertReview,
  reviewRow,
  reviewRowFor,
  setReviewDraft,
  updateReviewContent,
  type NewReview,
  type ReviewRow,
} from '../store/repos/reviews';
import { revisionCount } from '../store/repos/review-revisions';
import {
  applyScores,
  checkSections,
  draftContent,
  equalsDraft,
  fullSections,
  templateOf,
  type Content,
} from './content';
import { recordRevision } from './revisions';
import { reconcileAnchors } from '../../shared/review-citations';

export function resolveAnnotator(s: Services, given?: string): string {
  const name = (given ?? readSettings(s.db).annotator).trim();
  if (!name)
    throw new AppError('invalid_input', 'No annotator name yet: set it in Settings (or pass --annotator).');
  return name;
}

export function contentOf(row: ReviewRow): Content {
  return {
    sections: parseJson(row.sections, {}),
    scores: parseJson(row.scores, {}),
    notes: row.notes,
    labels: parseJson(row.labels, []),
    anchors: parseJson(row.anchors, []),
  };
}

export function toView(db: Db, row: ReviewRow): ReviewView {
  const template = templateOf(row.template_id);
  const c = contentOf(row);
  const draft = row.draft_id ? draftContentRow(db, row.draft_id) : undefined;
  return {
    id: row.id,
    paperId: row.paper_id,
    annotator: row.annotator,
    template,
    draftId: row.draft_id,
    sections: fullSections(template, c.sections),
    scores: c.scores,
    notes: c.notes,
    status: row.status,
    statusReason: row.status_reason,
    approvedUnchanged: row.approved_unchanged === 1,
    labels: c.labels,
    anchors: c.anchors,
    timeOnTaskMs: row.time_on_task_ms,
    revisionCount: revisionCount(db, row.id),
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    draft: draft ? { id: draft.id, ...draftContent(draft, template) } : null,
  };
}

export function mustReview(db: Db, id: string): ReviewRow {
  const row = reviewRow(db, id);
  if (!row) throw new AppError('not_found', `No review with id ${id}.`);
  return row;
}

/**
 * The annotator's review of a paper, from the chosen draft (or the newest usable one, or
 * empty). The draft row is only read, never written. A `preview` stores nothing: opening a
 * paper must not count as work on it, so the UI creates the review (with the preview's id)
 * at the first real edit. A review written from scratch gets no empty first revision.
 */
export function openReview(
  s: Services,
  input: { paperId: string; draftId?: string; annotator?: string; preview?: boolean; id?: string },
): ReviewView {
  const annotator = resolveAnnotator(s, input.annotator);
  if (!getPaper(s.db, input.paperId)) throw new AppError('not_found', `No paper with id ${input.paperId}.`);
  const existing = reviewRowFor(s.db, input.paperId, annotator);
  if (existing) return toView(s.db, existing);
  const draft = input.draftId ? draftContentRow(s.db, input.draftId) : latestUsableDraft(s.db, input.paperId);
  if (input.draftId && (!draft || draft.paper_id !== input.paperId)) {
    throw new AppError('not_found', `No draft ${input.draftId} of this paper.`);
  }
  const templateId = draft?.template_id ?? readSettings(s.db).defaultTemplate;
  const template = templateOf(templateId);
  const base = draft ? draftContent(draft, template) : { sections: fullSections(template, {}), scores: {} };
  const fields = {
    paperId: input.paperId,
    annotator,
    templateId: template.id,
    draftId: draft?.id ?? null,
    ...base,
  };
  if (input.preview)
    return previewView(s.db, { id: input.id ?? previewId(input.paperId, annotator), ...fields });
  const created = insertReview(s.db, {
    ...fields,
    ...(input.id ? { id: input.id } : {}),
    firstRevision: draft !== undefined,
  });
  return toView(s.db, mustReview(s.db, created.id));
}

/**
 * Every tab previews one paper's review under the same id, so the first tab to edit creates
 * it and another tab's first save finds it and meets a revision conflict, instead of saving
 * to an id that was never created. UUID-shaped, from sha256(paper id, annotator).
 */
function previewId(paperId: string, annotator: string): string {
  const h = createHash('sha256').update(`${paperId}\n${annotator}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The view a review would have if it were created now, stored nowhere. */
function previewView(
  db: Db,
  f: Required<
    Pick<NewReview, 'id' | 'paperId' | 'annotator' | 'templateId' | 'draftId' | 'sections' | 'scores'>
  >,
): ReviewView {
  const now = new Date().toISOString();
  const row: ReviewRow = {
    id: f.id,
    paper_id: f.paperId,
    annotator: f.annotator,
    template_id: f.templateId,
    draft_id: f.draftId,
    sections: JSON.stringify(f.sections),
    scores: JSON.stringify(f.scores),
    notes: '',
    status: 'in_progress',
    status_reason: null,
    approved_unchanged: 0,
    labels: '[]',
    anchors: '[]',
    time_on_task_ms: 0,
    source: 'annotator',
    created_at: now,
    updated_at: now,
    revision: 0,
  };
  return { ...toView(db, row), stored: false };
}

export function getReviewView(s: Services, paperId: string, annotator?: string): ReviewView | null {
  const row = reviewRowFor(s.db, paperId, resolveAnnotator(s, annotator));
  return row ? toView(s.db, row) : null;
}

/** Keeps the paper's workflow status in step with its review, telling lists to refresh. */
function followPaper(s: Services, paperId: string, status: ReviewStatus): void {
  const paper = getPaper(s.db, paperId);
  if (paper && paper.status !== status) {
    setPaperStatus(s.db, paperId, status);
    s.events.emit('papersChanged', { ids: [paperId] });
  }
}

/** The stored review as a conflict answer: what the other writer saved, for "load theirs". */
function conflictOf(db: Db, row: ReviewRow): SaveReviewResult {
  const c = contentOf(row);
  const message = `This review was changed elsewhere (another tab or window) since you opened it: revision ${row.revision} is stored.`;
  return {
    updatedAt: row.updated_at,
    revisionCount: revisionCount(db, row.id),
    changed: false,
    revision: row.revision,
    conflict: {
      message,
      revision: row.revision,
      sections: fullSections(templateOf(row.template_id), c.sections),
      scores: c.scores,
      notes: c.notes,
      updatedAt: row.updated_at,
    },
  };
}

/**
 * Autosave. One synchronous transaction (better-sqlite3 + synchronous=FULL), so when this
 * returns the edit is on disk. A patch equal to what is stored writes nothing but time. With
 * `expectedRevision`, a stale edit writes nothing and comes back as a conflict (as data).
 */
export function saveReview(s: Services, input: SaveReviewInput): SaveReviewResult {
  const db = s.db;
  let changed = false;
  let conflict: SaveReviewResult | undefined;
  let row = mustReview(db, input.reviewId);
  db.transaction(() => {
    // Read again inside the transaction: the check and the write see one state.
    row = mustReview(db, input.reviewId);
    if (input.expectedRevision !== undefined && input.expectedRevision !== row.revision) {
      conflict = conflictOf(db, row);
      return;
    }
    if (input.timeDeltaMs) addReviewTime(db, row.id, input.timeDeltaMs);
    const template = templateOf(row.template_id);
    const cur = contentOf(row);
    if (input.sections) checkSections(template, input.sections);
    const sections = input.sections ? { ...cur.sections, ...input.sections } : cur.sections;
    const next: Content = {
      sections,
      scores: input.scores ? applyScores(template, cur.scores, input.scores) : cur.scores,
      notes: input.notes ?? cur.notes,
      labels: input.labels ? [...new Set(input.labels)] : cur.labels,
      // Anchors follow the text: a citation deleted or undone takes its anchor with it.
      anchors: reconcileAnchors(input.anchors ?? cur.anchors, sections),
    };
    const json = {
      sections: JSON.stringify(next.sections),
      scores: JSON.stringify(next.scores),
      notes: next.notes,
      labels: JSON.stringify(next.labels),
      anchors: JSON.stringify(next.anchors),
    };
    changed = (['sections', 'scores', 'notes', 'labels', 'anchors'] as const).some((k) => json[k] !== row[k]);
    if (!changed) return;
    // An edit after "approve unchanged" means it is no longer unchanged.
    let unchanged = row.approved_unchanged;
    if (unchanged && row.draft_id) {
      const d = draftContentRow(db, row.draft_id);
      if (!d || !equalsDraft(template, next, draftContent(d, template))) unchanged = 0;
    }
    const now = new Date().toISOString();
    updateReviewContent(db, row.id, json, unchanged, now);
    recordRevision(db, row.id, json, row.status, {
      now,
      lastSaveAt: row.updated_at,
      keepFirst: row.draft_id !== null,
    });
  }).immediate();
  if (conflict) return conflict;
  row = mustReview(db, input.reviewId);
  if (changed && row.status === 'in_progress') followPaper(s, row.paper_id, 'in_progress');
  return {
    updatedAt: row.updated_at,
    revisionCount: revisionCount(db, row.id),
    changed,
    revision: row.revision,
  };
}

/** Writes a whole new content (restore, rebase) as its own revision. */
export function replaceContent(
  s: Services,
  row: ReviewRow,
  c: Pick<Content, 'sections' | 'scores' | 'notes'>,
  draftId?: string,
): void {
  const db = s.db;
  const cur = contentOf(row);
  const json = {
    sections: JSON.stringify(c.sections),
    scores: JSON.stringify(c.scores),
    notes: c.notes,
    labels: JSON.stringify(cur.labels),
    anchors: JSON.stringify(cur.anchors),
  };
  const now = new Date().toISOString();
  db.transaction(() => {
    if (draftId) setReviewDraft(db, row.id, draftId);
    updateReviewContent(db, row.id, json, 0, now);
    recordRevision(db, row.id, json, row.status, { now, force: true });
  })();
  if (row.status === 'in_progress') followPaper(s, row.paper_id, 'in_progress');
}

export { followPaper };
