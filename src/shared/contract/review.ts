import { z } from 'zod';
import { method } from './define';
import { ReviewTemplate } from '../templates';
import { PaperView } from './library';

/** The annotator's correction of a draft: one per (paper, annotator). */
export const ReviewStatus = z.enum(['in_progress', 'approved', 'skipped', 'rejected']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

/** What was wrong with the draft; stored per review and exported as metadata. */
export const ReviewLabel = z.enum([
  'hallucinated_claim',
  'factual_error',
  'missed_weakness',
  'generic_comment',
  'wrong_score',
  'format',
]);
export type ReviewLabel = z.infer<typeof ReviewLabel>;

/** A cited passage of the PDF: enough context (before/after) to find it again. */
export const Anchor = z.object({
  id: z.string().min(1).max(100),
  sectionId: z.string().max(100),
  page: z.number().int().min(0),
  quote: z.string().min(1).max(5000),
  before: z.string().max(1000),
  after: z.string().max(1000),
  createdAt: z.string(),
});
export type Anchor = z.infer<typeof Anchor>;

const Sections = z.record(z.string(), z.string().max(2_000_000));
const Scores = z.record(z.string(), z.number());

export const ReviewView = z.object({
  id: z.string(),
  paperId: z.string(),
  annotator: z.string(),
  template: ReviewTemplate,
  draftId: z.string().nullable(),
  sections: Sections,
  scores: Scores,
  notes: z.string(),
  status: ReviewStatus,
  statusReason: z.string().nullable(),
  approvedUnchanged: z.boolean(),
  labels: z.array(ReviewLabel),
  anchors: z.array(Anchor),
  timeOnTaskMs: z.number(),
  revisionCount: z.number().int(),
  /** Bumped by every content save; a save names the one it started from (expectedRevision). */
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The draft this review started from (never modified), for the diff; null when written from scratch. */
  draft: z.object({ id: z.string(), sections: Sections, scores: Scores }).nullable(),
  /** False for a preview (openReview with `preview`): nothing is stored until the first real edit. */
  stored: z.boolean().optional(),
});
export type ReviewView = z.infer<typeof ReviewView>;

export const SaveReviewInput = z
  .object({
    reviewId: z.string().min(1),
    /** Only the sections that changed; merged into the stored ones. */
    sections: Sections.optional(),
    /** The whole score map (null clears a score). */
    scores: z.record(z.string(), z.number().nullable()).optional(),
    notes: z.string().max(200_000).optional(),
    labels: z.array(ReviewLabel).max(20).optional(),
    anchors: z.array(Anchor).max(2000).optional(),
    /** Active time since the last report; added to time on task. */
    timeDeltaMs: z.number().int().min(0).max(3_600_000).optional(),
    /**
     * The revision this edit started from. When the stored one has moved on (another tab or
     * window saved), nothing is written and the result carries `conflict`. Absent: no check
     * (the CLI, which writes whole reviews on purpose).
     */
    expectedRevision: z.number().int().min(0).optional(),
  })
  .strict();
export type SaveReviewInput = z.infer<typeof SaveReviewInput>;

/** What another writer saved, returned instead of overwriting it. */
export const ReviewConflict = z.object({
  message: z.string(),
  revision: z.number().int(),
  sections: Sections,
  scores: Scores,
  notes: z.string(),
  updatedAt: z.string(),
});
export type ReviewConflict = z.infer<typeof ReviewConflict>;

export const SaveReviewResult = z.object({
  updatedAt: z.string(),
  revisionCount: z.number().int(),
  /** False when the patch equalled what was stored (nothing written but time), or on a conflict. */
  changed: z.boolean(),
  /** The stored revision after the save (the server's, unchanged, on a conflict). */
  revision: z.number().int(),
  /** Set when expectedRevision was stale: nothing was written; the client decides (keep mine / load theirs). */
  conflict: ReviewConflict.optional(),
});
export type SaveReviewResult = z.infer<typeof SaveReviewResult>;

export const RevisionSummary = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  status: z.string(),
  words: z.number().int(),
});
export const RevisionDetail = RevisionSummary.extend({
  sections: Sections,
  scores: Scores,
  notes: z.string(),
});
export type RevisionSummary = z.infer<typeof RevisionSummary>;

/** The queue walks the library's view (same filters and order as listPapers), so Previous/Next follow that list. */
export const QueueFilter = PaperView;
export type QueueFilter = z.infer<typeof QueueFilter>;

export const ReviewQueue = z.object({
  /** Index of the paper in the filtered list, or null when it has left the filter (e.g. approved under "new"). */
  position: z.number().int().nullable(),
  total: z.number().int(),
  prevId: z.string().nullable(),
  nextId: z.string().nullable(),
  /** Progress over the filter's search, whatever the status filter: approved, skipped or rejected. */
  done: z.number().int(),
  all: z.number().int(),
  /** Remaining × the annotator's median time on task; null until one review is done. */
  etaMs: z.number().nullable(),
});
export type ReviewQueue = z.infer<typeof ReviewQueue>;

const ReviewId = z.object({ reviewId: z.string().min(1) }).strict();

export const reviewMethods = {
  openReview: method(
    "Open the settings annotator's review of a paper, creating it from the chosen (or latest) draft if there is none; with `preview`, a review not yet stored is returned without creating it (stored: false), and `id` names the review to create.",
    z
      .object({
        paperId: z.string().min(1),
        draftId: z.string().optional(),
        preview: z.boolean().optional(),
        id: z.string().uuid().optional(),
      })
      .strict(),
    ReviewView,
  ),
  getReview: method(
    "One annotator's review of a paper (default: the settings annotator), or null; never creates one.",
    z.object({ paperId: z.string().min(1), annotator: z.string().optional() }).strict(),
    ReviewView.nullable(),
  ),
  saveReview: method(
    'Autosave: merge changed fields; one revision per burst of edits.',
    SaveReviewInput,
    SaveReviewResult,
  ),
  setReviewStatus: method(
    'Approve, skip or reject (with a reason), or reopen a review; the paper status follows.',
    z
      .object({ reviewId: z.string().min(1), status: ReviewStatus, reason: z.string().max(2000).optional() })
      .strict(),
    ReviewView,
  ),
  approveUnchanged: method(
    'Approve a review that still equals its draft, marked as such.',
    ReviewId,
    ReviewView,
  ),
  listReviewRevisions: method(
    'Saved revisions of a review, oldest first.',
    ReviewId,
    z.array(RevisionSummary),
  ),
  getReviewRevision: method(
    'One revision with its text.',
    z.object({ revisionId: z.number().int() }).strict(),
    RevisionDetail,
  ),
  restoreReviewRevision: method(
    'Bring back an older revision (itself recorded as a new revision).',
    z.object({ reviewId: z.string().min(1), revisionId: z.number().int() }).strict(),
    ReviewView,
  ),
  baseReviewOnDraft: method(
    "Replace the review's text with another draft's (kept as a new revision) and record it as the base.",
    z.object({ reviewId: z.string().min(1), draftId: z.string().min(1) }).strict(),
    ReviewView,
  ),
  getReviewQueue: method(
    'Previous/next paper within a library filter, with progress and an ETA.',
    z
      .object({ paperId: z.string().min(1), filter: QueueFilter, hint: z.number().int().min(0).optional() })
      .strict(),
    ReviewQueue,
  ),
};
