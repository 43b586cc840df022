import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { ExportFormat, type MergeResult } from '../../shared/contract/dataset';
import { AppError } from '../../shared/errors';
import { parseReview } from '../../shared/review-markdown';
import { findTemplate, type ReviewTemplate } from '../../shared/templates';
import { readRegularFileSync } from '../import-reviews/bounded-read';
import { readJsonLines } from '../import-reviews/jsonl';
import { confinedFile } from './confine';
import { MANIFEST_SCHEMA } from '../export/finish';
import type { Db } from '../store/open';
import { getPaper, insertPaper, savePaperText } from '../store/repos/papers';
import { findReview, insertReview } from '../store/repos/reviews';
import { agreementFor } from './agreement';
import { parseExportLine } from './parse-record';
import { paperFromUserTurn } from './prompt-paper';

const Manifest = z.object({
  schema: z.literal(MANIFEST_SCHEMA),
  exportId: z.string(),
  format: ExportFormat,
  files: z.array(z.object({ path: z.string(), bytes: z.number(), sha256: z.string() })),
});

/** Largest manifest.json read (a real one lists a handful of files). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

async function verify(dir: string): Promise<z.infer<typeof Manifest>> {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) {
    throw new AppError(
      'bad_file',
      `${dir} has no manifest.json: not an export, or an export that never finished.`,
    );
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(readRegularFileSync(confinedFile(dir, 'manifest.json'), MAX_MANIFEST_BYTES));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('bad_file', `${file} is not valid JSON.`);
  }
  const parsed = Manifest.safeParse(manifest);
  if (!parsed.success)
    throw new AppError('unsupported', `${file} is not a Paper Review Studio export manifest.`);
  // Every path is confined before any is read.
  const files = parsed.data.files.map((f) => ({ ...f, real: confinedFile(dir, f.path) }));
  for (const f of files) {
    if ((await sha256File(f.real)) !== f.sha256) {
      throw new AppError(
        'bad_file',
        `${f.path} does not match its sha256 in the manifest: the export was changed or damaged.`,
      );
    }
  }
  return parsed.data;
}

/** A file's sha256, streamed (an export's data files can be larger than memory allows). */
async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Merges another annotator's export folder into this library. The manifest must be there
 * and every file must match its hash. Per record: the paper is matched by id (a PDF's
 * sha256 is the same in every library), else rebuilt as a text-only paper from the
 * record's user turn; the review is parsed back from its canonical Markdown and stored
 * under its annotator as approved (source "merge:<folder>"), unless that annotator already
 * has a review of the paper: the same text counts as present, a different one is a
 * conflict, reported and left alone. Drafts do not travel: merged reviews have none.
 */
export async function mergeExport(db: Db, dirInput: string): Promise<MergeResult> {
  const dir = resolve(dirInput);
  const manifest = await verify(dir);
  const listed = new Set(manifest.files.map((f) => f.path));
  const source = `merge:${basename(dir)}`;
  const result: MergeResult = {
    dir,
    records: 0,
    papersAdded: 0,
    papersMatched: 0,
    reviewsAdded: 0,
    reviewsPresent: 0,
    conflicts: [],
    skipped: [],
    agreement: {
      papers: 0,
      scores: [],
      text: { pairs: 0, meanEditDistance: null, medianEditDistance: null, byPair: [] },
    },
  };
  const touched = new Set<string>();
  const merge: Merging = { source, exportId: manifest.exportId, result, touched, seen: new Set() };
  // Only files the manifest lists (and so were confined and verified) are read.
  for (const name of ['train.jsonl', 'validation.jsonl'].filter((n) => listed.has(n))) {
    for await (const line of readJsonLines(join(dir, name))) {
      const skip = (message: string) => result.skipped.push({ file: name, line: line.line, message });
      if ('error' in line) {
        skip(line.error);
        continue;
      }
      let rec;
      try {
        rec = parseExportLine(manifest.format, line.value);
      } catch (e) {
        skip((e as Error).message);
        continue;
      }
      const template = findTemplate(rec.template);
      if (!template) {
        skip(`unknown template ${rec.template}`);
        continue;
      }
      result.records++;
      db.transaction(() => mergeRecord(db, rec, template, merge))();
    }
  }
  result.agreement = agreementFor(db, [...touched]);
  return result;
}

interface Merging {
  source: string;
  exportId: string;
  result: MergeResult;
  /** Papers of this merge (for the agreement), and those already counted as matched. */
  touched: Set<string>;
  seen: Set<string>;
}

/** One record, in its own transaction: its paper (matched or rebuilt), then its review. */
function mergeRecord(db: Db, rec: ExportRecord, template: ReviewTemplate, m: Merging): void {
  const { result, source } = m;
  if (!getPaper(db, rec.paperId)) {
    const p = paperFromUserTurn(rec.user);
    insertPaper(db, {
      id: rec.paperId,
      title: p.title,
      abstract: p.abstract,
      hasPdf: false,
      source,
      status: 'approved',
    });
    savePaperText(db, rec.paperId, p.text, p.fullText);
    result.papersAdded++;
  } else if (!m.seen.has(rec.paperId)) result.papersMatched++;
  m.seen.add(rec.paperId);
  m.touched.add(rec.paperId);
  const parsed = parseReview(rec.review, template);
  const existing = findReview(db, rec.paperId, rec.annotator);
  if (existing) {
    if (sameReview(template, existing, parsed)) result.reviewsPresent++;
    else result.conflicts.push({ paperId: rec.paperId, annotator: rec.annotator, reviewId: existing.id });
    return;
  }
  insertReview(db, {
    paperId: rec.paperId,
    annotator: rec.annotator,
    templateId: template.id,
    sections: { ...emptySections(template), ...parsed.sections },
    scores: parsed.scores,
    status: 'approved',
    source,
    notes: `Merged from export ${m.exportId} (review ${rec.reviewId}).${parsed.unmatched ? ' Some text was outside any section and is kept here: ' + parsed.unmatched : ''}`,
  });
  result.reviewsAdded++;
}

type ExportRecord = ReturnType<typeof parseExportLine>;

function emptySections(t: { sections: Array<{ id: string }> }): Record<string, string> {
  return Object.fromEntries(t.sections.map((s) => [s.id, '']));
}

/** Same section texts (trimmed, in template order) and the same scores. */
function sameReview(
  t: { sections: Array<{ id: string }> },
  a: { sections: Record<string, string>; scores: Record<string, number> },
  b: { sections: Record<string, string>; scores: Record<string, number> },
): boolean {
  const texts = (r: typeof a) => t.sections.map((s) => (r.sections[s.id] ?? '').trim());
  const scores = (r: typeof a) =>
    JSON.stringify(Object.entries(r.scores).sort(([x], [y]) => x.localeCompare(y)));
  return JSON.stringify(texts(a)) === JSON.stringify(texts(b)) && scores(a) === scores(b);
}
