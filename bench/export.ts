/**
 * Export benchmark (not a test): `npx tsx bench/export.ts [--reviews N]`.
 *
 * Options: --reviews N (default 10 000), --runs R (default 3: medians), --formats a,b,
 * --for-model GGUF (the model records are fitted for, tokenizer-exact; default: the tiny
 * Mistral-templated test model, 4K context; `none` skips that variant),
 * --data DIR (build the library there once and reuse it), --before WORKER.mjs (also time an
 * earlier bundled worker, side by side, same runs; it must read workerData as { job }, as
 * workers since 6ad5fc1 do — for an older commit run this bench from a worktree of it, in
 * turn with this one), --cpu-prof DIR (profile each child,
 * worker thread included), --no-save (else the table is appended to
 * bench/results/export-<date>.md).
 *
 * Builds a temp library of N (default 10 000) approved reviews with real paper text — the
 * bulk NeurIPS set's papers and reviews, repeated as distinct copies until N is reached —
 * with a draft (stored prompt, changed text) for every fifth review, so dpo has pairs and
 * both prompt paths (from the draft, rendered from the paper) are exercised. No model is
 * registered. Two variants per format, side by side in the same runs: `untrimmed` (no
 * model: rendered prompts are the whole paper, the heaviest write) and `exact` (--for-model:
 * every prompt fitted to the model's context counting with its tokenizer, as `export
 * --for-model` does — the heaviest compute).
 * Then, per format, a fresh child process (bench/export-child.ts, bundled with the worker to
 * plain JS, as shipped) runs the export and, right after in a fresh process, a plain
 * sequential write of the same bytes in the exporter's chunk size (only writes and fsync
 * timed); R such runs per format, interleaved with the "before" worker's when given:
 * ratio = median export time / median plain write time (goal ≤ 2×), peak RSS (goal < 300 MB).
 * Prints one JSON line and a markdown table.
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices } from '../src/core/services';
import { readJsonLines } from '../src/core/import-reviews/jsonl';
import { DatasetLine, storeDatasetPaper, type PaperTally } from '../src/core/import-reviews/dataset-paper';
import type { ExportFormat } from '../src/shared/contract/dataset';
import { makeTestModels } from '../test/support/make-test-models';

const HERE = fileURLToPath(import.meta.url);
const BULK = join(HERE, '../../../shared/corpus/bulk/neurips2025-papers-reviews.jsonl.gz');
const PKG = JSON.parse(readFileSync(join(HERE, '../../package.json'), 'utf8')) as {
  version: string;
  productName: string;
};
const FORMATS: ExportFormat[] = ['messages', 'prompt-completion', 'alpaca', 'sharegpt', 'dpo'];

async function build(
  dataDir: string,
  target: number,
): Promise<{ reviews: number; papers: number; drafts: number; seconds: number }> {
  const t0 = performance.now();
  const s = createServices({ dataDir, host: 'cli' });
  const tally: PaperTally = {
    papersAdded: 0,
    papersPresent: 0,
    reviewsAdded: 0,
    reviewsPresent: 0,
    unstructured: 0,
    conflicts: [],
  };
  let copy = 0;
  while (tally.reviewsAdded < target) {
    copy++;
    let batch: DatasetLine[] = [];
    const flush = () => {
      s.db.transaction(() => {
        for (const p of batch) {
          const room = target - tally.reviewsAdded;
          if (room <= 0) break;
          storeDatasetPaper(s.db, { ...p, reviews: p.reviews.slice(0, room) }, 'bench', 'bench', tally);
        }
      })();
      batch = [];
    };
    for await (const line of readJsonLines(BULK)) {
      if ('error' in line) continue;
      const p = DatasetLine.parse(line.value);
      // A distinct copy: another id (the text changes), same size and shape.
      batch.push(
        copy === 1 ? p : { ...p, paper_id: `${p.paper_id}~${copy}`, title: `${p.title} (copy ${copy})` },
      );
      if (batch.length >= 50) flush();
      if (tally.reviewsAdded >= target) break;
    }
    if (batch.length) flush();
  }
  // Every fifth review gets a draft: stored prompt (the paper cut to ~32 000 characters, about
  // an 8K-token context) and a text that differs from the review in every tenth word.
  const rows = s.db
    .prepare(
      `SELECT r.id, r.paper_id, r.sections, r.template_id, p.title FROM reviews r JOIN papers p ON p.id = r.paper_id ORDER BY r.rowid`,
    )
    .all() as Array<{ id: string; paper_id: string; sections: string; template_id: string; title: string }>;
  const text = s.db.prepare('SELECT full_text FROM paper_texts WHERE paper_id = ?');
  const insertDraft = s.db.prepare(
    `INSERT INTO drafts (id, paper_id, template_id, text, provenance, end_reason, created_at) VALUES (?, ?, ?, ?, ?, 'done', ?)`,
  );
  const link = s.db.prepare('UPDATE reviews SET draft_id = ? WHERE id = ?');
  let drafts = 0;
  s.db.transaction(() => {
    rows.forEach((r, i) => {
      if (i % 5 !== 0) return;
      const body = Object.values(JSON.parse(r.sections) as Record<string, string>).join('\n\n');
      const draft = body
        .split(' ')
        .map((w, k) => (k % 10 === 0 ? 'draftword' : w))
        .join(' ');
      const full = (text.get(r.paper_id) as { full_text: string }).full_text.slice(0, 32_000);
      const provenance = JSON.stringify({
        messages: [
          { role: 'system', content: 'You are an expert peer reviewer.' },
          { role: 'user', content: `[TITLE]\n${r.title}\n\n[CONTENT]\n${full}` },
        ],
      });
      const id = `draft-${i}`;
      insertDraft.run(id, r.paper_id, r.template_id, draft, provenance, new Date().toISOString());
      link.run(id, r.id);
      drafts++;
    });
  })();
  const papers = (s.db.prepare('SELECT COUNT(*) AS n FROM papers').get() as { n: number }).n;
  await s.close();
  return { reviews: tally.reviewsAdded, papers, drafts, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Bundles the worker and the measuring child to plain ESM as the app ships them: like the
 * app's build (electron-vite, rollup), a dynamically imported module is a chunk of its own,
 * loaded on first use, so an export without a model never loads node-llama-cpp. (A single-file
 * esbuild bundle hoists the static imports of dynamically imported modules — render.ts
 * imports node-llama-cpp — to the top, and every export worker then paid 0.45 s or more at
 * start for a library the app's worker does not load; see bench/results/export-2026-12-07.md.)
 */
