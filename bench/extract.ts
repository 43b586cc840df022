/**
 * Extraction benchmark over ../shared/corpus/pdfs (run: npx tsx bench/extract.ts).
 *   time:       our extractPdf (in process, pdf.js loaded once beforehand) vs `pdftotext file -`
 *               (poppler, including its process start), median of REPEAT runs per file.
 *   agreement:  single-column papers: LCS-F1 of word sequences, 2·|LCS| / (|ours| + |pdftotext|),
 *               words lower-cased, punctuation dropped, hyphens removed on both sides (so
 *               dehyphenation differences do not count).
 *   order:      two-column papers: share of pdftotext's paragraphs (≥ 8 words; it handles
 *               columns) whose word sequence appears contiguously in ours (compared with
 *               spaces removed, see orderScore).
 * Prints one JSON line and a markdown table; writes the table to bench/results/extract-<date>.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractPdf } from '../src/core/library/pdf/extract';

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
  order?: string;
  status: string;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(corpus, 'pdfs'))) {
    console.log(`skipped: ${corpus} is absent (../shared is not checked out)`);
    return;
  }
  const kinds = layoutKinds();
  const files = readdirSync(path.join(corpus, 'pdfs')).filter((f) => f.endsWith('.pdf')).sort();
  // Load pdf.js once so the first file does not pay for the module import.
  await extractPdf(new Uint8Array(readFileSync(path.join(corpus, 'pdfs', files[0]!))), { maxPages: 1 }).catch(() => null);
  const rows: Row[] = [];
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
      try {
        result = await extractPdf(bytes);
        status = result.text.warnings.map((w) => w.code).join(',') || 'ok';
      } catch (e) {
        status = `error:${(e as { code?: string }).code ?? 'internal'}`;
      }
      ours.push(performance.now() - t);
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
      if (row.kind === 'single') row.agreement = (2 * lcs(a, words(ref))) / (a.length + words(ref).length);
      if (row.kind === 'two') {
        const o = orderScore(ref, a);
        row.order = `${o.ok}/${o.total}`;
        row.agreement = o.total ? o.ok / o.total : undefined;
      }
    }
    rows.push(row);
  }
  report(rows);
}

function report(rows: Row[]): void {
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
    singleColumnAgreementMedian: +median(single.map((r) => r.agreement ?? 0)).toFixed(3),
    singleColumnAgreementMin: +Math.min(...single.map((r) => r.agreement ?? 0)).toFixed(3),
    twoColumnParagraphsContiguous: total ? +(ok / total).toFixed(3) : null,
  };
  console.log(JSON.stringify(summary));
  const lines = [
    `Extraction benchmark, ${new Date().toISOString().slice(0, 10)} (median of ${REPEAT}; node ${process.version})`,
    '',
    '| file | pages | layout | ours ms | pdftotext ms | ratio | sections | agreement / order | status |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.pages} | ${r.kind} | ${Math.round(r.oursMs)} | ${Math.round(r.popplerMs)} | ${(r.oursMs / r.popplerMs).toFixed(1)} | ${r.sections} | ${
          r.kind === 'single' && r.agreement !== undefined ? r.agreement.toFixed(3) : r.order ? `${r.order} paragraphs` : ''
        } | ${r.status} |`,
    ),
    `| **total** | | | **${summary.oursTotalMs}** | **${summary.pdftotextTotalMs}** | **${summary.ratio}** | | single-col LCS-F1 median ${summary.singleColumnAgreementMedian} (min ${summary.singleColumnAgreementMin}); two-col contiguous ${summary.twoColumnParagraphsContiguous} | |`,
  ];
  const table = lines.join('\n');
  console.log(table);
  const out = path.join(root, 'bench/results', `extract-${new Date().toISOString().slice(0, 10)}.md`);
  writeFileSync(out, table + '\n');
  console.log(`written: ${path.relative(root, out)}`);
}

await main();
