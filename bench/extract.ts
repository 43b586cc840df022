/**
 * Extraction benchmark over ../shared/corpus/pdfs (run: npx tsx bench/extract.ts).
 *   time:       our extractPdf (in process, PDFium loaded once beforehand) vs `pdftotext file -`
 *               (poppler, including its process start), median of REPEAT runs per file, in
 *               the same loop so the ratio is side by side on one machine state.
 *   throughput: the whole corpus through a 2-worker pool (the batch import path) against
 *               pdftotext two at a time, wall clock, once.
 *   quality:    per paper, word recall and in-order agreement (LCS-based: |LCS| ÷ reference
 *               words) against pdftotext without -layout, its running headers, page numbers and
 *               review line numbers removed (we drop those on purpose); see extract-metrics.ts.
 *               Medians for two-column and single-column papers apart. The worst page of each
 *               paper (lowest in-order) is written for a human look. A second in-order figure
 *               is taken against `pdftotext -raw` (content-stream order, which for LaTeX output is
 *               the typesetting order): pdftotext's default order reads some two-column pages
 *               wrong (interleaved reference columns, a right column before the left), and the
 *               -raw figure shows which of the two disagrees with us. Neither is the truth.
 *               "Units" figures take the floats and notes the extractor set apart (its asides)
 *               as units that may stand anywhere (extract-metrics.ts `inOrderUnits`): both
 *               references keep a float inside the sentence it interrupts and a note at its
 *               column's foot, where we read the sentence whole first.
 * Prints one JSON line and a markdown table; writes the table to bench/results/extract-<date>.md
 * (RESULT names another file) and the worst pages beside it (…-worst-pages.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import { extractPdf } from '../src/core/library/pdf/extract';
import { createExtractPool } from '../src/core/library/pdf/worker-client';
import { agreement, type Agreement } from './extract-metrics';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus');
const REPEAT = Number(process.env.REPEAT ?? 3);

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function layoutKinds(): Map<string, string> {
  const m = new Map<string, string>();
  const tsv = readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  for (const row of tsv) {
    const cols = row.split('\t');
    m.set(cols[0] ?? '', cols[4] ?? '');
  }
  return m;
}

interface Row {
  id: string;
  pages: number;
  oursMs: number;
  popplerMs: number;
  sections: number;
  kind: 'single' | 'two' | 'other';
  q?: Agreement;
  /** Against `pdftotext -raw` (content-stream order), a second reference; see the header. */
  raw?: Agreement;
  status: string;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(corpus, 'pdfs'))) {
    console.log(`skipped: ${corpus} is absent (../shared is not checked out)`);
    return;
  }
  const kinds = layoutKinds();
  const files = readdirSync(path.join(corpus, 'pdfs'))
    .filter((f) => f.endsWith('.pdf'))
    .sort();
  // Load pdf.js once so the first file does not pay for the module import.
  await extractPdf(new Uint8Array(readFileSync(path.join(corpus, 'pdfs', files[0]!))), { maxPages: 1 }).catch(
    () => null,
  );
  const rows: Row[] = [];
  let cpuOurs = 0;
  for (const f of files) {
    const id = f.replace(/\.pdf$/, '');
    const file = path.join(corpus, 'pdfs', f);
    const bytes = new Uint8Array(readFileSync(file));
    const kind = kinds.get(id) ?? '';
    const ours: number[] = [];
    const pop: number[] = [];
    let result: Awaited<ReturnType<typeof extractPdf>> | null = null;
    let status = 'ok';
    let ref = '';
    for (let i = 0; i < REPEAT; i++) {
      let t = performance.now();
      const c0 = process.cpuUsage();
      try {
        result = await extractPdf(bytes);
        status = result.text.warnings.map((w) => w.code).join(',') || 'ok';
      } catch (e) {
        status = `error:${(e as { code?: string }).code ?? 'internal'}`;
      }
      ours.push(performance.now() - t);
      const c = process.cpuUsage(c0);
      cpuOurs += (c.user + c.system) / 1000 / REPEAT;
      t = performance.now();
      try {
        ref = execFileSync('pdftotext', [file, '-'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        });
      } catch {
        ref = '';
      }
      pop.push(performance.now() - t);
    }
    const row: Row = {
      id,
      pages: result?.meta.pages ?? 0,
      oursMs: median(ours),
      popplerMs: median(pop),
      sections: result?.text.sections.length ?? 0,
      kind: kind.startsWith('single') ? 'single' : kind.startsWith('two') ? 'two' : 'other',
      status,
    };
    if (result && ref.trim() && result.fullText) {
      row.q = agreement(ref, result.fullText, result.meta.venueLines, result.asides);
      const raw = execFileSync('pdftotext', ['-raw', file, '-'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      row.raw = agreement(raw, result.fullText, result.meta.venueLines, result.asides);
    }
    rows.push(row);
  }
  report(rows, { cpuOurs, ...(await throughput(files.map((f) => path.join(corpus, 'pdfs', f)))) });
}

/** Batch import path: every file queued on a 2-worker pool vs pdftotext two at a time. */
async function throughput(
  files: string[],
): Promise<{ poolColdMs: number; poolMs: number; pdftotext2Ms: number }> {
  const pool = createExtractPool({ size: 2 });
  const warm = files
    .slice(0, 2)
    .map((f) => pool.run(new Uint8Array(readFileSync(f)), { maxPages: 1 }).catch(() => null));
  await Promise.all(warm); // both workers started and pdf.js loaded, as in a running app
  // First pass: a fresh pool (JIT cold, as the app's first batch); second: warm, as later ones.
  let t = performance.now();
  await Promise.all(files.map((f) => pool.run(new Uint8Array(readFileSync(f))).catch(() => null)));
  const poolColdMs = performance.now() - t;
  t = performance.now();
  await Promise.all(files.map((f) => pool.run(new Uint8Array(readFileSync(f))).catch(() => null)));
  const poolMs = performance.now() - t;
  await pool.close();
  const run = promisify(execFile);
  const queue = files.slice();
  t = performance.now();
  const lane = async () => {
    for (let f = queue.shift(); f; f = queue.shift())
      await run('pdftotext', [f, '-'], { maxBuffer: 1 << 26 }).catch(() => null);
  };
  await Promise.all([lane(), lane()]);
  return { poolColdMs, poolMs, pdftotext2Ms: performance.now() - t };
}

const fix = (x: number) => +x.toFixed(3);

function qualityOf(rows: Row[], kind: Row['kind']) {
  const q = rows.filter((r) => r.kind === kind && r.q).map((r) => r.q!);
  return {
    papers: q.length,
    recallMedian: fix(median(q.map((x) => x.recall))),
    inOrderMedian: fix(median(q.map((x) => x.inOrder))),
    inOrderMin: fix(Math.min(...q.map((x) => x.inOrder))),
    unitsMedian: fix(median(q.map((x) => x.inOrderUnits))),
    rawInOrderMedian: fix(median(rows.filter((r) => r.kind === kind && r.raw).map((r) => r.raw!.inOrder))),
    rawUnitsMedian: fix(median(rows.filter((r) => r.kind === kind && r.raw).map((r) => r.raw!.inOrderUnits))),
  };
}

function worstPages(rows: Row[]): string {
  const out = [
    "Worst page of each paper (lowest in-order share): pdftotext's words, [bracketed] where our text does not have them in order.",
    '',
  ];
  for (const r of rows) {
    const worst = r.q?.pages.slice().sort((a, b) => a.inOrder - b.inOrder)[0];
    if (!worst) continue;
    out.push(
      `## ${r.id} — page ${worst.page}: in-order ${worst.inOrder.toFixed(3)}, recall ${worst.recall.toFixed(3)} (${worst.words} words)`,
      '',
      worst.marked,
      '',
    );
  }
  return out.join('\n');
}

function report(
  rows: Row[],
  extra: { cpuOurs: number; poolColdMs: number; poolMs: number; pdftotext2Ms: number },
): void {
  const sum = (k: 'oursMs' | 'popplerMs') => rows.reduce((n, r) => n + r[k], 0);
  const summary = {
    bench: 'extract',
    files: rows.length,
    repeat: REPEAT,
    oursTotalMs: Math.round(sum('oursMs')),
    pdftotextTotalMs: Math.round(sum('popplerMs')),
    ratio: +(sum('oursMs') / sum('popplerMs')).toFixed(2),
    oursCpuMs: Math.round(extra.cpuOurs),
    pool2ColdWallMs: Math.round(extra.poolColdMs),
    pool2WallMs: Math.round(extra.poolMs),
    pdftotext2WallMs: Math.round(extra.pdftotext2Ms),
    throughputRatio: +(extra.poolMs / extra.pdftotext2Ms).toFixed(2),
    loadavg: loadavg().map((x) => +x.toFixed(2)),
    twoColumn: qualityOf(rows, 'two'),
    singleColumn: qualityOf(rows, 'single'),
  };
  console.log(JSON.stringify(summary));
  const [two, single] = [summary.twoColumn, summary.singleColumn];
  const lines = [
    `Extraction benchmark, ${new Date().toISOString().slice(0, 10)} (median of ${REPEAT}; node ${process.version}; ${process.env.MACHINE ?? 'machine unnamed'})`,
    '',
    '| file | pages | layout | ours ms | pdftotext ms | ratio | sections | recall | in-order | units | in-order vs -raw | units vs -raw | worst page (in-order) | status |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows.map((r) => {
      const worst = r.q?.pages.slice().sort((a, b) => a.inOrder - b.inOrder)[0];
      return `| ${r.id} | ${r.pages} | ${r.kind} | ${Math.round(r.oursMs)} | ${Math.round(r.popplerMs)} | ${(r.oursMs / r.popplerMs).toFixed(1)} | ${r.sections} | ${r.q?.recall.toFixed(3) ?? ''} | ${r.q?.inOrder.toFixed(3) ?? ''} | ${r.q?.inOrderUnits.toFixed(3) ?? ''} | ${r.raw?.inOrder.toFixed(3) ?? ''} | ${r.raw?.inOrderUnits.toFixed(3) ?? ''} | ${worst ? `p${worst.page} (${worst.inOrder.toFixed(2)})` : ''} | ${r.status} |`;
    }),
    `| **total** | | | **${summary.oursTotalMs}** | **${summary.pdftotextTotalMs}** | **${summary.ratio}** | | | | | | | | |`,
    '',
    `Load average at the end: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}.`,
    `Two-column (${two.papers} papers): recall median ${two.recallMedian}, in-order median ${two.inOrderMedian} (min ${two.inOrderMin}), units ${two.unitsMedian}; against pdftotext -raw ${two.rawInOrderMedian}, units ${two.rawUnitsMedian}.`,
    `Single-column (${single.papers} papers): recall median ${single.recallMedian}, in-order median ${single.inOrderMedian} (min ${single.inOrderMin}), units ${single.unitsMedian}; against pdftotext -raw ${single.rawInOrderMedian}, units ${single.rawUnitsMedian}.`,
    `Single-threaded: ours ${summary.oursTotalMs} ms wall (${summary.oursCpuMs} ms CPU) vs pdftotext ${summary.pdftotextTotalMs} ms, ratio ${summary.ratio}.`,
    `Throughput (batch import, 2 workers, all ${rows.length} files queued): first batch (cold workers) ${summary.pool2ColdWallMs} ms; next batch ${summary.pool2WallMs} ms vs pdftotext 2 at a time ${summary.pdftotext2WallMs} ms, ratio ${summary.throughputRatio}.`,
  ];
  const table = lines.join('\n');
  console.log(table);
  // path.resolve: a RESULT that is an absolute path (a scratch file) is taken as it is.
  const out = path.resolve(
    root,
    'bench/results',
    process.env.RESULT ?? `extract-${new Date().toISOString().slice(0, 10)}.md`,
  );
  writeFileSync(out, table + '\n');
  const worst = worstPages(rows);
  console.log(`\n${worst}`);
  writeFileSync(out.replace(/\.md$/, '-worst-pages.md'), worst);
  console.log(`written: ${path.relative(root, out)} (+ -worst-pages.md)`);
}

await main();