async function bundle(dir: string): Promise<{ worker: string; child: string }> {
  const { build: esbuild } = await import('esbuild');
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node20',
    external: ['better-sqlite3', 'node-llama-cpp'],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'error' as const,
    // src/core/version.ts reads ../../package.json relative to its own file, which a bundle moves; inline it.
    plugins: [
      {
        name: 'inline-version',
        setup(b: { onLoad(o: { filter: RegExp }, cb: () => { contents: string; loader: 'ts' }): void }) {
          b.onLoad({ filter: /[\\/]core[\\/]version\.ts$/ }, () => ({
            contents: `export const APP_VERSION = ${JSON.stringify(PKG.version)}; export const APP_NAME = ${JSON.stringify(PKG.productName)};`,
            loader: 'ts',
          }));
        },
      },
    ],
  };
  // Chunk names change with the code: start from an empty folder.
  const out = join(dir, 'split');
  rmSync(out, { recursive: true, force: true });
  await esbuild({
    ...common,
    splitting: true,
    entryPoints: {
      'export-worker': join(HERE, '../../src/core/export/worker.ts'),
      'export-child': join(HERE, '../export-child.ts'),
    },
    outdir: out,
    outExtension: { '.js': '.mjs' },
  });
  return { worker: join(out, 'export-worker.mjs'), child: join(out, 'export-child.mjs') };
}

interface ChildResult {
  format: string;
  records: number;
  bytes: number;
  sha256: string;
  exportSeconds: number;
  /** CPU time of the export's process (every thread), user + system. */
  cpuSeconds: number;
  plainSeconds: number;
  baseRssMb: number;
  maxRssMb: number;
}

