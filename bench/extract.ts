/**
 * Extraction benchmark over ../shared/corpus/pdfs (run: npx tsx bench/extract.ts).
 *   time:       our extractPdf (in process, pdf.js loaded once beforehand) vs `pdftotext file -`
 *               (poppler, including its process start), median of REPEAT runs per file.
 *               Extraction runs as in the worker thread (syncInflate), pdf.js loaded beforehand.
 *   throughput: the whole corpus through a 2-worker pool (the batch import path) against
 *               pdftotext two at a time, wall clock, once.
 *   agreement:  single-column papers: LCS-F1 of word sequences, 2·|LCS| / (|ours| + |pdftotext|),
 *               words lower-cased, punctuation dropped, hyphens removed on both sides (so
 *               dehyphenation differences do not count). Two numbers: `raw` (that alone, the
 *               metric of the first table) and `fair`, which also (1) removes from pdftotext's
 *               text what we drop on purpose: lines repeated on 3+ pages (running headers and
 *               footers, digits masked) and lines that are only a number (page and review line
 *               numbers), and (2) joins pdftotext's split small capitals ("S ELF -R EFINE") on
 *               both sides alike. The goal (≥ 0.95) is judged on `fair`.
 *   order:      two-column papers: share of pdftotext's paragraphs (≥ 8 words; it handles
 *               columns) whose word sequence appears contiguously in ours (compared with
 *               spaces removed, see orderScore).
 * Prints one JSON line and a markdown table; writes the table to bench/results/extract-<date>.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { extractPdf } from '../src/core/library/pdf/extract';
import { syncInflate } from '../src/core/library/pdf/runtime';
import { createExtractPool } from '../src/core/library/pdf/worker-client';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus');
const REPEAT = Number(process.env.REPEAT ?? 3);

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const words = (s: string) =>
  s
    .replace(/[-\u2010\u00ad]\s*\n\s*/g, '')
    .replace(/[-\u2010]/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Single capitals split from the rest of a small-caps word ("S ELF -R EFINE"), as pdftotext writes them. */
const joinSmallCaps = (s: string) => {
  const once = (x: string) => x.replace(/\b([A-Z]) (?=[A-Z]{2,})/g, '$1');
  // Twice, for single-capital words in small caps: "B I DAF" → "B IDAF" → "BIDAF".
  return once(once(s)).replace(/\b([A-Z]{2,}) -(?=[A-Z]{2,})/g, '$1-');
};

/**
 * pdftotext's text without what we drop on purpose (see the header). Only a page's first and
 * last 3 lines are candidates, so table cells and axis ticks in the body stay; review line
 * numbers are runs of 5+ number-only lines counting up by one.
 */
function withoutMargins(ref: string): string {
  const pages = ref.split('\f').map((p) => p.split('\n').filter((l) => l.trim()));
  const key = (l: string) => l.trim().replace(/\d+/g, '#').replace(/\s+/g, ' ');
  const edge = (lines: string[]) => [...lines.slice(0, 3), ...lines.slice(-3)];
  const onPages = new Map<string, number>();
  for (const lines of pages) for (const k of new Set(edge(lines).map(key))) onPages.set(k, (onPages.get(k) ?? 0) + 1);
  const num = (l: string | undefined) => (l !== undefined && /^\s*\d+\s*$/.test(l) ? Number(l) : NaN);
  return pages
    .map((lines) => {
      const drop = new Set<number>();
      lines.forEach((l, i) => {
        const atEdge = i < 3 || i >= lines.length - 3;
        if (atEdge && (!Number.isNaN(num(l)) || (onPages.get(key(l)) ?? 0) >= 3)) drop.add(i);
      });
      for (let i = 0; i < lines.length; ) {
        let j = i;
        while (j + 1 < lines.length && num(lines[j + 1]) === num(lines[j]) + 1) j++;
        if (j - i >= 4) for (let k = i; k <= j; k++) drop.add(k);
        i = j + 1;
      }
      return lines.filter((_, i) => !drop.has(i)).join('\n');
    })
    .join('\n\n');
}

function lcs(a: string[], b: string[]): number {
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = ai === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * Compared without spaces: pdftotext splits small capitals ("S CIENCE P ARSE", "L A T E X")
 * where we join them, which is a tokenisation difference, not an ordering one.
 */
function orderScore(ref: string, ours: string[]): { ok: number; total: number } {
  const hay = ours.join('');
  let ok = 0;
  let total = 0;
  for (const para of ref.split(/\n\s*\n/)) {
    const w = words(para);
    if (w.length < 8) continue;
    total++;
    if (hay.includes(w.join(''))) ok++;
  }
  return { ok, total };
}

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
  kind: string;
  agreement?: number;
  raw?: number;
  order?: string;
  status: string;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(corpus, 'pdfs'))) {
    console.log(`skipped: ${corpus} is absent (../shared is not checked out)`);
    return;
  }
  syncInflate(); // as the extraction worker runs
  const kinds = layoutKinds();
  const files = readdirSync(path.join(corpus, 'pdfs')).filter((f) => f.endsWith('.pdf')).sort();
  // Load pdf.js once so the first file does not pay for the module import.
  await extractPdf(new Uint8Array(readFileSync(path.join(corpus, 'pdfs', files[0]!))), { maxPages: 1 }).catch(() => null);
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
        ref = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
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
      const a = words(result.fullText);
      if (row.kind === 'single') {
        const f1 = (x: string[], y: string[]) => (2 * lcs(x, y)) / (x.length + y.length);
        row.raw = f1(a, words(ref));
        row.agreement = f1(words(joinSmallCaps(result.fullText)), words(joinSmallCaps(withoutMargins(ref))));
      }
      if (row.kind === 'two') {
        const o = orderScore(ref, a);
        row.order = `${o.ok}/${o.total}`;
        row.agreement = o.total ? o.ok / o.total : undefined;
      }
    }
    rows.push(row);
  }
  report(rows, { cpuOurs, ...(await throughput(files.map((f) => path.join(corpus, 'pdfs', f)))) });
}

