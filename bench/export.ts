/**
 * Export benchmark (not a test): `npx tsx bench/export.ts [--reviews N]`.
 *
 * Builds a temp library of N (default 10 000) approved reviews with real paper text — the
 * bulk NeurIPS set's papers and reviews, repeated as distinct copies until N is reached —
 * with a draft (stored prompt, changed text) for every fifth review, so dpo has pairs and
 * both prompt paths (from the draft, rendered from the paper) are exercised. No model is
 * registered, so rendered prompts are the untrimmed paper: the heaviest case.
 * Then, per format, a fresh child process (bench/export-child.ts, bundled with the worker to
 * plain JS, as shipped) runs the export and, in the same run, a plain sequential copy of
 * the same bytes (read 1 MiB, write, fsync):
 * ratio = export time / plain write time (goal ≤ 2×), peak RSS of that process (goal < 300 MB).
 * Prints one JSON line and a markdown table, and saves bench/results/export-<date>.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices } from '../src/core/services';
import { readJsonLines } from '../src/core/import-reviews/jsonl';
import { DatasetLine, storeDatasetPaper, type PaperTally } from '../src/core/import-reviews/dataset-paper';
import type { ExportFormat } from '../src/shared/contract/dataset';

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
      `SELECT r.id, r.paper_id, r.sections, p.title FROM reviews r JOIN papers p ON p.id = r.paper_id ORDER BY r.rowid`,
    )
    .all() as Array<{ id: string; paper_id: string; sections: string; title: string }>;
  const text = s.db.prepare('SELECT full_text FROM paper_texts WHERE paper_id = ?');
  const insertDraft = s.db.prepare(
    `INSERT INTO drafts (id, paper_id, template_id, text, provenance, end_reason, created_at) VALUES (?, ?, 'conference@1', ?, ?, 'done', ?)`,
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
      insertDraft.run(id, r.paper_id, draft, provenance, new Date().toISOString());
      link.run(id, r.id);
      drafts++;
    });
  })();
  const papers = (s.db.prepare('SELECT COUNT(*) AS n FROM papers').get() as { n: number }).n;
  await s.close();
  return { reviews: tally.reviewsAdded, papers, drafts, seconds: (performance.now() - t0) / 1000 };
}

/** Bundles the worker and the measuring child to plain ESM, as the app will ship them. */
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
  const worker = join(dir, 'export-worker.mjs');
  const child = join(dir, 'export-child.mjs');
  await esbuild({ ...common, entryPoints: [join(HERE, '../../src/core/export/worker.ts')], outfile: worker });
  await esbuild({ ...common, entryPoints: [join(HERE, '../export-child.ts')], outfile: child });
  return { worker, child };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const target = Number(args[args.indexOf('--reviews') + 1] ?? NaN) || 10_000;
  const root = mkdtempSync(join(tmpdir(), 'prs-bench-export-'));
  try {
    const dataDir = join(root, 'data');
    const built = await build(dataDir, target);
    process.stderr.write(
      `built ${built.reviews} reviews on ${built.papers} papers (${built.drafts} drafts) in ${built.seconds.toFixed(1)} s\n`,
    );
    // Inside the repo's node_modules, so the bundles resolve better-sqlite3 from there.
    const bundleDir = join(HERE, '../../node_modules/.cache/prs-bench-export');
    mkdirSync(bundleDir, { recursive: true });
    const bundled = await bundle(bundleDir);
    const results = [];
    for (const format of FORMATS) {
      const outDir = join(root, `out-${format}`);
      // Plain node from the repo root, so the bundle finds better-sqlite3 in node_modules.
      const run = spawnSync(process.execPath, [bundled.child, dataDir, format, outDir, bundled.worker], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
        cwd: join(HERE, '../..'),
      });
      if (run.status !== 0) throw new Error(`${format}: ${run.stderr}`);
      const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
        format: string;
        records: number;
        bytes: number;
        exportSeconds: number;
        plainSeconds: number;
        baseRssMb: number;
        maxRssMb: number;
      };
      results.push({ ...r, ratio: r.exportSeconds / r.plainSeconds });
      process.stderr.write(
        `${format}: ${r.records} records, ${(r.bytes / 1e6).toFixed(0)} MB in ${r.exportSeconds.toFixed(2)} s\n`,
      );
      rmSync(outDir, { recursive: true, force: true });
      rmSync(join(root, `plain-${format}.0`), { force: true });
      rmSync(join(root, `plain-${format}.1`), { force: true });
    }
    const summary = {
      bench: 'export',
      reviews: built.reviews,
      papers: built.papers,
      drafts: built.drafts,
      cpus: cpus().length,
      memGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      results,
    };
    process.stdout.write(JSON.stringify(summary) + '\n');
    const table = [
      `Export benchmark — ${new Date().toISOString().slice(0, 10)}: ${built.reviews} approved reviews on ${built.papers} text-only papers (bulk NeurIPS 2025 set repeated), ${built.drafts} with drafts; no model registered (rendered prompts untrimmed); Node ${process.version}, ${cpus().length} CPUs (shared).`,
      '',
      '| format | records | MB written | export s | plain write s | ratio | peak RSS MB (before export) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.map(
        (r) =>
          `| ${r.format} | ${r.records} | ${(r.bytes / 1e6).toFixed(0)} | ${r.exportSeconds.toFixed(2)} | ${r.plainSeconds.toFixed(2)} | ${r.ratio.toFixed(2)}× | ${r.maxRssMb.toFixed(0)} (${r.baseRssMb.toFixed(0)}) |`,
      ),
      '',
      'Export time: runExport end to end (worker start, count, stream, hash, fsync, rename, card, manifest, recording the round). Plain write: the same bytes copied sequentially in the same process (1 MiB reads/writes, fsync). Peak RSS: process.resourceUsage().maxRSS of the child process that ran the export — main thread and worker thread together, since a worker thread shares its process; both bundled to plain JS with esbuild, as the app ships them.',
    ].join('\n');
    process.stdout.write(table + '\n');
    mkdirSync(join(HERE, '..', 'results'), { recursive: true });
    writeFileSync(
      join(HERE, '..', 'results', `export-${new Date().toISOString().slice(0, 10)}.md`),
      table + '\n',
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
