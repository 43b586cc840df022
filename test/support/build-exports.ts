/**
 * Builds a real library and writes every export the training-stack test checks: the real
 * PDF import, the real review import (a slice of the bulk NeurIPS set when ../shared has it),
 * real drafts by the real engine on the tiny GGUF models, corrected and approved reviews,
 * then runExport for every format × target model. Nothing is inserted behind the app's back.
 */
import { createReadStream, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip, gzipSync } from 'node:zlib';
import { ExportFormat } from '../../src/shared/contract/dataset';
import { createServices, type Services } from '../../src/core/services';
import { importFiles } from '../../src/core/library/import';
import { importReviews } from '../../src/core/import-reviews';
import { writeEngineSettings } from '../../src/core/engine/settings';
import { approveUnchanged, openReview, saveReview, setReviewStatus } from '../../src/core/review';
import { runExport } from '../../src/core/export/run';
import { makeTestModels } from './make-test-models';
import { CHATML, GEMMA_IT, LLAMA2_CHAT, LLAMA3_INSTRUCT, MISTRAL_INSTRUCT_V02 } from './gguf/chat-templates';
import { promptTurns, renderChat, systemRoleOf, type ChatTurn } from '../../src/core/engine/chat-prompt';
import { fixturePdf } from './corpus';

export const BULK_FILE = 'bulk/neurips2025-papers-reviews.jsonl.gz';
/** Enough real papers and reviews to vary lengths and metadata; a few minutes on 2 cores. */
export const DEFAULT_BULK_PAPERS = 16;
/** Short drafts: the point is their provenance and prompt, not their (gibberish) text. */
const DRAFT_TOKENS = 48;

export interface ExportEntry {
  name: string;
  format: ExportFormat;
  /** "default", or the test model the export was made for (forModel). */
  target: string;
  for_model: string | null;
  dir: string;
  error: string | null;
  seconds: number;
}

export interface TrainingIndex {
  work_dir: string;
  data_dir: string;
  /** Registered model id → its GGUF file and which test model it is. */
  models: Record<string, { name: string; gguf: string }>;
  papers: { pdfs: number; bulk: number };
  drafts: Array<{
    paper_id: string;
    model: string;
    draft_id: string;
    annotator: string;
    approved: 'corrected' | 'unchanged';
  }>;
  exports: ExportEntry[];
  /** What went wrong while building that did not stop it (the driver fails on each). */
  problems: string[];
  timings: Record<string, number>;
  /** The real models' chat templates as the app renders them (chat-prompt.ts), for transformers to render too. */
  templates: TemplateSample[];
}

export interface TemplateSample {
  name: string;
  source: string;
  bos_token: string;
  eos_token: string;
  system_role: 'native' | 'folded';
  turns: ChatTurn[];
  rendered: string;
}

/** A system text and a paper with the characters templates treat specially (edges, unicode). */
const SAMPLE_SYSTEM = 'You are an expert peer reviewer.\nWrite the review in Markdown.';
const SAMPLE_USER =
  '  [TITLE]\nÉtude des “graphes” — 図\n\n[CONTENT]\n## 1 Intro\nText with <s> and {{ braces }} and a trailing space. ';

function templateSamples(): TemplateSample[] {
  const real: Array<[string, string, string, string]> = [
    ['Mistral-7B-Instruct-v0.2', MISTRAL_INSTRUCT_V02, '<s>', '</s>'],
    ['gemma-7b-it', GEMMA_IT, '<bos>', '<eos>'],
    ['Llama-2-7b-chat', LLAMA2_CHAT, '<s>', '</s>'],
    ['Meta-Llama-3-8B-Instruct', LLAMA3_INSTRUCT, '<|begin_of_text|>', '<|eot_id|>'],
    ['ChatML', CHATML, '<s>', '</s>'],
  ];
  return real.map(([name, source, bos_token, eos_token]) => {
    const tpl = { source, bosToken: bos_token, eosToken: eos_token };
    const turns = promptTurns(tpl, SAMPLE_SYSTEM, SAMPLE_USER);
    return {
      name,
      source,
      bos_token,
      eos_token,
      system_role: systemRoleOf(tpl),
      turns,
      rendered: renderChat(tpl, turns),
    };
  });
}

