/**
 * Export benchmark (not a test): `npx tsx bench/export.ts [--reviews N]`.
 *
 * Builds a temp library of N (default 10 000) approved reviews with real paper text — the
 * bulk NeurIPS set's papers and reviews, repeated as distinct copies until N is reached —
 * with a draft (stored prompt, changed text) for every fifth review, so dpo has pairs and
 * both prompt paths (from the draft, rendered from the paper) are exercised. No model is
 * registered, so rendered prompts are the untrimmed paper: the heaviest case.
 * Then, per format, a fresh child process runs the export (worker thread included) and,
 * in the same run, a plain sequential copy of the same bytes (read 1 MiB, write, fsync):
 * ratio = export time / plain write time (goal ≤ 2×), peak RSS of that process (goal < 300 MB).
 * Prints one JSON line and a markdown table, and saves bench/results/export-<date>.md.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices } from '../src/core/services';
import { runExport } from '../src/core/export/run';
import { readJsonLines } from '../src/core/import-reviews/jsonl';
import { DatasetLine, storeDatasetPaper, type PaperTally } from '../src/core/import-reviews/dataset-paper';
import type { ExportFormat } from '../src/shared/contract/dataset';

const HERE = fileURLToPath(import.meta.url);
const BULK = join(HERE, '../../../shared/corpus/bulk/neurips2025-papers-reviews.jsonl.gz');
const FORMATS: ExportFormat[] = ['messages', 'prompt-completion', 'alpaca', 'sharegpt', 'dpo'];

async function build(dataDir: string, target: number): Promise<{ reviews: number; papers: number; drafts: number; seconds: number }> {
  const t0 = performance.now();
  const s = createServices({ dataDir, host: 'cli' });
  const tally: PaperTally = { papersAdded: 0, papersPresent: 0, reviewsAdded: 0, reviewsPresent: 0, unstructured: 0, conflicts: [] };
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
      batch.push(copy === 1 ? p : { ...p, paper_id: `${p.paper_id}~${copy}`, title: `${p.title} (copy ${copy})` });
      if (batch.length >= 50) flush();
      if (tally.reviewsAdded >= target) break;
    }
    if (batch.length) flush();
  }
  // Every fifth review gets a draft: stored prompt (the paper cut to ~32 000 characters, about
  // an 8K-token context) and a text that differs from the review in every tenth word.
  const rows = s.db.prepare(`SELECT r.id, r.paper_id, r.sections, p.title FROM reviews r JOIN papers p ON p.id = r.paper_id ORDER BY r.rowid`).all() as Array<{ id: string; paper_id: string; sections: string; title: string }>;
  const text = s.db.prepare('SELECT full_text FROM paper_texts WHERE paper_id = ?');
  const insertDraft = s.db.prepare(`INSERT INTO drafts (id, paper_id, template_id, text, provenance, end_reason, created_at) VALUES (?, ?, 'conference@1', ?, ?, 'done', ?)`);
  const link = s.db.prepare('UPDATE reviews SET draft_id = ? WHERE id = ?');
  let drafts = 0;
  s.db.transaction(() => {
    rows.forEach((r, i) => {
      if (i % 5 !== 0) return;
      const body = Object.values(JSON.parse(r.sections) as Record<string, string>).join('\n\n');
      const draft = body.split(' ').map((w, k) => (k % 10 === 0 ? 'draftword' : w)).join(' ');
      const full = (text.get(r.paper_id) as { full_text: string }).full_text.slice(0, 32_000);
      const provenance = JSON.stringify({ messages: [{ role: 'system', content: 'You are an expert peer reviewer.' }, { role: 'user', content: `[TITLE]\n${r.title}\n\n[CONTENT]\n${full}` }] });
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

/** The plain baseline: the same bytes copied sequentially (1 MiB reads and writes, then fsync). */
function plainWrite(files: string[], dest: string): number {
  const t0 = performance.now();
  const buf = Buffer.alloc(1 << 20);
  for (const [i, f] of files.entries()) {
    const src = openSync(f, 'r');
    const out = openSync(`${dest}.${i}`, 'w');
    let n: number;
    while ((n = readSync(src, buf, 0, buf.length, null)) > 0) writeSync(out, buf, 0, n);
    fsyncSync(out);
    closeSync(out);
    closeSync(src);
  }
  return (performance.now() - t0) / 1000;
}

