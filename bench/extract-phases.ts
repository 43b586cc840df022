/**
 * Where extraction time goes, side by side with pdftotext in one loop (run: npx tsx
 * bench/extract-phases.ts). Per file, median of REPEAT runs, wall and CPU time of:
 *   pdftotext   `pdftotext file -` (poppler; its user+system CPU read through /usr/bin/time);
 *   tc-only     pdf.js opening the file and getTextContent on every page, nothing else: the
 *               floor for any pdf.js-based extractor (fonts are parsed here too);
 *   pdfjs       what extractPdf asks of pdf.js: getOperatorList (for hidden-text checks and bold
 *               fonts) then getTextContent, per page;
 *   extractPdf  the whole extractor; extractPdf − pdfjs is our own layout code.
 * pdf.js is loaded once beforehand. The ratios to pdftotext are the numbers to compare; this
 * box is shared, so CPU ratios are printed next to wall ratios.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractPdf } from '../src/core/library/pdf/extract';
import { loadPdfjs, openPdf } from '../src/core/library/pdf/pdfjs';
import { syncInflate } from '../src/core/library/pdf/runtime';

syncInflate(); // as the extraction worker runs

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(root, '../shared/corpus/pdfs');
const REPEAT = Number(process.env.REPEAT ?? 3);
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface Cost {
  wall: number;
  cpu: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Cost> {
  const t = performance.now();
  const c = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (d.user + d.system) / 1000 };
}

async function pdfjsPass(bytes: Uint8Array, withOpList: boolean): Promise<void> {
  const pdfjs = await loadPdfjs();
  const { doc, close } = await openPdf(bytes);
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    if (withOpList) await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
    await page.getTextContent({ disableNormalization: true });
    page.cleanup();
  }
  await close();
}

/** pdftotext's wall time, and its user+system CPU as /usr/bin/time reports it. */
function pdftotextCost(file: string): Cost {
  const t = performance.now();
  const script = `/usr/bin/time -f '%U %S' pdftotext "$1" /dev/null 2>&1 >/dev/null`;
  const out = execFileSync('/bin/sh', ['-c', script, 'sh', file], { encoding: 'utf8' });
  const wall = performance.now() - t;
  const m = /([\d.]+) ([\d.]+)\s*$/.exec(out);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

const kinds = ['pdftotext', 'tcOnly', 'pdfjs', 'extractPdf'] as const;
type Kind = (typeof kinds)[number];

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.pdf') && !f.startsWith('bad-'))
  .sort();
await extractPdf(new Uint8Array(readFileSync(path.join(dir, files[0]!)))); // load and warm pdf.js
const total: Record<Kind, Cost> = Object.fromEntries(kinds.map((k) => [k, { wall: 0, cpu: 0 }])) as Record<
  Kind,
  Cost
>;
const cell = (c: Cost) => `${c.wall.toFixed(0).padStart(6)} (${c.cpu.toFixed(0).padStart(6)})`;
console.log(`${'file'.padEnd(46)} ${kinds.map((k) => `${k} wall (cpu) ms`.padStart(28)).join('')}`);
for (const f of files) {
  const file = path.join(dir, f);
  const bytes = new Uint8Array(readFileSync(file));
  const runs: Record<Kind, Cost[]> = { pdftotext: [], tcOnly: [], pdfjs: [], extractPdf: [] };
  for (let i = 0; i < REPEAT; i++) {
    runs.pdftotext.push(pdftotextCost(file));
    runs.tcOnly.push(await timed(() => pdfjsPass(bytes, false)));
    runs.pdfjs.push(await timed(() => pdfjsPass(bytes, true)));
    runs.extractPdf.push(await timed(() => extractPdf(bytes)));
  }
  const row = kinds.map((k) => {
    const m = { wall: median(runs[k].map((r) => r.wall)), cpu: median(runs[k].map((r) => r.cpu)) };
    total[k].wall += m.wall;
    total[k].cpu += m.cpu;
    return cell(m).padStart(28);
  });
  console.log(`${f.padEnd(46)} ${row.join('')}`);
}
console.log(`${'TOTAL'.padEnd(46)} ${kinds.map((k) => cell(total[k]).padStart(28)).join('')}`);
const ratio = (k: Kind, m: keyof Cost) => (total[k][m] / total.pdftotext[m]).toFixed(2);
const summary = {
  bench: 'extract-phases',
  repeat: REPEAT,
  loadavg: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)),
  ms: total,
  wallRatio: {
    tcOnly: ratio('tcOnly', 'wall'),
    pdfjs: ratio('pdfjs', 'wall'),
    extractPdf: ratio('extractPdf', 'wall'),
  },
  cpuRatio: {
    tcOnly: ratio('tcOnly', 'cpu'),
    pdfjs: ratio('pdfjs', 'cpu'),
    extractPdf: ratio('extractPdf', 'cpu'),
  },
  ourLayoutShareOfExtract: +((total.extractPdf.cpu - total.pdfjs.cpu) / total.extractPdf.cpu).toFixed(2),
};
console.log(JSON.stringify(summary));
