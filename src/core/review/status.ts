import type { Services } from '../services';
import { AppError } from '../../shared/errors';
import type { ReviewStatus, ReviewView } from '../../shared/contract/review';
import { draftContent, equalsDraft, fullSections, isBlank, templateOf } from './content';
import { parseJson } from '../store/json';
import { draftContentRow } from '../store/repos/drafts';
import { updateReviewStatus } from '../store/repos/reviews';
import { mustRevision, recordRevision } from './revisions';
import { contentOf, followPaper, mustReview, replaceContent, toView } from './service';

/**
 * Status transitions. Approve needs a non-empty review with every score filled in, and one
 * that differs from its draft: approving an untouched draft is the separate, explicit
 * "approve unchanged" (so the data says which reviews a person really corrected). Skip and
 * reject need a reason. Any status may go back to in_progress (reopen). Each change is its
 * own revision, and the paper's status follows.
 */
export function setReviewStatus(
  s: Services,
  input: { reviewId: string; status: ReviewStatus; reason?: string },
): ReviewView {
  const row = mustReview(s.db, input.reviewId);
  const template = templateOf(row.template_id);
  const c = contentOf(row);
  const reason = input.reason?.trim() || null;
  if (input.status === 'approved') {
    if (isBlank(fullSections(template, c.sections)))
      throw new AppError('conflict', 'The review is empty; write it before approving.');
    const missing = template.scores.filter((sc) => c.scores[sc.name] === undefined).map((sc) => sc.name);
    if (missing.length) throw new AppError('conflict', `Fill in ${missing.join(' and ')} before approving.`);
    const d = row.draft_id ? draftContentRow(s.db, row.draft_id) : undefined;
    if (d && equalsDraft(template, c, draftContent(d, template))) {
      throw new AppError(
        'conflict',
        'The review is identical to its draft: use "Approve unchanged" to approve it as it is.',
      );
    }
  }
  if ((input.status === 'skipped' || input.status === 'rejected') && !reason) {
    throw new AppError('invalid_input', `Say why the paper is ${input.status}: a reason is required.`);
  }
  write(
    s,
    row.id,
    input.status,
    input.status === 'in_progress' || input.status === 'approved' ? null : reason,
    0,
  );
  return toView(s.db, mustReview(s.db, row.id));
}

export function approveUnchanged(s: Services, reviewId: string): ReviewView {
  const row = mustReview(s.db, reviewId);
  const template = templateOf(row.template_id);
  const d = row.draft_id ? draftContentRow(s.db, row.draft_id) : undefined;
  if (!d) throw new AppError('conflict', 'This review has no draft, so it cannot be approved unchanged.');
  if (!equalsDraft(template, contentOf(row), draftContent(d, template))) {
    throw new AppError('conflict', 'The review has been edited since the draft; use "Approve" instead.');
  }
  write(s, row.id, 'approved', null, 1);
  return toView(s.db, mustReview(s.db, row.id));
}

function write(
  s: Services,
  id: string,
  status: ReviewStatus,
  reason: string | null,
  approvedUnchanged: number,
): void {
  const now = new Date().toISOString();
  s.db.transaction(() => {
    const row = mustReview(s.db, id);
    updateReviewStatus(s.db, { id, status, reason, approvedUnchanged, now });
    recordRevision(s.db, id, row, status, { now, force: true });
  })();
  followPaper(s, mustReview(s.db, id).paper_id, status);
}

/** Brings an older revision's text back; recorded as a new revision (history only grows). */
export function restoreRevision(s: Services, reviewId: string, revisionId: number): ReviewView {
  const row = mustReview(s.db, reviewId);
  const r = mustRevision(s.db, revisionId, reviewId);
  replaceContent(s, row, {
    sections: parseJson(r.sections, {}),
    scores: parseJson(r.scores, {}),
    notes: r.notes,
  });
  return toView(s.db, mustReview(s.db, reviewId));
}

/** Starts the review over from another draft of the same paper; the old text stays in history. */
export function baseOnDraft(s: Services, reviewId: string, draftId: string): ReviewView {
  const row = mustReview(s.db, reviewId);
  const d = draftContentRow(s.db, draftId);
  if (!d || d.paper_id !== row.paper_id)
    throw new AppError('not_found', `No draft ${draftId} of this paper.`);
  const template = templateOf(row.template_id);
  if (d.template_id && d.template_id !== row.template_id) {
    throw new AppError(
      'conflict',
      `Draft ${draftId} uses template ${d.template_id}, this review ${row.template_id}.`,
    );
  }
  const base = draftContent(d, template);
  replaceContent(s, row, { sections: base.sections, scores: base.scores, notes: contentOf(row).notes }, d.id);
  return toView(s.db, mustReview(s.db, reviewId));
}