/** Batch import path: every file queued on a 2-worker pool vs pdftotext two at a time. */
async function throughput(files: string[]): Promise<{ poolColdMs: number; poolMs: number; pdftotext2Ms: number }> {
  const pool = createExtractPool({ size: 2 });
  const warm = files.slice(0, 2).map((f) => pool.run(new Uint8Array(readFileSync(f)), { maxPages: 1 }).catch(() => null));
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
    for (let f = queue.shift(); f; f = queue.shift()) await run('pdftotext', [f, '-'], { maxBuffer: 1 << 26 }).catch(() => null);
  };
  await Promise.all([lane(), lane()]);
  return { poolColdMs, poolMs, pdftotext2Ms: performance.now() - t };
}

function report(rows: Row[], extra: { cpuOurs: number; poolColdMs: number; poolMs: number; pdftotext2Ms: number }): void {
  const sum = (k: 'oursMs' | 'popplerMs') => rows.reduce((n, r) => n + r[k], 0);
  const single = rows.filter((r) => r.kind === 'single' && r.agreement !== undefined);
  const two = rows.filter((r) => r.kind === 'two' && r.order);
  const [ok, total] = two.reduce(([a, b], r) => {
    const [x, y] = (r.order ?? '0/0').split('/').map(Number);
    return [a + (x ?? 0), b + (y ?? 0)];
  }, [0, 0]);
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
    pool2VsPdftotextSequential: +(extra.poolMs / sum('popplerMs')).toFixed(2),
    singleColumnAgreementRawMedian: +median(single.map((r) => r.raw ?? 0)).toFixed(3),
    singleColumnAgreementMedian: +median(single.map((r) => r.agreement ?? 0)).toFixed(3),
    singleColumnAgreementMin: +Math.min(...single.map((r) => r.agreement ?? 0)).toFixed(3),
    twoColumnParagraphsContiguous: total ? +(ok / total).toFixed(3) : null,
  };
  console.log(JSON.stringify(summary));
  const lines = [
    `Extraction benchmark, ${new Date().toISOString().slice(0, 10)} (median of ${REPEAT}; node ${process.version})`,
    '',
    '| file | pages | layout | ours ms | pdftotext ms | ratio | sections | agreement fair (raw) / order | status |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.pages} | ${r.kind} | ${Math.round(r.oursMs)} | ${Math.round(r.popplerMs)} | ${(r.oursMs / r.popplerMs).toFixed(1)} | ${r.sections} | ${
          r.kind === 'single' && r.agreement !== undefined ? `${r.agreement.toFixed(3)} (${r.raw?.toFixed(3)})` : r.order ? `${r.order} paragraphs` : ''
        } | ${r.status} |`,
    ),
    `| **total** | | | **${summary.oursTotalMs}** | **${summary.pdftotextTotalMs}** | **${summary.ratio}** | | single-col LCS-F1 fair median ${summary.singleColumnAgreementMedian} (min ${summary.singleColumnAgreementMin}; raw median ${summary.singleColumnAgreementRawMedian}); two-col contiguous ${summary.twoColumnParagraphsContiguous} | |`,
    '',
    `Single-threaded: ours ${summary.oursTotalMs} ms wall (${summary.oursCpuMs} ms CPU) vs pdftotext ${summary.pdftotextTotalMs} ms, ratio ${summary.ratio}.`,
    `Throughput (batch import, 2 workers, all ${rows.length} files queued): first batch (cold workers) ${summary.pool2ColdWallMs} ms; next batch ${summary.pool2WallMs} ms vs pdftotext 2 at a time ${summary.pdftotext2WallMs} ms, ratio ${summary.throughputRatio}; vs pdftotext one at a time: ${summary.pool2VsPdftotextSequential}.`,
  ];
  const table = lines.join('\n');
  console.log(table);
  // RESULT names the file when an earlier table of the same day is to be kept.
  const out = path.join(root, 'bench/results', process.env.RESULT ?? `extract-${new Date().toISOString().slice(0, 10)}.md`);
  writeFileSync(out, table + '\n');
  console.log(`written: ${path.relative(root, out)}`);
}

await main();