/** The first `n` lines of the bulk set as a smaller .jsonl.gz (0 = all of it). */
async function bulkSlice(corpusDir: string, n: number, out: string): Promise<string> {
  const src = join(corpusDir, BULK_FILE);
  if (n <= 0) return src;
  const lines: string[] = [];
  const rl = createInterface({ input: createReadStream(src).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim()) lines.push(line);
    if (lines.length >= n) break;
  }
  rl.close();
  writeFileSync(out, gzipSync(`${lines.join('\n')}\n`));
  return out;
}

/**
 * What an annotator would save: the draft's sections kept as they were, then rewritten with
 * real review prose, so the word edit distance is far above the DPO threshold (0.05).
 */
function corrected(sections: Record<string, string>, title: string): Record<string, string> {
  const fix: Record<string, string> = {
    significance: `The paper "${title}" studies a relevant problem; the idea is interesting, but related work is not discussed in enough detail.`,
    accept: 'The experiments are thorough, the results are consistent, and the writing is clear.',
    reject:
      'The evaluation uses a small number of datasets, the ablation study is missing, and the claims about generalization are not supported by the evidence.',
    suggestions:
      'Add a comparison with recent methods, report variance over several random seeds, and release the code.',
  };
  return Object.fromEntries(Object.keys(sections).map((id) => [id, fix[id] ?? `Corrected: ${title}.`]));
}

async function draftAndReview(
  s: Services,
  paperId: string,
  modelId: string,
  annotator: string,
  mode: 'corrected' | 'unchanged',
  seed: number,
): Promise<string> {
  const out = await s.engine.drafter.draft({ paperId, modelId, maxTokens: DRAFT_TOKENS, seed });
  const view = openReview(s, { paperId, draftId: out.draftId, annotator });
  if (mode === 'unchanged') {
    approveUnchanged(s, view.id);
  } else {
    saveReview(s, { reviewId: view.id, sections: corrected(view.sections, paperId.slice(0, 8)) });
    setReviewStatus(s, { reviewId: view.id, status: 'approved' });
  }
  return out.draftId;
}

async function exportOne(
  s: Services,
  workDir: string,
  job: { target: string; forModel: string | null; format: ExportFormat },
): Promise<ExportEntry> {
  const name = `${job.format}-${job.target}`;
  const dir = join(workDir, 'exports', name);
  const t0 = performance.now();
  let error: string | null = null;
  try {
    await runExport(
      { db: s.db, dataDir: s.paths.root, schemaVersion: s.schemaVersion },
      {
        format: job.format,
        outDir: dir,
        valRatio: 0.2,
        seed: 0,
        ...(job.forModel ? { forModel: job.forModel } : {}),
      },
    );
  } catch (e) {
    // Recorded, not thrown: the other exports still get checked, and the driver fails on it.
    error = (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).slice(0, 2000);
  }
  const seconds = Math.round(performance.now() - t0) / 1000;
  return { name, format: job.format, target: job.target, for_model: job.forModel, dir, error, seconds };
}

