import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportCounts, ExportResult } from '../../shared/contract/dataset';
import type { Db } from '../store/open';
import { renderCard } from './card';
import { datasetInfo, datasetName } from './dataset-info';
import { PartialFile } from './partial-file';
import { fsyncDir } from '../durable-fs';
import type { Split } from './split';
import { APPROX_TOKEN_METHOD, type SplitLengthStats } from './tokens';
import type { Exclusion } from './checks';
import type { ExportTarget } from './target';
import type { ManifestTargetModel, TokenCounter } from './target-types';
import type { PromptVersion } from '../engine/prompt';
import { FOLD_RULE } from '../engine/chat-prompt';
import { CLEAN_TEXT_RULE } from '../../shared/clean-text';
import type { TemplateScales } from './card';
import type { ExportJob } from './job-types';
import { EDIT_DISTANCE_DEFINITION } from './definitions';

export interface Involved {
  models: Set<string>;
  prompts: Set<string>;
  templates: Set<string>;
  /** Models whose chat templates the written prompts are for. */
  promptModels: Set<string>;
  /** Records whose lengths were counted by a tokenizer (the rest: approximately). */
  exactTokens: number;
}

export interface FinishInput {
  out: Record<Split, PartialFile | null>;
  counts: ExportCounts;
  excludedList: Exclusion[];
  lengths: Record<Split | 'all', SplitLengthStats>;
  prompt: PromptVersion;
  target: ExportTarget | null;
  /** How records name the target (metadata.prompt_model_id). */
  targetId: string | null;
  involved: Involved;
  /** The records' review forms with their score scales, for the card and manifest. */
  templates: TemplateScales[];
  warnings: string[];
}

export const MANIFEST_SCHEMA = 'paper-review-studio/export-manifest@2';

/** Room for what a template adds after the answer (end-of-turn tokens) when recommending a length. */
const END_OF_TURN_ALLOWANCE = 8;

function inList<T>(db: Db, sql: string, ids: Set<string>): T[] {
  return db.prepare(sql).all(JSON.stringify([...ids].sort())) as T[];
}

/** Where the target's token counts came from: a GGUF's vocabulary loaded here, or a server's /tokenize. */
function counterWords(c: TokenCounter): string {
  if (c.kind === 'server') return `the server's own tokenizer (/tokenize of ${c.url}, model "${c.model}")`;
  const file = `the tokenizer of ${c.fileName} (sha256 ${c.sha256 ? `${c.sha256.slice(0, 12)}…` : 'unknown'}, vocabulary only)`;
  return c.servedAs
    ? `${file}, the GGUF registered with served model ${c.servedAs.name}, as the server at ${c.servedAs.url} has no /tokenize`
    : file;
}

function tokenMethod(f: FinishInput): string {
  const written = f.counts.train + f.counts.validation;
  if (!f.target) return APPROX_TOKEN_METHOD;
  const exact = `exact: ${counterWords(f.target.tokenCounter)}; a prompt from a draft is counted by its own model's tokenizer`;
  return f.involved.exactTokens === written
    ? exact
    : `${exact}; ${written - f.involved.exactTokens} record(s) approximately (${APPROX_TOKEN_METHOD})`;
}

function promptNote(f: FinishInput): string {
  const c = f.counts;
  const t = f.target;
  const drafted = `${c.promptFromDraft} record(s) carry exactly the prompt their draft was made from`;
  if (!t) {
    return `${drafted}; ${c.promptRendered} got the prompt drafting would send (prompt ${f.prompt.id}), untrimmed and as [system, user] turns: no model is registered, so nothing was fitted — set a cutoff length that holds the whole prompt or the review will be cut.`;
  }
  const fold =
    t.systemRole === 'folded'
      ? `its chat template has no system role, so the system text is folded into the user turn (${FOLD_RULE}), when drafting and here alike`
      : t.systemRole === 'native'
        ? 'its chat template has a system role: turns are [system, user]'
        : "it has no chat template (node-llama-cpp's fallback format; prompt_sha256 is empty)";
  return `${drafted}${t.explicit ? ` (drafts of ${f.targetId} only; drafts of other models were re-rendered for it)` : ''}; ${c.promptRendered} got the prompt drafting with ${t.fileName} would send (prompt ${f.prompt.id}), fitted to its context ${t.contextSize} − ${t.maxTokens} reserved for the review with its tokenizer by the engine's rule (references, then appendices, then the longest sections cut from their ends, each cut marked "[…]"); ${fold}.`;
}

/** The sequence length that holds ≥ 99 % of records whole, rounded up to a multiple of 64. */
export function recommendedMaxLength(all: SplitLengthStats): number {
  return Math.ceil((all.total.p99 + END_OF_TURN_ALLOWANCE) / 64) * 64;
}

/**
 * Renames the data files into place, then writes README.md and dataset_info.json, then
 * the manifest (with the sha256 of every other file) last: its presence means complete.
 * Each file is fsynced before its rename and the folder after the renames.
 */
