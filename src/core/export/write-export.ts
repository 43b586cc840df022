import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportRequest, ExportResult } from '../../shared/contract/dataset';
import { AppError } from '../../shared/errors';
import { normalizedEditDistance, roundMetric } from '../../shared/text-metrics';
import { openLibrary } from '../store/open';
import { Checks } from './checks';
import { finishExport } from './finish';
import { buildExportQuery, type ExportRow } from './query';
import { TurnSource } from './record-source';
import { writeRecord, type RecordMetadata } from './records';
import { isEmptyReview, renderReviewText } from './review-text';
import { resolvePromptDefaults } from './prompt-source';
import { PartialFile } from './partial-file';
import { splitOf, type Split } from './split';
import { LengthCollector, approxTokens } from './tokens';
import type { ExportItem } from '../store/repos/exports';

/** Everything the worker needs, as plain data (it crosses a thread boundary). */
export interface ExportJob {
  dataDir: string;
  exportId: string;
  createdAt: string;
  request: ExportRequest;
  /** Resolved from filters.sinceRound by the caller; null: no round filter. */
  priorRounds: string[] | null;
  dryRun: boolean;
  appVersion: string;
  schemaVersion: number;
  /** Test hook: the worker exits abruptly after writing this many records (a simulated kill). */
  crashAfterRecords?: number;
}

export interface ExportHooks {
  progress(done: number, total: number, phase: 'counting' | 'writing' | 'finishing'): void;
  items(batch: ExportItem[]): void;
  crash?(): never;
}

const ITEM_BATCH = 500;
const PROGRESS_MS = 200;

function prepareOutDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new AppError('conflict', `${dir} is not empty; choose a new folder for the export.`);
  }
  mkdirSync(dir, { recursive: true });
}

/**
 * Streams the matching reviews into train/validation files (constant memory: one row at a
 * time, buffered writes), then writes the card, dataset_info.json and — last — the manifest.
 * Runs on its own read-only connections; the caller records the export in the library.
 */
