import { z } from 'zod';
import { method } from './define';
import { ReviewLabel } from './review';

/**
 * Insights: is the model getting better round by round? Every number is computed from the
 * stored drafts and reviews (see src/core/insights/README.md for the exact definitions).
 */

/** Error kinds an annotator can tag a draft with (the review contract's list); listed with 0 so charts line up. */
export const INSIGHT_LABELS = ReviewLabel.options;

/** Point overlap: how draft and corrected review are split and matched (shown in the UI). */
export const POINT_RULE = {
  unit: 'bullet-else-sentence',
  similarity: 'token-jaccard',
  threshold: 0.5,
  matching: 'greedy-one-to-one',
} as const;

/** Edit-distance histogram: 10 bins of width 0.1, [0,0.1) … [0.9,1.0] (the last one closed). */
export const HISTOGRAM_BINS = 10;

export const InsightsGroupBy = z.enum(['model', 'adapter', 'round', 'annotator', 'section']);
export type InsightsGroupBy = z.infer<typeof InsightsGroupBy>;

/** A date (YYYY-MM-DD, a bare `to` date includes that whole day) or an ISO date-time. */
const DateBound = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected YYYY-MM-DD or an ISO date-time');

export const InsightsQuery = z
  .object({
    /** On the draft's creation time, both ends inclusive. */
    from: DateBound.optional(),
    to: DateBound.optional(),
    /** A template id ("four-part@1") or name ("four-part"); on the draft's template. */
    template: z.string().min(1).max(200).optional(),
    by: InsightsGroupBy.default('round'),
    /** Two round labels (models.round) to put side by side; the change is b − a. */
    compareRounds: z.tuple([z.string().min(1), z.string().min(1)]).optional(),
  })
  .strict();
export type InsightsQuery = z.input<typeof InsightsQuery>;

const int = () => z.number().int();
const num = () => z.number().nullable();

export const EditDistanceStats = z.object({
  /** Number of (draft, approved review) pairs measured. */
  n: int(),
  median: num(),
  mean: num(),
  /** Counts per bin (HISTOGRAM_BINS bins). */
  histogram: z.array(int()),
});
export type EditDistanceStats = z.infer<typeof EditDistanceStats>;

export const PointOverlap = z.object({
  draftPoints: int(),
  correctedPoints: int(),
  matched: int(),
  /** matched / correctedPoints: the share of the corrected review's points the draft already had. */
  recall: num(),
  /** matched / draftPoints: the share of the draft's points the annotator kept. */
  precision: num(),
});
export type PointOverlap = z.infer<typeof PointOverlap>;

export const SectionInsight = z.object({
  templateId: z.string(),
  sectionId: z.string(),
  title: z.string(),
  editDistance: EditDistanceStats,
  points: PointOverlap,
});
export type SectionInsight = z.infer<typeof SectionInsight>;

export const LabelRate = z.object({ label: z.string(), count: int(), per100: num() });
export const ScoreDifference = z.object({ score: z.string(), n: int(), meanAbsDiff: num() });
export const SpeedStats = z.object({ n: int(), medianTokensPerSecond: num(), medianTtftMs: num() });

export const GroupInsight = z.object({
  /** The group's value (model id, adapter set, round, annotator); null = none recorded. */
  key: z.string().nullable(),
  label: z.string(),
  drafts: int(),
  papersDrafted: int(),
  /** Drafts × reviews: reviews that point at one of the group's drafts. */
  reviewed: int(),
  approved: int(),
  approvedUnchanged: int(),
  /** approvedUnchanged / approved. */
  unchangedShare: num(),
  skipped: int(),
  rejected: int(),
  inProgress: int(),
  editDistance: EditDistanceStats,
  sections: z.array(SectionInsight),
  points: PointOverlap,
  /** Reviews approved or rejected: the drafts an annotator has judged (labels' denominator). */
  judged: int(),
  labels: z.array(LabelRate),
  /** All labels per 100 judged drafts. */
  labelsPer100: num(),
  scores: z.array(ScoreDifference),
  timeOnTask: z.object({ n: int(), medianMs: num(), meanMs: num() }),
  speed: SpeedStats,
});
export type GroupInsight = z.infer<typeof GroupInsight>;

export const SpeedRow = SpeedStats.extend({
  modelKey: z.string().nullable(),
  model: z.string(),
  backend: z.string().nullable(),
});
export type SpeedRow = z.infer<typeof SpeedRow>;

export const MeasureName = z.enum([
  'drafts',
  'papersDrafted',
  'approved',
  'approvedUnchanged',
  'unchangedShare',
  'skipped',
  'editDistanceMedian',
  'editDistanceMean',
  'pointRecall',
  'pointPrecision',
  'labelsPer100',
  'labelPer100',
  'scoreMeanAbsDiff',
  'timeOnTaskMedianMs',
  'timeOnTaskMeanMs',
  'tokensPerSecondMedian',
  'ttftMedianMs',
  'sectionEditDistanceMedian',
]);
export type MeasureName = z.infer<typeof MeasureName>;

export const MeasureChange = z.object({
  measure: MeasureName,
  /** The label, score name or "templateId/sectionId" the measure is about. */
  param: z.string().nullable(),
  a: num(),
  b: num(),
  /** b − a. */
  abs: num(),
  /** (b − a) / a; null when a is 0 or missing. */
  rel: num(),
  /** Which direction is an improvement; null when neither is. */
  better: z.enum(['higher', 'lower']).nullable(),
});
export type MeasureChange = z.infer<typeof MeasureChange>;

export const RoundComparison = z.object({
  a: GroupInsight,
  b: GroupInsight,
  changes: z.array(MeasureChange),
});
export type RoundComparison = z.infer<typeof RoundComparison>;

export const InsightsResult = z.object({
  by: InsightsGroupBy,
  /** Rounds and templates of the drafts that pass the date filter (for pickers). */
  rounds: z.array(z.string()),
  templates: z.array(z.string()),
  pointRule: z.object({
    unit: z.literal(POINT_RULE.unit),
    similarity: z.literal(POINT_RULE.similarity),
    threshold: z.number(),
    matching: z.literal(POINT_RULE.matching),
  }),
  overall: GroupInsight,
  /** One per model / adapter set / round / annotator; empty for by=section (see overall.sections). */
  groups: z.array(GroupInsight),
  /** Drafting speed per model and backend. */
  speed: z.array(SpeedRow),
  comparison: RoundComparison.nullable(),
});
export type InsightsResult = z.infer<typeof InsightsResult>;

export const insightsMethods = {
  getInsights: method(
    'Round-over-round quality measures of the drafts (edit distance, unchanged share, point overlap, labels, scores, time, speed).',
    InsightsQuery,
    InsightsResult,
  ),
};
