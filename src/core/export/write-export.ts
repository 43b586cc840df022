import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportRequest, ExportResult } from '../../shared/contract/dataset';
import { AppError } from '../../shared/errors';
import { normalizedEditDistance, roundMetric } from '../../shared/text-metrics';
import { openLibrary } from '../store/open';
import { Checks } from './checks';
import { finishExport, type Involved } from './finish';
import { scalesOf } from './card';
import { buildExportQuery, type ExportRow } from './query';
import { PromptSource } from './record-source';
import { writeRecord, type RecordMetadata } from './records';
import { isEmptyReview, renderReviewText } from './review-text';
import { defaultPrompt } from './prompt-source';
import { OpenTarget } from './target';
import { lowInformationSections } from '../../shared/review-quality';
import { cleanText } from '../../shared/clean-text';
import type { ReviewTemplate } from '../../shared/templates';
import { PartialFile } from './partial-file';
import { lockExportDir, releaseExportLock } from './out-dir';
import { StringSink, sampleRecord } from './sample';
import { splitOf, type Split } from './split';
import { SplitLengths, approxTokens } from './tokens';
import type { ExportItem } from '../store/repos/exports';
import type { WorkerPhase } from './worker-protocol';
import type { ExportFaults } from './faults';

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
}

export interface ExportHooks {
  progress(done: number, total: number, phase: WorkerPhase): void;
  items(batch: ExportItem[]): void;
}

const ITEM_BATCH = 500;
const PROGRESS_MS = 200;

/**
 * Streams the matching reviews into train/validation files (constant memory: one row at a
 * time, buffered writes), then writes the card, dataset_info.json and — last — the manifest.
 * Runs on its own read-only connections; the caller records the export in the library.
 */