const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};
const opt = (args: string[], name: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const target = Number(opt(args, '--reviews')) || 10_000;
  const runs = Number(opt(args, '--runs')) || 3;
  const formats = (opt(args, '--formats')?.split(',') as ExportFormat[] | undefined) ?? FORMATS;
  const before = opt(args, '--before');
  const prof = opt(args, '--cpu-prof');
  const root = mkdtempSync(join(tmpdir(), 'prs-bench-export-'));
  const dataDir = opt(args, '--data') ?? join(root, 'data');
  try {
    let built: { reviews: number; papers: number; drafts: number };
    const builtFile = join(dataDir, 'bench-built.json');
    if (existsSync(builtFile)) built = JSON.parse(readFileSync(builtFile, 'utf8')) as typeof built;
    else {
      const b = await build(dataDir, target);
      process.stderr.write(
        `built ${b.reviews} reviews on ${b.papers} papers (${b.drafts} drafts) in ${b.seconds.toFixed(1)} s\n`,
      );
      built = b;
      writeFileSync(builtFile, JSON.stringify(b));
    }
    // Inside the repo's node_modules, so the bundles resolve better-sqlite3 from there.
    const bundleDir = join(HERE, '../../node_modules/.cache/prs-bench-export');
    mkdirSync(bundleDir, { recursive: true });
    const bundled = await bundle(bundleDir);
    const forModel = opt(args, '--for-model') ?? makeTestModels().mistral;
    const variants: Array<[string, string, string | null]> = [['untrimmed', bundled.worker, null]];
    if (forModel !== 'none') variants.push(['exact', bundled.worker, forModel]);
    if (before) {
      // Next to the new bundle, so it resolves better-sqlite3 the same way.
      const copy = join(bundleDir, 'export-worker-before.mjs');
      if (before !== copy) copyFileSync(before, copy);
      variants.unshift(['before', copy, null]);
    }
    const results = [];
    for (const format of formats) {
      const per = new Map<string, ChildResult[]>(variants.map(([v]) => [v, []]));
      for (let i = 0; i < runs; i++) {
        for (const [variant, worker, model] of variants) {
          const outDir = join(root, `out-${format}`);
          const flags = prof ? ['--cpu-prof', '--cpu-prof-dir', join(prof, `${format}-${variant}`)] : [];
          // Plain node from the repo root, so the bundle finds better-sqlite3 in node_modules.
          const child = (argv: string[], extra: string[] = []) => {
            const run = spawnSync(process.execPath, [...extra, bundled.child, ...argv], {
              encoding: 'utf8',
              maxBuffer: 1 << 20,
              cwd: join(HERE, '../..'),
            });
            if (run.status !== 0) throw new Error(`${format}: ${run.stderr}`);
            return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
          };
          // Each measurement starts with nothing dirty: no run pays for the previous one's
          // writeback (or, on a disk mounted with `discard`, its deletions).
          spawnSync('sync');
          const exp = child([dataDir, format, outDir, worker, ...(model ? [model] : [])], flags);
          // Right after, in a fresh process: the same bytes, written plainly.
          spawnSync('sync');
          const plain = child(['--plain', outDir, join(root, 'plain')]);
          rmSync(outDir, { recursive: true, force: true });
          const r = { ...exp, ...plain } as unknown as ChildResult;
          per.get(variant)!.push(r);
          process.stderr.write(
            `${format} ${variant} #${i + 1}: ${r.records} records, ${(r.bytes / 1e6).toFixed(0)} MB, export ${r.exportSeconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(2)} s), plain ${r.plainSeconds.toFixed(2)} s, RSS ${r.maxRssMb.toFixed(0)} MB\n`,
          );
        }
      }
      for (const [variant, rs] of per) {
        // Runs of one variant write the same bytes (the exact variant writes other, fitted, bytes).
        if (new Set(rs.map((r) => r.sha256)).size !== 1)
          throw new Error(`${format} ${variant}: outputs differ between runs`);
        const plain = median(rs.map((r) => r.plainSeconds));
        const exp = median(rs.map((r) => r.exportSeconds));
        results.push({
          format,
          variant,
          records: rs[0]!.records,
          bytes: rs[0]!.bytes,
          sha256: rs[0]!.sha256,
          exportSeconds: exp,
          cpuSeconds: median(rs.map((r) => r.cpuSeconds)),
          plainSeconds: plain,
          ratio: exp / plain,
          maxRssMb: Math.max(...rs.map((r) => r.maxRssMb)),
          baseRssMb: median(rs.map((r) => r.baseRssMb)),
        });
      }
    }
    const summary = {
      bench: 'export',
      ...built,
      runs,
      cpus: cpus().length,
      memGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      results,
    };
    process.stdout.write(JSON.stringify(summary) + '\n');
    const table = [
      `Export benchmark — ${new Date().toISOString().slice(0, 10)}: ${built.reviews} approved reviews on ${built.papers} text-only papers (bulk NeurIPS 2025 set repeated), ${built.drafts} with drafts; variants: untrimmed (no model: whole papers), exact (fitted for ${forModel === 'none' ? '—' : forModel.split('/').at(-1)} by its tokenizer, as export --for-model); Node ${process.version}, ${cpus().length} CPUs (shared); medians of ${runs} runs.`,
      '',
      '| format | worker | records | MB written | export s | CPU s | plain write s | ratio | peak RSS MB (before export) |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.map(
        (r) =>
          `| ${r.format} | ${r.variant} | ${r.records} | ${(r.bytes / 1e6).toFixed(0)} | ${r.exportSeconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.plainSeconds.toFixed(2)} | ${r.ratio.toFixed(2)}× | ${r.maxRssMb.toFixed(0)} (${r.baseRssMb.toFixed(0)}) |`,
      ),
      '',
      "Export time: runExport end to end (worker start, count, stream, hash, fsync, rename, card, manifest, recording the round); CPU: the export process's user + system time over the same span, every thread counted. Plain write: the same bytes written sequentially right after each export, in a fresh process, in the exporter's chunk size (WRITE_CHUNK), then fsync; only the writes and the fsync are timed; its median is over every run of the format and variant. Every run's files hash the same (checked). Peak RSS: the highest process.resourceUsage().maxRSS of the child processes that ran the export — main thread and worker thread together; both bundled to plain JS with esbuild, dynamic imports split into chunks of their own as the app's build does (node-llama-cpp is loaded only when a model is named).",
    ].join('\n');
    process.stdout.write(table + '\n');
    if (!args.includes('--no-save')) {
      // Appended: earlier tables of the day stay for comparison.
      mkdirSync(join(HERE, '..', 'results'), { recursive: true });
      const file = join(HERE, '..', 'results', `export-${new Date().toISOString().slice(0, 10)}.md`);
      appendFileSync(file, (existsSync(file) ? '\n' : '') + table + '\n');
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
