import { z } from 'zod';
import { method } from './define';
import { ReviewStatus } from './review';

/**
 * Datasets in and out: export (training files for TRL / LLaMA-Factory / Axolotl), import of
 * existing review datasets, and merging another annotator's export.
 */

export const ExportFormat = z.enum(['messages', 'prompt-completion', 'alpaca', 'sharegpt', 'dpo']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Which reviews go in. Lists mean "any of"; an absent filter does not restrict. */
export const ExportFilters = z.object({
  status: z.array(ReviewStatus).min(1).default(['approved']),
  annotators: z.array(z.string().min(1)).optional(),
  /** The drafting model (reviews without a draft never match a model filter). */
  modelIds: z.array(z.string().min(1)).optional(),
  /** The drafting model's round label (models.round). */
  modelRounds: z.array(z.string().min(1)).optional(),
  templateIds: z.array(z.string().min(1)).optional(),
  /** On the review's last update; ISO dates or times, both ends inclusive (a bare date `to` means to its end). */
  from: z.string().min(1).optional(),
  to: z.string().min(1).optional(),
  /** Papers carrying any of these tags. */
  tags: z.array(z.string().min(1)).optional(),
  /**
   * Only reviews that are in no export of this named round or of any round named before it
   * (rounds ordered by their first export). Reviews are matched by id.
   */
  sinceRound: z.string().min(1).optional(),
});
export type ExportFilters = z.infer<typeof ExportFilters>;

/**
 * Checks that exclude a record unless asked to keep it. A paper trimmed to fit the context
 * is no longer one of them: every fitted record is written, its cuts marked in the text
 * and listed in its metadata (an export of long papers for a small model was nearly empty).
 */
export const ExportCheck = z.enum(['empty', 'duplicate', 'unchanged']);
export type ExportCheck = z.infer<typeof ExportCheck>;

export const ExportRequest = z.object({
  format: ExportFormat,
  /** The export folder; created, and it must not exist or be empty. */
  outDir: z.string().min(1),
  /** Name this export's round so a later export can ask for everything since it. */
  round: z.string().trim().min(1).max(100).optional(),
  filters: ExportFilters.default({ status: ['approved'] }),
  valRatio: z.number().min(0).max(1).default(0.1),
  seed: z.number().int().default(0),
  /** dpo: the minimum normalized word edit distance between draft and review. */
  threshold: z.number().min(0).max(1).default(0.05),
  /** Leave out the `metadata` object of each record. */
  bare: z.boolean().default(false),
  /** Keep records a check flagged; `all` keeps every flagged record. */
  include: z.array(z.union([ExportCheck, z.literal('all')])).default([]),
  /** Leave out records that are written by default: reviews with a low-information answer ("yes", "N/A"). */
  exclude: z.array(z.enum(['low_information'])).default([]),
  /**
   * The model the records are for (a registered model id, or a GGUF path): every prompt is
   * rendered by its chat template and fitted to its context, counting with its tokenizer.
   * Without it, a record keeps its draft's prompt and the rest are fitted for the default model.
   */
  forModel: z.string().min(1).optional(),
  /** Set by the caller to match progress events to this request. */
  requestId: z.string().min(1).max(100).optional(),
});
export type ExportRequest = z.infer<typeof ExportRequest>;
export type ExportRequestInput = z.input<typeof ExportRequest>;

export const ExcludedCounts = z.object({
  empty: z.number().int(),
  duplicate: z.number().int(),
  unchanged: z.number().int(),
  /** dpo only: a review without a draft has no rejected side. */
  noDraft: z.number().int(),
  /** The paper does not fit the target model's context even with every body section emptied. */
  doesNotFit: z.number().int(),
  /** Left out on request (exclude: low_information). */
  lowInformation: z.number().int(),
});
export type ExcludedCounts = z.infer<typeof ExcludedCounts>;

export const ExportCounts = z.object({
  matched: z.number().int(),
  train: z.number().int(),
  validation: z.number().int(),
  trainPapers: z.number().int(),
  validationPapers: z.number().int(),
  excluded: ExcludedCounts,
  /** Flagged by a check but kept because the request asked for it. */
  keptFlagged: ExcludedCounts,
  /** Where each record's user turn came from. */
  promptFromDraft: z.number().int(),
  promptRendered: z.number().int(),
  /** Written with the paper cut to fit the context (marked in the text, listed in the manifest). */
  trimmed: z.number().int(),
  /** Written with a low-information answer (metadata.low_information). */
  lowInformation: z.number().int(),
});
export type ExportCounts = z.infer<typeof ExportCounts>;

export const ExportFileInfo = z.object({
  path: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  records: z.number().int().optional(),
});

export const ExportResult = z.object({
  exportId: z.string(),
  outDir: z.string(),
  format: ExportFormat,
  round: z.string().nullable(),
  dryRun: z.boolean(),
  counts: ExportCounts,
  files: z.array(ExportFileInfo),
  manifestSha256: z.string().nullable(),
  warnings: z.array(z.string()),
  /** The first record, pretty-printed with long strings cut: what one line of the data looks like. */
  sample: z.string().nullable().optional(),
});
export type ExportResult = z.infer<typeof ExportResult>;

export const ExportSummary = z.object({
  id: z.string(),
  round: z.string().nullable(),
  format: z.string(),
  outDir: z.string(),
  createdAt: z.string(),
  records: z.number().int(),
});
export type ExportSummary = z.infer<typeof ExportSummary>;

export const LineError = z.object({ line: z.number().int(), message: z.string() });

export const ImportReviewsFileResult = z.object({
  file: z.string(),
  kind: z.enum(['review-json', 'jsonl', 'unknown']),
  source: z.string(),
  papersAdded: z.number().int(),
  papersPresent: z.number().int(),
  reviewsAdded: z.number().int(),
  reviewsPresent: z.number().int(),
  /** Same paper and annotator already stored with a different text: left as it was. */
  conflicts: z.array(z.object({ paperId: z.string(), annotator: z.string() })),
  /** Review JSON whose paper is not in the library (by file name, dataset id or title). */
  unmatched: z.array(z.object({ datasetPaperId: z.string(), title: z.string().nullable() })),
  /** Reviews kept whole in the first section because their headings were not recognized. */
  unstructured: z.number().int(),
  errors: z.array(LineError),
});
export type ImportReviewsFileResult = z.infer<typeof ImportReviewsFileResult>;

export const ImportReviewsResult = z.object({
  files: z.array(ImportReviewsFileResult),
  papersAdded: z.number().int(),
  reviewsAdded: z.number().int(),
  reviewsPresent: z.number().int(),
  errors: z.number().int(),
});
export type ImportReviewsResult = z.infer<typeof ImportReviewsResult>;

export const ScoreAgreement = z.object({
  score: z.string(),
  /** Krippendorff's alpha, interval metric; null when undefined (no pairs or no variation). */
  alpha: z.number().nullable(),
  units: z.number().int(),
  values: z.number().int(),
});

export const TextAgreement = z.object({
  paperId: z.string(),
  annotators: z.tuple([z.string(), z.string()]),
  editDistance: z.number(),
});

export const MergeResult = z.object({
  dir: z.string(),
  records: z.number().int(),
  papersAdded: z.number().int(),
  papersMatched: z.number().int(),
  reviewsAdded: z.number().int(),
  reviewsPresent: z.number().int(),
  conflicts: z.array(z.object({ paperId: z.string(), annotator: z.string(), reviewId: z.string() })),
  skipped: z.array(LineError.extend({ file: z.string() })),
  agreement: z.object({
    papers: z.number().int(),
    scores: z.array(ScoreAgreement),
    text: z.object({
      pairs: z.number().int(),
      meanEditDistance: z.number().nullable(),
      medianEditDistance: z.number().nullable(),
      byPair: z.array(TextAgreement),
    }),
  }),
});
export type MergeResult = z.infer<typeof MergeResult>;

export const ExportProgress = z.object({
  requestId: z.string(),
  phase: z.enum(['counting', 'writing', 'finishing', 'done', 'failed']),
  done: z.number().int(),
  total: z.number().int(),
});
export type ExportProgress = z.infer<typeof ExportProgress>;

export const ImportReviewsProgress = z.object({
  batchId: z.string(),
  file: z.string(),
  lines: z.number().int(),
  reviews: z.number().int(),
  bytesRead: z.number().int(),
  totalBytes: z.number().int(),
  done: z.boolean(),
});
export type ImportReviewsProgress = z.infer<typeof ImportReviewsProgress>;

export const datasetMethods = {
  exportDataset: method(
    'Write an export folder (train/validation JSONL, manifest, dataset card, dataset_info.json); progress as exportProgress.',
    ExportRequest,
    ExportResult,
  ),
  previewExport: method(
    'Count what an export would write and exclude, without writing anything.',
    ExportRequest.omit({ outDir: true }).extend({ outDir: z.string().default('') }),
    ExportResult,
  ),
  cancelExport: method(
    'Stop a running export; its partial files are removed.',
    z.object({ requestId: z.string() }),
    z.object({ cancelled: z.boolean() }),
  ),
  listExports: method(
    'Exports recorded in this library, newest first.',
    z.object({}).strict(),
    z.array(ExportSummary),
  ),
  importReviews: method(
    'Bring in review datasets (corpus review JSON matched to PDFs, or JSON Lines papers with reviews, optionally gzipped).',
    z.object({
      paths: z.array(z.string().min(1)).min(1),
      source: z.string().min(1).max(100).optional(),
      batchId: z.string().optional(),
    }),
    ImportReviewsResult,
  ),
  mergeExport: method(
    "Merge another annotator's export folder into this library; reports conflicts and agreement.",
    z.object({ dir: z.string().min(1) }),
    MergeResult,
  ),
};