export function finishExport(job: ExportJob, db: Db, f: FinishInput): ExportResult {
  const req = job.request;
  const warnings = exportWarnings(job, f);
  const base = {
    exportId: job.exportId,
    outDir: req.outDir,
    format: req.format,
    round: req.round ?? null,
    counts: f.counts,
  };
  if (job.dryRun) return { ...base, dryRun: true, files: [], manifestSha256: null, warnings };

  const files: ManifestFile[] = [];
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
  writeSmall('README.md', renderCard(cardInput(job, f, warnings)));
  writeSmall('dataset_info.json', JSON.stringify(datasetInfo(req.format, req.round ?? null), null, 2) + '\n');
  const manifestText = JSON.stringify(manifestOf(job, db, f, files, warnings), null, 2) + '\n';
  // Every other file's rename reaches the disk before the manifest can: after a power cut a
  // folder with a manifest is a whole export, and the manifest's own rename is synced too.
  fsyncDir(req.outDir);
  const mf = new PartialFile(join(req.outDir, 'manifest.json'));
  mf.write(manifestText);
  const manifestSha256 = mf.commit();
  fsyncDir(req.outDir);
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

interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
  records?: number;
}

/** The writer's warnings and the ones only the totals tell (empty, mostly left out). */
function exportWarnings(job: ExportJob, f: FinishInput): string[] {
  const warnings = [...f.warnings];
  const written = f.counts.train + f.counts.validation;
  if (job.request.format === 'prompt-completion')
    warnings.push('LLaMA-Factory cannot read prompt-completion files; dataset_info.json is empty.');
  if (written === 0) warnings.push('No record was written: the files are empty.');
  if (f.counts.matched > 0 && written * 2 < f.counts.matched) {
    const [why, n] = Object.entries(f.counts.excluded).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    warnings.push(
      `Only ${written} of ${f.counts.matched} matching reviews were written; the most common reason: ${why} (${n}). The manifest lists each one left out.`,
    );
  }
  return warnings;
}

/** What README.md (the dataset card) says. */
function cardInput(job: ExportJob, f: FinishInput, warnings: string[]): Parameters<typeof renderCard>[0] {
  const req = job.request;
  return {
    title: `Paper reviews${req.round ? ` — round ${req.round}` : ''} (${req.format})`,
    format: req.format,
    round: req.round ?? null,
    filters: req.filters,
    since: job.priorRounds,
    createdAt: job.createdAt,
    appVersion: job.appVersion,
    counts: f.counts,
    valRatio: req.valRatio,
    seed: req.seed,
    threshold: req.format === 'dpo' ? req.threshold : null,
    tokenMethod: tokenMethod(f),
    tokens: f.lengths,
    maxLength: recommendedMaxLength(f.lengths.all),
    target: f.target,
    templates: f.templates,
    promptNote: promptNote(f),
    datasetName: datasetName(req.round ?? null),
    bare: req.bare,
    warnings,
  };
}

/** The models and prompts the records came from, as the manifest lists them. */
function provenanceOf(db: Db, f: FinishInput) {
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
  return { models, prompts };
}

function targetModel(f: FinishInput): ManifestTargetModel | null {
  const t = f.target;
  if (!t) return null;
  return {
    id: f.targetId,
    registeredId: t.modelId || null,
    path: t.path,
    fileName: t.fileName,
    sha256: t.sha256,
    sha256Unknown: t.sha256Unknown,
    tokenCounter: t.tokenCounter,
    named: t.explicit,
    chatTemplateSha256: t.chatTemplateSha256,
    system_role: t.systemRole,
    systemFold: t.systemRole === 'folded' ? FOLD_RULE : null,
    context_size: t.contextSize,
    reservedOutputTokens: t.maxTokens,
  };
}

/** manifest.json: written last, with the sha256 of every other file. */
function manifestOf(job: ExportJob, db: Db, f: FinishInput, files: ManifestFile[], warnings: string[]) {
  const req = job.request;
  const name = datasetName(req.round ?? null);
  const { models, prompts } = provenanceOf(db, f);
  return {
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
    exclude: req.exclude,
    counts: f.counts,
    excluded: f.excludedList,
    target_model: targetModel(f),
    prompt: {
      defaultPromptId: f.prompt.id,
      rendering:
        'transformers apply_chat_template(turns, add_generation_prompt=True) semantics; metadata.prompt_sha256 is the sha256 of that text',
      note: promptNote(f),
    },
    tokenCounting: tokenMethod(f),
    recommendedMaxLength: recommendedMaxLength(f.lengths.all),
    textCleaning: CLEAN_TEXT_RULE,
    promptModels: [...f.involved.promptModels].sort(),
    models,
    prompts,
    templates: f.templates,
    datasetInfoNames: req.format === 'prompt-completion' ? [] : [`${name}_train`, `${name}_validation`],
    files,
    warnings,
  };
}

export function removePartials(dir: string): void {
  for (const n of ['train.jsonl', 'validation.jsonl', 'README.md', 'dataset_info.json', 'manifest.json']) {
    rmSync(join(dir, `${n}.partial`), { force: true });
  }
}
