import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import type { Db } from '../store/open';
import type {
  ImportReviewsFileResult,
  ImportReviewsProgress,
  ImportReviewsResult,
} from '../../shared/contract/dataset';
import { AppError } from '../../shared/errors';
import { readRegularFileSync } from './bounded-read';
import { DatasetLine, storeDatasetPaper, type PaperTally } from './dataset-paper';
import { expandDatasetPaths, fileKind, sourceFromFile } from './files';
import { formByTemplate, identifyForm } from './forms';
import { readJsonLines } from './jsonl';
import { mapTarget } from './map-form';
import { matchPaper } from './match';
import { storeDatasetReviews, type ReviewReading } from './store-reviews';

export interface ImportReviewsOptions {
  /** Overrides the source name (default: the JSONL file's name, or a review JSON's folder name). */
  source?: string;
  /**
   * The reviews' own form, as a template id or name ("neurips-2025"), for a source whose
   * venue or source text does not name it. Default: identified per line / file.
   */
  form?: string;
  /** Map the reviews onto this template ("four-part" or "conference"); never done by default. */
  mapTo?: string;
  batchId?: string;
  onProgress?: (p: ImportReviewsProgress) => void;
}

/** The corpus review JSON: one paper (already imported as a PDF) and its reviews. */
const ReviewFile = z.object({
  paper_id: z.string().min(1),
  title: z.string().nullish(),
  venue: z.string().nullish(),
  source: z.string().nullish(),
  reviews: z.array(
    z.object({ text: z.string(), rating: z.number().nullish(), confidence: z.number().nullish() }),
  ),
});

// Lines per transaction: few enough that a crash loses little, many enough to amortize fsync.
const BATCH = 25;
const PROGRESS_MS = 200;

function emptyResult(
  file: string,
  kind: ImportReviewsFileResult['kind'],
  source: string,
): ImportReviewsFileResult {
  return {
    file,
    kind,
    source,
    papersAdded: 0,
    papersPresent: 0,
    reviewsAdded: 0,
    reviewsPresent: 0,
    conflicts: [],
    unmatched: [],
    unstructured: 0,
    errors: [],
  };
}