export async function writeExport(job: ExportJob, hooks: ExportHooks): Promise<ExportResult> {
  const req = job.request;
  const stream = openLibrary(job.dataDir, { readonly: true });
  const lookup = openLibrary(job.dataDir, { readonly: true });
  const files: PartialFile[] = [];
  try {
    if (!job.dryRun) prepareOutDir(req.outDir);
    const defaults = resolvePromptDefaults(lookup);
    const source = new TurnSource(lookup, defaults);
    const q = buildExportQuery(req.filters, job.priorRounds);
    hooks.progress(0, 0, 'counting');
    const total = (lookup.prepare(q.countSql).get(q.params) as { n: number }).n;
    const out: Record<Split, PartialFile | null> = job.dryRun
      ? { train: null, validation: null }
      : {
          train: new PartialFile(join(req.outDir, 'train.jsonl')),
          validation: new PartialFile(join(req.outDir, 'validation.jsonl')),
        };
    for (const f of Object.values(out)) if (f) files.push(f);
    const checks = new Checks(req);
    const papers = { train: new Set<string>(), validation: new Set<string>() };
    const lengths = {
      train: {
        prompt: new LengthCollector(),
        completion: new LengthCollector(),
        total: new LengthCollector(),
      },
      validation: {
        prompt: new LengthCollector(),
        completion: new LengthCollector(),
        total: new LengthCollector(),
      },
    };
    const counts = { train: 0, validation: 0, promptFromDraft: 0, promptRendered: 0 };
    const involved = { models: new Set<string>(), prompts: new Set<string>(), templates: new Set<string>() };
    let items: ExportItem[] = [];
    let done = 0;
    let lastProgress = 0;

    for (const row of stream.prepare(q.sql).iterate(q.params) as Iterable<ExportRow>) {
      done++;
      if (Date.now() - lastProgress > PROGRESS_MS) {
        lastProgress = Date.now();
        hooks.progress(done, total, 'writing');
      }
      if (req.format === 'dpo' && row.draft_text === null) {
        // No rejected side: decided first, before the review is parsed and rendered and the
        // prompt built (most reviews of a dpo export have no draft).
        checks.excluded.noDraft++;
        continue;
      }
      const template = source.template(row.template_id);
      const sections = JSON.parse(row.sections) as Record<string, string>;
      const scores = JSON.parse(row.scores) as Record<string, number>;
      const reviewText = template
        ? renderReviewText(sections, scores, template)
        : Object.values(sections).join('\n\n');
      const editDistance =
        row.draft_text !== null ? roundMetric(normalizedEditDistance(row.draft_text, reviewText)) : null;
      const { turns, encode, fromDraft } = await source.turns(row);
      const admitted = checks.admit({
        empty: isEmptyReview(sections),
        reviewText,
        editDistance,
        trimmed: turns.trimmed.length > 0,
      });
      if (admitted) {
        const split = splitOf(req.seed, row.paper_id, req.valRatio);
        const metadata: RecordMetadata | undefined = req.bare
          ? undefined
          : {
              paper_id: row.paper_id,
              review_id: row.review_id,
              annotator: row.annotator,
              draft_id: row.draft_id,
              prompt_id: fromDraft ? row.prompt_id : defaults.promptId,
              model_id: row.model_id,
              template: row.template_id,
              edit_distance: editDistance,
              split,
            };
        const file = out[split];
        if (file) {
          writeRecord(file, req.format, encode(), reviewText, row.draft_text ?? undefined, metadata);
          file.endLine();
          // Back-pressure: at most one chunk on its way to disk while the next is encoded.
          await file.settle(1);
        }
        counts[split]++;
        papers[split].add(row.paper_id);
        if (fromDraft) counts.promptFromDraft++;
        else counts.promptRendered++;
        const p = approxTokens(turns.system) + approxTokens(turns.user);
        // dpo: the longer of chosen and rejected is what a training sequence must hold.
        const c = Math.max(
          approxTokens(reviewText),
          req.format === 'dpo' ? approxTokens(row.draft_text ?? '') : 0,
        );
        lengths[split].prompt.add(p);
        lengths[split].completion.add(c);
        lengths[split].total.add(p + c);
        if (row.model_id) involved.models.add(row.model_id);
        if (fromDraft && row.prompt_id) involved.prompts.add(row.prompt_id);
        if (!fromDraft) involved.prompts.add(defaults.promptId);
        involved.templates.add(row.template_id);
        items.push({ reviewId: row.review_id, paperId: row.paper_id, draftId: row.draft_id, split });
        if (items.length >= ITEM_BATCH) {
          hooks.items(items);
          items = [];
        }
        if (job.crashAfterRecords !== undefined && counts.train + counts.validation >= job.crashAfterRecords)
          hooks.crash?.();
      }
    }
    for (const f of files) await f.settle(0);
    if (items.length) hooks.items(items);
    hooks.progress(done, total, 'finishing');
    return finishExport(job, lookup, {
      out,
      counts: {
        matched: done,
        train: counts.train,
        validation: counts.validation,
        trainPapers: papers.train.size,
        validationPapers: papers.validation.size,
        excluded: checks.excluded,
        keptFlagged: checks.kept,
        promptFromDraft: counts.promptFromDraft,
        promptRendered: counts.promptRendered,
      },
      lengths: {
        train: {
          prompt: lengths.train.prompt.stats(),
          completion: lengths.train.completion.stats(),
          total: lengths.train.total.stats(),
        },
        validation: {
          prompt: lengths.validation.prompt.stats(),
          completion: lengths.validation.completion.stats(),
          total: lengths.validation.total.stats(),
        },
      },
      defaults,
      involved,
    });
  } catch (e) {
    // A failure (not a kill) removes what it started; nothing half-written stays behind.
    for (const f of files) {
      // Let writes in flight end before the file is closed and removed under them.
      await f.settle(0).catch(() => undefined);
      f.abandon();
      rmSync(f.partialPath, { force: true });
    }
    throw e;
  } finally {
    stream.close();
    lookup.close();
  }
}
