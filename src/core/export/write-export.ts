import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportRequest, ExportResult } from '../../shared/contract/dataset';
import { AppError } from '../../shared/errors';
import { normalizedEditDistance, roundMetric } from '../../shared/text-metrics';
import { openLibrary } from '../store/open';
import { Checks } from './checks';
import { finishExport } from './finish';
import { scalesOf } from './card';
import { buildExportQuery, type ExportRow } from './query';
import { PromptSource } from './record-source';
import { writeRecord, type EncodedPrompt, type RecordMetadata } from './records';
import { isEmptyReview, renderReviewText } from './review-text';
import { defaultPrompt } from './prompt-source';
import type { PromptVersion } from '../engine/prompt';
import { OpenTarget } from './target';
import { lowInformationSections } from '../../shared/review-quality';
import { cleanText } from '../../shared/clean-text';
import type { ReviewTemplate } from '../../shared/templates';
import { PartialFile } from './partial-file';
import { lockExportDir, releaseExportLock } from './out-dir';
import { StringSink, sampleRecord } from './sample';
import { splitOf, type Split } from './split';
import { Tally, type Written } from './tally';
import type { ExportItem } from '../store/repos/exports';
import type { WorkerPhase } from './worker-protocol';
import type { ExportFaults } from './faults';
import type { ExportJob } from './job-types';
import type { HandedKey } from '../engine/openai/export-target';

export interface ExportHooks {
  progress(done: number, total: number, phase: WorkerPhase): void;
  items(batch: ExportItem[]): void;
}

const PROGRESS_MS = 200;

/** What every record of one export is built with. */
interface Writing {
  req: ExportRequest;
  source: PromptSource;
  checks: Checks;
  prompt: PromptVersion;
  target: OpenTarget | null;
}

/**
 * Streams the matching reviews into train/validation files (constant memory: one row at a
 * time, buffered writes), then writes the card, dataset_info.json and — last — the manifest.
 * Runs on its own read-only connections; the caller records the export in the library.
 */
export async function writeExport(
  job: ExportJob,
  hooks: ExportHooks,
  faults?: ExportFaults,
  servedKey: HandedKey | null = null,
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
    const opened = await OpenTarget.open(lookup, req.forModel, servedKey);
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
    const w: Writing = {
      req,
      source: new PromptSource(lookup, req.format, prompt, target),
      checks: new Checks(req),
      prompt,
      target,
    };
    const out = openSplits(job);
    for (const f of Object.values(out)) if (f) files.push(f);
    const tally = new Tally(prompt.id, (items) => hooks.items(items));
    const rows = stream.prepare(q.sql).iterate(q.params) as Iterable<ExportRow>;
    const { done, sample } = await writeRows(rows, w, out, tally, { total, hooks, faults });
    for (const f of files) await f.settle(0);
    tally.flush();
    hooks.progress(done, total, 'finishing');
    const result = finishExport(job, lookup, {
      out,
      counts: tally.exportCounts(done, w.checks),
      excludedList: w.checks.list,
      lengths: {
        train: tally.lengths.train.stats(),
        validation: tally.lengths.validation.stats(),
        all: tally.lengths.all.stats(),
      },
      prompt,
      target: target?.info ?? null,
      targetId: target?.id ?? null,
      involved: tally.involved,
      // Resolved once each by the source, which already holds every record's form.
      templates: [...tally.involved.templates].sort().map((id) => scalesOf(id, w.source.template(id))),
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

function openSplits(job: ExportJob): Record<Split, PartialFile | null> {
  if (job.dryRun) return { train: null, validation: null };
  return {
    train: new PartialFile(join(job.request.outDir, 'train.jsonl')),
    validation: new PartialFile(join(job.request.outDir, 'validation.jsonl')),
  };
}

/** The stream itself: each admitted record is written to its split and tallied. */
async function writeRows(
  rows: Iterable<ExportRow>,
  w: Writing,
  out: Record<Split, PartialFile | null>,
  tally: Tally,
  o: { total: number; hooks: ExportHooks; faults: ExportFaults | undefined },
): Promise<{ done: number; sample: string | null }> {
  /** The first admitted record, shortened: what the preview shows as "one record looks like". */
  let sample: string | null = null;
  let done = 0;
  let lastProgress = 0;
  for (const row of rows) {
    done++;
    if (Date.now() - lastProgress > PROGRESS_MS) {
      lastProgress = Date.now();
      o.hooks.progress(done, o.total, 'writing');
    }
    const rec = await buildRecord(row, w);
    if (!rec) continue;
    const draft = rec.draftText ?? undefined;
    if (sample === null) {
      const sink = new StringSink();
      writeRecord(sink, w.req.format, rec.encode(), rec.reviewText, draft, rec.metadata);
      sample = sampleRecord(sink.toString());
    }
    const file = out[rec.split];
    if (file) {
      writeRecord(file, w.req.format, rec.encode(), rec.reviewText, draft, rec.metadata);
      file.endLine();
      // Back-pressure: at most one chunk on its way to disk while the next is encoded.
      await file.settle(1);
    }
    tally.add(row, rec);
    o.faults?.afterRecord?.(tally.written);
  }
  return { done, sample };
}

interface BuiltRecord extends Written {
  reviewText: string;
  draftText: string | null;
  encode: () => EncodedPrompt;
  metadata: RecordMetadata | undefined;
}

/** A row as a record, or null when a check or the prompt's fit leaves it out (counted there). */
async function buildRecord(row: ExportRow, w: Writing): Promise<BuiltRecord | null> {
  const { req, checks } = w;
  if (req.format === 'dpo' && row.draft_text === null) {
    // No rejected side: decided first, before the review is parsed and rendered and the
    // prompt built (most reviews of a dpo export have no draft).
    checks.exclude(row, 'noDraft');
    return null;
  }
  const template = w.source.template(row.template_id);
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
  const rp = await w.source.forRow(row);
  if (!rp.ok) {
    checks.exclude(row, 'doesNotFit', rp.reason);
    return null;
  }
  const lowInformation = lowInformationSections(sections).length > 0;
  if (!checks.admit(row, { empty: isEmptyReview(sections), reviewText, editDistance, lowInformation }))
    return null;
  const split = splitOf(req.seed, row.paper_id, req.valRatio);
  // dpo: the longer of chosen and rejected is what a training sequence must hold.
  const completionText =
    req.format === 'dpo' && draftText !== null && draftText.length > reviewText.length
      ? draftText
      : reviewText;
  const completionTokens = w.target ? await w.target.count(completionText) : -1;
  const written: Written = { split, prompt: rp.prompt, completionText, completionTokens, lowInformation };
  const metadata = req.bare ? undefined : metadataOf(row, w, written, editDistance);
  return { ...written, reviewText, draftText, encode: rp.encode, metadata };
}

function metadataOf(row: ExportRow, w: Writing, r: Written, editDistance: number | null): RecordMetadata {
  const p = r.prompt;
  return {
    paper_id: row.paper_id,
    review_id: row.review_id,
    annotator: row.annotator,
    draft_id: row.draft_id ?? '',
    has_draft: row.draft_id !== null,
    prompt_id: p.source === 'draft' ? (row.prompt_id ?? '') : w.prompt.id,
    model_id: row.model_id ?? '',
    prompt_model_id: p.modelId,
    prompt_sha256: p.sha256,
    prompt_source: p.source,
    template: row.template_id,
    edit_distance: editDistance ?? -1,
    prompt_tokens: p.tokens,
    completion_tokens: r.completionTokens,
    trimmed: p.trimmed.length > 0,
    low_information: r.lowInformation,
    split: r.split,
  };
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
