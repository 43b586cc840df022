import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportCounts, ExportResult } from '../../shared/contract/dataset';
import type { Db } from '../store/open';
import { renderCard } from './card';
import { datasetInfo, datasetName } from './dataset-info';
import { PartialFile } from './partial-file';
import type { PromptDefaults } from './prompt-source';
import type { Split } from './split';
import { TOKEN_METHOD, type LengthStats } from './tokens';
import type { ExportJob } from './write-export';
import { EDIT_DISTANCE_DEFINITION } from './definitions';

export interface FinishInput {
  out: Record<Split, PartialFile | null>;
  counts: ExportCounts;
  lengths: Record<Split, { prompt: LengthStats; completion: LengthStats; total: LengthStats }>;
  defaults: PromptDefaults;
  involved: { models: Set<string>; prompts: Set<string>; templates: Set<string> };
}

export const MANIFEST_SCHEMA = 'paper-review-studio/export-manifest@1';

function inList<T>(db: Db, sql: string, ids: Set<string>): T[] {
  return db.prepare(sql).all(JSON.stringify([...ids].sort())) as T[];
}

function promptNote(job: ExportJob, d: PromptDefaults, c: ExportCounts): string {
  const rendered = `${c.promptRendered} record(s) without a stored draft prompt got the prompt drafting would send now (prompt ${d.promptId}, the paper's stored text`;
  const fit = d.fitting
    ? `, fitted by the engine's rule to context ${d.fitting.contextSize} − ${d.fitting.maxTokens} reserved output of model ${d.fitting.modelId}, counting tokens approximately (${TOKEN_METHOD}))`
    : ', untrimmed: no model is registered, so nothing was fitted — set a cutoff length that holds the whole prompt or the review will be cut)';
  return `${c.promptFromDraft} record(s) use exactly the prompt stored with their draft; ${rendered}${fit}.`;
}

/**
 * Renames the data files into place, then writes README.md and dataset_info.json, then
 * the manifest (with the sha256 of every other file) last: its presence means complete.
 */
export function finishExport(job: ExportJob, db: Db, f: FinishInput): ExportResult {
  const req = job.request;
  const warnings: string[] = [];
  if (f.counts.promptRendered > 0 && !f.defaults.fitting) {
    warnings.push(
      `${f.counts.promptRendered} prompt(s) were rendered untrimmed because no model is registered.`,
    );
  }
  if (req.format === 'prompt-completion')
    warnings.push('LLaMA-Factory cannot read prompt-completion files; dataset_info.json is empty.');
  if (f.counts.train + f.counts.validation === 0) warnings.push('No record matched: the files are empty.');
  const base = {
    exportId: job.exportId,
    outDir: req.outDir,
    format: req.format,
    round: req.round ?? null,
    counts: f.counts,
  };
  if (job.dryRun) return { ...base, dryRun: true, files: [], manifestSha256: null, warnings };

  const files: Array<{ path: string; bytes: number; sha256: string; records?: number }> = [];
  for (const split of ['train', 'validation'] as const) {
    const file = f.out[split]!;
    const sha256 = file.commit();
    files.push({ path: `${split}.jsonl`, bytes: file.bytes, sha256, records: file.lines });
  }
  const writeSmall = (name: string, text: string) => {
    const file = new PartialFile(join(req.outDir, name));
    file.write(text);
    const sha256 = file.commit();
    files.push({ path: name, bytes: file.bytes, sha256 });
  };
  const name = datasetName(req.round ?? null);
  writeSmall(
    'README.md',
    renderCard({
      title: `Paper reviews${req.round ? ` — round ${req.round}` : ''} (${req.format})`,
      format: req.format,
      round: req.round ?? null,
      createdAt: job.createdAt,
      appVersion: job.appVersion,
      counts: f.counts,
      valRatio: req.valRatio,
      seed: req.seed,
      threshold: req.format === 'dpo' ? req.threshold : null,
      tokenMethod: TOKEN_METHOD,
      tokens: f.lengths,
      promptNote: promptNote(job, f.defaults, f.counts),
      datasetName: name,
      bare: req.bare,
      warnings,
    }),
  );
  writeSmall('dataset_info.json', JSON.stringify(datasetInfo(req.format, req.round ?? null), null, 2) + '\n');

  const models = inList<Record<string, unknown>>(
    db,
    `SELECT m.id, m.file_name AS fileName, m.sha256, m.round, m.architecture, m.quantization,
       (SELECT json_group_array(json_object('fileName', a.file_name, 'sha256', a.sha256, 'scale', a.scale))
        FROM model_adapters a WHERE a.model_id = m.id) AS adapters
     FROM models m WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.id`,
    f.involved.models,
  ).map((m) => ({ ...m, adapters: JSON.parse(String(m.adapters ?? '[]')) as unknown }));
  const prompts = inList<Record<string, unknown>>(
    db,
    'SELECT id, name, version, system_text AS systemText FROM prompts WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
    f.involved.prompts,
  );
  const manifest = {
    schema: MANIFEST_SCHEMA,
    exportId: job.exportId,
    createdAt: job.createdAt,
    app: { name: 'Paper Review Studio', version: job.appVersion },
    librarySchemaVersion: job.schemaVersion,
    format: req.format,
    round: req.round ?? null,
    bare: req.bare,
    filters: req.filters,
    sinceRoundResolved: job.priorRounds,
    split: {
      method: 'sha256("<seed>:<paper id>") first 48 bits / 2^48 < valRatio → validation',
      valRatio: req.valRatio,
      seed: req.seed,
    },
    threshold: req.format === 'dpo' ? req.threshold : null,
    editDistance: EDIT_DISTANCE_DEFINITION,
    include: req.include,
    counts: f.counts,
    prompt: {
      defaultPromptId: f.defaults.promptId,
      fitting: f.defaults.fitting
        ? { ...f.defaults.fitting, tokenCounting: TOKEN_METHOD }
        : { applied: false, reason: 'no model registered: rendered prompts are untrimmed' },
    },
    tokenCounting: TOKEN_METHOD,
    models,
    prompts,
    templates: [...f.involved.templates].sort(),
    datasetInfoNames: req.format === 'prompt-completion' ? [] : [`${name}_train`, `${name}_validation`],
    files,
    warnings,
  };
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  const mf = new PartialFile(join(req.outDir, 'manifest.json'));
  mf.write(manifestText);
  const manifestSha256 = mf.commit();
  return {
    ...base,
    dryRun: false,
    files: [
      ...files,
      { path: 'manifest.json', bytes: Buffer.byteLength(manifestText), sha256: manifestSha256 },
    ],
    manifestSha256,
    warnings,
  };
}

/** sha256 of a file's bytes, for verifying a manifest. */
export function sha256Hex(buf: Buffer | string): string {
  return createHash('sha256').update(buf).digest('hex');
}

export function removePartials(dir: string): void {
  for (const n of ['train.jsonl', 'validation.jsonl', 'README.md', 'dataset_info.json', 'manifest.json']) {
    rmSync(join(dir, `${n}.partial`), { force: true });
  }
}