export async function buildExports(opts: {
  workDir: string;
  corpusDir: string | null;
  bulkPapers: number;
}): Promise<TrainingIndex> {
  const timings: Record<string, number> = {};
  const problems: string[] = [];
  const time = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[stage] = Math.round(performance.now() - t0) / 1000;
    }
  };
  const dataDir = join(opts.workDir, 'library');
  const s = createServices({ dataDir, host: 'cli' });
  try {
    // Threads from the machine (the engine's default is every core); 4096 is the tiny
    // models' trained context, so drafts are fitted exactly as on a real 4K model.
    writeEngineSettings(s.db, { threads: availableParallelism(), contextSize: 4096 });
    const files = makeTestModels();
    const models: TrainingIndex['models'] = {};
    const ids: Record<'mistral' | 'gemma', string> = { mistral: '', gemma: '' };
    await time('register models', async () => {
      for (const name of ['mistral', 'gemma'] as const) {
        const m = await s.engine.models.add(files[name]);
        ids[name] = m.id;
        models[m.id] = { name, gguf: files[name] };
      }
    });

    const pdfIds = await time('import pdfs', async () => {
      const results = await importFiles(s, [
        fixturePdf('iclr2017-gcrn.pdf'),
        fixturePdf('acl2020-s2orc.pdf'),
      ]);
      const failed = results.filter((r) => r.status === 'failed');
      if (failed.length)
        throw new Error(
          `PDF import failed: ${failed.map((r) => `${r.file}: ${r.error?.message}`).join('; ')}`,
        );
      return results.map((r) => r.id!);
    });

    let bulkIds: string[] = [];
    if (opts.corpusDir) {
      const corpusDir = opts.corpusDir;
      bulkIds = await time('import bulk reviews', async () => {
        const file = await bulkSlice(corpusDir, opts.bulkPapers, join(opts.workDir, 'bulk-slice.jsonl.gz'));
        const r = await importReviews(s.db, [file], { source: 'neurips2025' });
        // Not fatal: what did import still gets exported, and the driver fails on the problem.
        for (const e of r.files.flatMap((f) => f.errors))
          problems.push(`import-reviews line ${e.line}: ${e.message}`);
        if (r.reviewsAdded === 0) throw new Error('import-reviews added no reviews');
        const rows = s.db
          .prepare(
            'SELECT id FROM papers WHERE id NOT IN (SELECT value FROM json_each(?)) ORDER BY added_at, rowid',
          )
          .all(JSON.stringify(pdfIds)) as Array<{ id: string }>;
        return rows.map((x) => x.id);
      });
    }

    // Drafts by both template families (Mistral and Gemma fold the system turn), corrected
    // by two annotators, plus one approved unchanged (dpo must leave it out and say so).
    const drafts: TrainingIndex['drafts'] = [];
    await time('draft and review', async () => {
      const plan: Array<[string | undefined, 'mistral' | 'gemma', string, 'corrected' | 'unchanged']> = [
        [pdfIds[0], 'mistral', 'ann-a', 'corrected'],
        [pdfIds[1], 'gemma', 'ann-a', 'corrected'],
        [bulkIds[0] ?? pdfIds[0], 'gemma', 'ann-b', 'corrected'],
        [bulkIds[1] ?? pdfIds[1], 'mistral', 'ann-b', 'unchanged'],
      ];
      let seed = 1;
      for (const [paperId, model, annotator, mode] of plan) {
        if (!paperId) throw new Error('no paper to draft');
        const draftId = await draftAndReview(s, paperId, ids[model], annotator, mode, seed++);
        drafts.push({ paper_id: paperId, model: ids[model], draft_id: draftId, annotator, approved: mode });
      }
    });

    const targets: Array<[string, string | null]> = [
      ['default', null],
      ['mistral', ids.mistral],
      ['gemma', ids.gemma],
    ];
    const jobs = targets.flatMap(([target, forModel]) =>
      ExportFormat.options.map((format) => ({ target, forModel, format })),
    );
    const exports: ExportEntry[] = new Array<ExportEntry>(jobs.length);
    await time('export', async () => {
      // Each export runs in its own worker thread: as many at once as there are cores.
      let next = 0;
      const lane = async () => {
        for (let i = next++; i < jobs.length; i = next++)
          exports[i] = await exportOne(s, opts.workDir, jobs[i]!);
      };
      await Promise.all(Array.from({ length: Math.min(availableParallelism(), jobs.length) }, lane));
    });

    return {
      work_dir: opts.workDir,
      data_dir: dataDir,
      models,
      papers: { pdfs: pdfIds.length, bulk: bulkIds.length },
      drafts,
      exports,
      problems,
      timings,
      templates: templateSamples(),
    };
  } finally {
    await s.close();
  }
}