export async function writeExport(
  job: ExportJob,
  hooks: ExportHooks,
  faults?: ExportFaults,
): Promise<ExportResult> {
  const req = job.request;
  const stream = openLibrary(job.dataDir, { readonly: true });
  const lookup = openLibrary(job.dataDir, { readonly: true });
  const files: PartialFile[] = [];
  let target: OpenTarget | null = null;
  let locked = false;
  try {
    const q = buildExportQuery(req.filters, job.priorRounds);
    hooks.progress(0, 0, 'counting');
    const total = (lookup.prepare(q.countSql).get(q.params) as { n: number }).n;
    const warnings = preflight(
      req,
      total,
      () => (lookup.prepare(`${q.countSql} AND d.id IS NOT NULL`).get(q.params) as { n: number }).n,
    );
    // Before the folder is made: a --for-model that cannot be read leaves nothing behind.
    const opened = await OpenTarget.open(lookup, req.forModel);
    target = opened.target;
    if (!job.dryRun) {
      lockExportDir(req.outDir, job.exportId);
      locked = true;
    }
    const prompt = defaultPrompt(lookup);
    if (opened.missing) {
      warnings.push(
        `The default model's file ${opened.missing} could not be read, so prompts without a draft were not fitted to any model (untrimmed).`,
      );
    }
    const source = new PromptSource(lookup, req.format, prompt, target);
    const out: Record<Split, PartialFile | null> = job.dryRun
      ? { train: null, validation: null }
      : {
          train: new PartialFile(join(req.outDir, 'train.jsonl')),
          validation: new PartialFile(join(req.outDir, 'validation.jsonl')),
        };
    for (const f of Object.values(out)) if (f) files.push(f);
    const checks = new Checks(req);
    const papers = { train: new Set<string>(), validation: new Set<string>() };
    const lengths = { train: new SplitLengths(), validation: new SplitLengths(), all: new SplitLengths() };
    const counts = {
      train: 0,
      validation: 0,
      promptFromDraft: 0,
      promptRendered: 0,
      trimmed: 0,
      lowInformation: 0,
    };
    const involved: Involved = {
      models: new Set(),
      prompts: new Set(),
      templates: new Set(),
      promptModels: new Set(),
      exactTokens: 0,
    };
    let items: ExportItem[] = [];
    /** The first admitted record, shortened: what the preview shows as "one record looks like". */
    let sample: string | null = null;
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
        checks.exclude(row, 'noDraft');
        continue;
      }
      const template = source.template(row.template_id);
      const sections = JSON.parse(row.sections) as Record<string, string>;
      const scores = JSON.parse(row.scores) as Record<string, number>;
      // Model output and pasted text may carry control characters: written texts are cleaned
      // by the import rule (clean-text.ts), as paper text was at import.
      const reviewText = cleanText(
        template ? renderReviewText(sections, scores, template) : Object.values(sections).join('\n\n'),
      );
      const draftText = row.draft_text === null ? null : cleanText(row.draft_text);
      const editDistance =
        draftText === null
          ? null
          : row.approved_unchanged
            ? 0
            : roundMetric(normalizedEditDistance(draftForm(row, template, draftText), reviewText));
      const rp = await source.forRow(row);
      if (!rp.ok) {
        checks.exclude(row, 'doesNotFit', rp.reason);
        continue;
      }
      const lowInformation = lowInformationSections(sections).length > 0;
      if (!checks.admit(row, { empty: isEmptyReview(sections), reviewText, editDistance, lowInformation }))
        continue;
      const p = rp.prompt;
      const split = splitOf(req.seed, row.paper_id, req.valRatio);
      // dpo: the longer of chosen and rejected is what a training sequence must hold.
      const completionText =
        req.format === 'dpo' && draftText !== null && draftText.length > reviewText.length
          ? draftText
          : reviewText;
      const completionTokens = target ? target.count(completionText) : -1;
      const metadata: RecordMetadata | undefined = req.bare
        ? undefined
        : {
            paper_id: row.paper_id,
            review_id: row.review_id,
            annotator: row.annotator,
            draft_id: row.draft_id ?? '',
            has_draft: row.draft_id !== null,
            prompt_id: p.source === 'draft' ? (row.prompt_id ?? '') : prompt.id,
            model_id: row.model_id ?? '',
            prompt_model_id: p.modelId,
            prompt_sha256: p.sha256,
            prompt_source: p.source,
            template: row.template_id,
            edit_distance: editDistance ?? -1,
            prompt_tokens: p.tokens,
            completion_tokens: completionTokens,
            trimmed: p.trimmed.length > 0,
            low_information: lowInformation,
            split,
          };
      if (sample === null) {
        const sink = new StringSink();
        writeRecord(sink, req.format, rp.encode(), reviewText, draftText ?? undefined, metadata);
        sample = sampleRecord(sink.toString());
      }
      const file = out[split];
      if (file) {
        writeRecord(file, req.format, rp.encode(), reviewText, draftText ?? undefined, metadata);
        file.endLine();
        // Back-pressure: at most one chunk on its way to disk while the next is encoded.
        await file.settle(1);
      }
      counts[split]++;
      papers[split].add(row.paper_id);
      if (p.source === 'draft') counts.promptFromDraft++;
      else counts.promptRendered++;
      if (p.trimmed.length > 0) counts.trimmed++;
      if (lowInformation) counts.lowInformation++;
      const exact = p.tokens >= 0 && completionTokens >= 0;
      if (exact) involved.exactTokens++;
      const promptLength = exact ? p.tokens : p.turns.reduce((a, t) => a + approxTokens(t.content), 0);
      const completionLength = exact ? completionTokens : approxTokens(completionText);
      lengths[split].add(promptLength, completionLength);
      lengths.all.add(promptLength, completionLength);
      if (row.model_id) involved.models.add(row.model_id);
      if (p.modelId) involved.promptModels.add(p.modelId);
      involved.prompts.add(p.source === 'draft' && row.prompt_id ? row.prompt_id : prompt.id);
      involved.templates.add(row.template_id);
      items.push({ reviewId: row.review_id, paperId: row.paper_id, draftId: row.draft_id, split });
      if (items.length >= ITEM_BATCH) {
        hooks.items(items);
        items = [];
      }
      faults?.afterRecord?.(counts.train + counts.validation);
    }
    for (const f of files) await f.settle(0);
    if (items.length) hooks.items(items);
    hooks.progress(done, total, 'finishing');
    const result = finishExport(job, lookup, {
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
        trimmed: counts.trimmed,
        lowInformation: counts.lowInformation,
      },
      excludedList: checks.list,
      lengths: {
        train: lengths.train.stats(),
        validation: lengths.validation.stats(),
        all: lengths.all.stats(),
      },
      prompt,
      target: target?.info ?? null,
      targetId: target?.id ?? null,
      involved,
      // Resolved once each by the source, which already holds every record's form.
      templates: [...involved.templates].sort().map((id) => scalesOf(id, source.template(id))),
      warnings,
    });
    return { ...result, sample };
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
    // Done or failed, the folder is free again (a kill leaves the lock; out-dir.ts tells it stale).
    if (locked) releaseExportLock(req.outDir, job.exportId);
    await target?.dispose();
    stream.close();
    lookup.close();
  }
}

/**
 * The draft in the form the review is written in (its parsed sections rendered by the same
 * template), so the edit distance measures what the annotator changed, not the difference
 * between a raw model output and its Markdown rendering. A draft that parsed into nothing
 * is compared as written.
 */
function draftForm(row: ExportRow, template: ReviewTemplate | undefined, draftText: string): string {
  const sections = row.draft_sections ? (JSON.parse(row.draft_sections) as Record<string, string>) : {};
  if (!template || Object.values(sections).every((t) => !t.trim())) return draftText;
  const scores = row.draft_scores ? (JSON.parse(row.draft_scores) as Record<string, number>) : {};
  return cleanText(renderReviewText(sections, scores, template));
}

/**
 * Says before anything is written when an export would be empty or lose most of what
 * matched for a reason known up front: a dpo export needs drafts.
 */
function preflight(req: ExportRequest, total: number, withDraft: () => number): string[] {
  if (req.format !== 'dpo' || total === 0) return [];
  const drafted = withDraft();
  if (drafted === 0) {
    throw new AppError(
      'invalid_input',
      `A dpo export would be empty: none of the ${total} reviews that match the filters has a model draft to serve as the rejected side (imported and hand-written reviews have none). Draft and correct papers first, or export messages for SFT.`,
    );
  }
  if (drafted * 2 < total) {
    return [
      `Only ${drafted} of the ${total} matching reviews have a model draft; the other ${total - drafted} cannot be dpo pairs and are left out (no draft).`,
    ];
  }
  return [];
}
