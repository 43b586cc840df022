import { readFileSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import type { ReviewStatus, ReviewView } from '../../shared/contract/review';
import {
  approveUnchanged,
  getReviewView,
  openReview,
  resolveAnnotator,
  saveReview,
  setReviewStatus,
} from '../../core/review';
import { parseReviewIntoTemplate, renderReview } from '../../shared/review-markdown';
import { UsageError, stringOption, type Verb } from '../verb';
import { resolvePaperId } from './text';

const STATUSES = ['approved', 'approved-unchanged', 'skipped', 'rejected', 'in_progress'] as const;

export function reviewJson(v: ReviewView) {
  return {
    id: v.id,
    paperId: v.paperId,
    annotator: v.annotator,
    template: v.template.id,
    draftId: v.draftId,
    status: v.status,
    statusReason: v.statusReason,
    approvedUnchanged: v.approvedUnchanged,
    sections: v.sections,
    scores: v.scores,
    notes: v.notes,
    labels: v.labels,
    anchors: v.anchors,
    timeOnTaskMs: v.timeOnTaskMs,
    revisionCount: v.revisionCount,
    updatedAt: v.updatedAt,
  };
}

export const reviewVerb: Verb = {
  name: 'review',
  summary: "Print a paper's review, or save one from a Markdown file (## Section title, **Rating:** 6).",
  args: '<paper-id>',
  options: {
    json: { type: 'boolean', description: 'print the review as one JSON object' },
    'text-file': {
      type: 'string',
      value: 'FILE',
      description: "save the review from this Markdown file (the template's canonical form)",
    },
    status: { type: 'string', value: 'STATUS', description: `then set the status: ${STATUSES.join(', ')}` },
    reason: { type: 'string', value: 'TEXT', description: 'the reason for skipped or rejected' },
    annotator: {
      type: 'string',
      value: 'NAME',
      description: 'whose review (default: the annotator in Settings)',
    },
  },
  run(ctx) {
    const given = ctx.positionals[0];
    if (!given || ctx.positionals.length > 1)
      throw new UsageError('review needs exactly one paper id (see "papers").');
    const status = stringOption(ctx.values, 'status');
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got "${status}".`);
    }
    const file = stringOption(ctx.values, 'text-file');
    if (status && !file) throw new UsageError('--status goes with --text-file.');
    const s = ctx.services();
    const paperId = resolvePaperId(s, given);
    const annotator = resolveAnnotator(s, stringOption(ctx.values, 'annotator'));
    let view: ReviewView | null;
    if (file) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw new AppError('io_error', `Cannot read ${file}: ${(e as Error).message}`);
      }
      view = openReview(s, { paperId, annotator });
      const parsed = parseReviewIntoTemplate(text, view.template);
      for (const h of parsed.unknownHeadings)
        ctx.note(`note: "## ${h}" is not a section of ${view.template.id}; kept as text.`);
      const scores = Object.fromEntries(
        view.template.scores.map((sc) => [sc.name, parsed.scores[sc.name] ?? null]),
      );
      saveReview(s, { reviewId: view.id, sections: parsed.sections, scores });
      const reason = stringOption(ctx.values, 'reason');
      if (status === 'approved-unchanged') approveUnchanged(s, view.id);
      else if (status)
        setReviewStatus(s, {
          reviewId: view.id,
          status: status as ReviewStatus,
          ...(reason ? { reason } : {}),
        });
      view = getReviewView(s, paperId, annotator);
    } else {
      view = getReviewView(s, paperId, annotator);
      if (!view)
        throw new AppError('not_found', `No review of ${paperId.slice(0, 12)} by "${annotator}" yet.`);
    }
    if (!view) throw new AppError('internal', 'The review vanished while saving.');
    if (ctx.values.json) {
      ctx.out(JSON.stringify(reviewJson(view)));
      return 0;
    }
    if (!file) ctx.out(renderReview(view.sections, view.scores, view.template).trimEnd());
    const reason = view.statusReason ? ` (${view.statusReason})` : '';
    const plain = view.approvedUnchanged ? ', unchanged' : '';
    // After the printed review, a blank line keeps the status off the review's last line.
    const gap = file ? '' : '\n';
    ctx.note(
      `${gap}Status: ${view.status}${plain}${reason} · ${view.annotator} · ${view.revisionCount} revisions · labels: ${view.labels.join(', ') || 'none'}`,
    );
    return 0;
  },
};