function zodMessage(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

async function importJsonl(
  db: Db,
  file: string,
  source: string,
  opts: ImportReviewsOptions,
  batchId: string,
  reading: ReviewReading,
) {
  const result = emptyResult(file, 'jsonl', source);
  const tally: PaperTally = result;
  const totalBytes = statSync(file).size;
  let bytesRead = 0;
  let lines = 0;
  let lastEmit = 0;
  const emit = (done: boolean) => {
    opts.onProgress?.({
      batchId,
      file,
      lines,
      reviews: result.reviewsAdded + result.reviewsPresent,
      bytesRead,
      totalBytes,
      done,
    });
  };
  let pending: DatasetLine[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    db.transaction(() => {
      for (const p of batch) storeDatasetPaper(db, p, source, basename(file), tally, reading);
    })();
  };
  try {
    for await (const item of readJsonLines(file, (b) => (bytesRead = b))) {
      lines = item.line;
      if ('error' in item) {
        result.errors.push({ line: item.line, message: item.error });
        continue;
      }
      const parsed = DatasetLine.safeParse(item.value);
      if (!parsed.success) {
        result.errors.push({ line: item.line, message: zodMessage(parsed.error) });
        continue;
      }
      pending.push(parsed.data);
      if (pending.length >= BATCH) flush();
      if (Date.now() - lastEmit > PROGRESS_MS) {
        lastEmit = Date.now();
        emit(false);
      }
    }
  } catch (e) {
    // A damaged file (e.g. a truncated gzip stream): keep what was read, report where it broke.
    result.errors.push({ line: lines + 1, message: `file unreadable from here on: ${(e as Error).message}` });
  }
  if (pending.length) flush();
  bytesRead = totalBytes;
  emit(true);
  return result;
}

function importReviewJson(
  db: Db,
  file: string,
  source: string | undefined,
  reading: ReviewReading,
): ImportReviewsFileResult {
  let value: unknown;
  try {
    const text = readRegularFileSync(file);
    value = JSON.parse(text);
  } catch (e) {
    const r = emptyResult(file, 'unknown', source ?? sourceFromFile(file));
    const why = e instanceof AppError ? e.message : `not JSON: ${(e as Error).message}`;
    r.errors.push({ line: 0, message: why });
    return r;
  }
  // A single dataset paper saved as .json is imported like one JSON Lines line.
  const asPaper = DatasetLine.safeParse(value);
  if (asPaper.success) {
    const r = emptyResult(file, 'jsonl', source ?? sourceFromFile(file));
    db.transaction(() => storeDatasetPaper(db, asPaper.data, r.source, basename(file), r, reading))();
    return r;
  }
  const src = source ?? basename(dirname(file));
  const result = emptyResult(file, 'review-json', src);
  const parsed = ReviewFile.safeParse(value);
  if (!parsed.success) {
    result.kind = 'unknown';
    result.errors.push({
      line: 0,
      message: `neither a review file nor a dataset paper: ${zodMessage(parsed.error)}`,
    });
    return result;
  }
  const rf = parsed.data;
  const paperId = matchPaper(db, rf.paper_id, rf.title ?? null);
  if (!paperId) {
    result.unmatched.push({ datasetPaperId: rf.paper_id, title: rf.title ?? null });
    return result;
  }
  result.papersPresent = 1;
  // The file names its venue or where its reviews come from ("NeurIPS 2023 official reviews …").
  const form = reading.form ?? identifyForm(rf.venue, rf.source);
  db.transaction(() =>
    storeDatasetReviews(db, paperId, src, rf.reviews, result, basename(file), { ...reading, form }),
  )();
  return result;
}

/**
 * Imports review datasets. Never aborts on one bad file or line: each is reported with its
 * number and the rest goes on. Idempotent: a second run reports everything as present.
 */
export async function importReviews(
  db: Db,
  paths: readonly string[],
  opts: ImportReviewsOptions = {},
): Promise<ImportReviewsResult> {
  const batchId = opts.batchId ?? randomUUID();
  // Checked before any file is read: a wrong --form or --map-to must not half-import.
  const reading: ReviewReading = {
    form: opts.form ? formByTemplate(opts.form) : undefined,
    mapTo: opts.mapTo ? mapTarget(opts.mapTo) : undefined,
  };
  const files: ImportReviewsFileResult[] = [];
  for (const entry of expandDatasetPaths(paths)) {
    if (entry.error) {
      const r = emptyResult(entry.file, 'unknown', opts.source ?? sourceFromFile(entry.file));
      r.errors.push({ line: 0, message: entry.error });
      files.push(r);
      continue;
    }
    const kind = fileKind(entry.file);
    try {
      files.push(
        kind === 'jsonl'
          ? await importJsonl(
              db,
              entry.file,
              opts.source ?? sourceFromFile(entry.file),
              opts,
              batchId,
              reading,
            )
          : importReviewJson(db, entry.file, opts.source, reading),
      );
    } catch (e) {
      // An unreadable or corrupt file (e.g. a broken gzip stream) stops that file only.
      const r = emptyResult(
        entry.file,
        kind === 'jsonl' ? 'jsonl' : 'unknown',
        opts.source ?? sourceFromFile(entry.file),
      );
      r.errors.push({ line: 0, message: (e as Error).message });
      files.push(r);
    }
  }
  const sum = (f: (r: ImportReviewsFileResult) => number) => files.reduce((a, r) => a + f(r), 0);
  return {
    files,
    papersAdded: sum((r) => r.papersAdded),
    reviewsAdded: sum((r) => r.reviewsAdded),
    reviewsPresent: sum((r) => r.reviewsPresent),
    errors: sum((r) => r.errors.length),
  };
}
