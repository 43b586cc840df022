import type { Db } from '../store/open';
import { AppError } from '../../shared/errors';
import type { RevisionSummary } from '../../shared/contract/review';
import { wordCount } from './content';
import { parseJson } from '../store/json';
import {
  firstRevisionId,
  insertRevision,
  latestRevision,
  revisionRow,
  revisionRows,
  updateRevision,
  type RevisionContent,
  type RevisionRow,
} from '../store/repos/review-revisions';

/**
 * A burst of edits ends after this much quiet; the next save starts a new revision. Saves
 * inside a burst update the burst's revision in place, so history has one entry per
 * sitting rather than one per keystroke.
 */
export const BURST_GAP_MS = 30_000;
/** Even continuous typing gets a checkpoint this often. */
export const MAX_BURST_MS = 5 * 60_000;

/**
 * Records content as a revision: a new row when forced (status change, restore, rebase),
 * when the last save is older than BURST_GAP_MS, the burst is older than MAX_BURST_MS, the
 * status differs, or the latest row is the review's first (the draft as opened, kept as is,
 * unless `keepFirst` is false: a review written from scratch has no draft to keep);
 * otherwise the latest row is updated in place. Runs inside the caller's transaction.
 */
export function recordRevision(
  db: Db,
  reviewId: string,
  c: RevisionContent,
  status: string,
  opts: { now: string; lastSaveAt?: string; force?: boolean; keepFirst?: boolean },
): void {
  const latest = latestRevision(db, reviewId);
  const now = Date.parse(opts.now);
  const inBurst =
    !opts.force &&
    latest !== undefined &&
    (opts.keepFirst === false || latest.id !== firstRevisionId(db, reviewId)) &&
    latest.status === status &&
    opts.lastSaveAt !== undefined &&
    now - Date.parse(opts.lastSaveAt) < BURST_GAP_MS &&
    now - Date.parse(latest.created_at) < MAX_BURST_MS;
  if (inBurst) updateRevision(db, latest.id, c, status);
  else insertRevision(db, reviewId, c, status, opts.now);
}

export function listRevisionSummaries(db: Db, reviewId: string): RevisionSummary[] {
  return revisionRows(db, reviewId).map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    status: r.status,
    words: wordCount(parseJson(r.sections, {})),
  }));
}

export function revisionDetail(db: Db, id: number) {
  const r = mustRevision(db, id);
  return {
    id: r.id,
    createdAt: r.created_at,
    status: r.status,
    words: wordCount(parseJson(r.sections, {})),
    sections: parseJson<Record<string, string>>(r.sections, {}),
    scores: parseJson<Record<string, number>>(r.scores, {}),
    notes: r.notes,
  };
}

export function mustRevision(db: Db, id: number, reviewId?: string): RevisionRow {
  const r = revisionRow(db, id);
  if (!r || (reviewId !== undefined && r.review_id !== reviewId)) {
    throw new AppError('not_found', `No revision ${id}${reviewId ? ' of this review' : ''}.`);
  }
  return r;
}