async function child(dataDir: string, format: ExportFormat, outDir: string): Promise<void> {
  const s = createServices({ dataDir, host: 'cli' });
  const t0 = performance.now();
  const r = await runExport({ db: s.db, dataDir, schemaVersion: s.schemaVersion }, { format, outDir, valRatio: 0.1, seed: 0, include: ['all'] });
  const exportSeconds = (performance.now() - t0) / 1000;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const dataFiles = ['train.jsonl', 'validation.jsonl'].map((f) => join(outDir, f));
  const bytes = dataFiles.reduce((a, f) => a + statSync(f).size, 0);
  const plainSeconds = plainWrite(dataFiles, join(outDir, '..', `plain-${format}`));
  await s.close();
  process.stdout.write(JSON.stringify({ format, records: r.counts.train + r.counts.validation, bytes, exportSeconds, plainSeconds, maxRssMb, workerMaxRssMb: r.maxRssKb / 1024 }) + '\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!, args[2] as ExportFormat, args[3]!);
  const target = Number(args[args.indexOf('--reviews') + 1] ?? NaN) || 10_000;
  const root = mkdtempSync(join(tmpdir(), 'prs-bench-export-'));
  try {
    const dataDir = join(root, 'data');
    const built = await build(dataDir, target);
    process.stderr.write(`built ${built.reviews} reviews on ${built.papers} papers (${built.drafts} drafts) in ${built.seconds.toFixed(1)} s\n`);
    const results = [];
    for (const format of FORMATS) {
      const outDir = join(root, `out-${format}`);
      const run = spawnSync(process.execPath, [...process.execArgv, HERE, '--child', dataDir, format, outDir], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (run.status !== 0) throw new Error(`${format}: ${run.stderr}`);
      const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { format: string; records: number; bytes: number; exportSeconds: number; plainSeconds: number; maxRssMb: number };
      results.push({ ...r, ratio: r.exportSeconds / r.plainSeconds });
      process.stderr.write(`${format}: ${r.records} records, ${(r.bytes / 1e6).toFixed(0)} MB in ${r.exportSeconds.toFixed(2)} s\n`);
      rmSync(outDir, { recursive: true, force: true });
      rmSync(join(root, `plain-${format}.0`), { force: true });
      rmSync(join(root, `plain-${format}.1`), { force: true });
    }
    const summary = { bench: 'export', reviews: built.reviews, papers: built.papers, drafts: built.drafts, cpus: cpus().length, memGb: Math.round(totalmem() / 2 ** 30), node: process.version, results };
    process.stdout.write(JSON.stringify(summary) + '\n');
    const table = [
      `Export benchmark — ${new Date().toISOString().slice(0, 10)}: ${built.reviews} approved reviews on ${built.papers} text-only papers (bulk NeurIPS 2025 set repeated), ${built.drafts} with drafts; no model registered (rendered prompts untrimmed); Node ${process.version}, ${cpus().length} CPUs (shared).`,
      '',
      '| format | records | MB written | export s | plain write s | ratio | peak RSS MB |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...results.map((r) => `| ${r.format} | ${r.records} | ${(r.bytes / 1e6).toFixed(0)} | ${r.exportSeconds.toFixed(2)} | ${r.plainSeconds.toFixed(2)} | ${r.ratio.toFixed(2)}× | ${r.maxRssMb.toFixed(0)} |`),
      '',
      'Export time: runExport end to end (worker start, count, stream, hash, fsync, rename, card, manifest, recording the round). Plain write: the same bytes copied sequentially in the same process (1 MiB reads/writes, fsync). Peak RSS: process.resourceUsage().maxRSS of the child that ran the export (the worker thread is in the same process).',
    ].join('\n');
    process.stdout.write(table + '\n');
    mkdirSync(join(HERE, '..', 'results'), { recursive: true });
    writeFileSync(join(HERE, '..', 'results', `export-${new Date().toISOString().slice(0, 10)}.md`), table + '\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
