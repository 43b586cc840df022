/**
 * Where extraction time goes, side by side with pdftotext in one loop (run: npx tsx
 * bench/extract-phases.ts). Per file, median of REPEAT runs, wall and CPU time of:
 *   pdftotext   `pdftotext file -` (poppler; its user+system CPU read through /usr/bin/time);
 *   tcOnly      pdf.js opening the file and getTextContent on every page, nothing else: the
 *               floor of the pdf.js extractor this one replaced (fonts are parsed here too);
 *   read        PDFium opening the file and reading every page (readPdfiumPage: chars, runs,
 *               hidden-text checks), no layout;
 *   extractPdf  the whole extractor; extractPdf − read is our own layout code.
 * pdf.js and PDFium are loaded once beforehand. The ratios to pdftotext are the numbers to
 * compare; this box is shared, so CPU ratios are printed next to wall ratios.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { extractPdf } from '../src/core/library/pdf/extract';
import { openPdfium } from '../src/core/library/pdf/pdfium';
import { readPdfiumPage } from '../src/core/library/pdf/pdfium-page';
import { syncInflate } from './extract-pdfjs';
import {
  cell,
  corpusDir as dir,
  corpusFiles,
  type Cost,
  median,
  pdfjsPass,
  pdftotextCost,
  REPEAT,
  timed,
} from './extract-timing';

syncInflate(); // as the pdf.js extraction worker ran

async function readPass(bytes: Uint8Array): Promise<void> {
  const doc = await openPdfium(bytes);
  const fonts = new Map();
  for (let n = 1; n <= doc.pageCount; n++) readPdfiumPage(doc, n, fonts);
  doc.close();
}

const kinds = ['pdftotext', 'tcOnly', 'read', 'extractPdf'] as const;
type Kind = (typeof kinds)[number];

const files = corpusFiles();
const first = new Uint8Array(readFileSync(path.join(dir, files[0]!)));
await extractPdf(first); // load and warm PDFium
await pdfjsPass(first, false); // and pdf.js
const total = Object.fromEntries(kinds.map((k) => [k, { wall: 0, cpu: 0 }])) as Record<Kind, Cost>;
console.log(`${'file'.padEnd(46)} ${kinds.map((k) => `${k} wall (cpu) ms`.padStart(28)).join('')}`);
for (const f of files) {
  const file = path.join(dir, f);
  const bytes = new Uint8Array(readFileSync(file));
  const runs: Record<Kind, Cost[]> = { pdftotext: [], tcOnly: [], read: [], extractPdf: [] };
  for (let i = 0; i < REPEAT; i++) {
    runs.pdftotext.push(pdftotextCost(file));
    runs.tcOnly.push(await timed(() => pdfjsPass(bytes, false)));
    runs.read.push(await timed(() => readPass(bytes)));
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
const ratio = (k: Kind, m: keyof Cost) => +(total[k][m] / total.pdftotext[m]).toFixed(2);
const ratios = (m: keyof Cost) => ({
  tcOnly: ratio('tcOnly', m),
  read: ratio('read', m),
  extractPdf: ratio('extractPdf', m),
});
console.log(
  JSON.stringify({
    bench: 'extract-phases',
    repeat: REPEAT,
    loadavg: loadavg().map((x) => +x.toFixed(2)),
    ms: total,
    wallRatio: ratios('wall'),
    cpuRatio: ratios('cpu'),
    ourLayoutShareOfExtract: +((total.extractPdf.cpu - total.read.cpu) / total.extractPdf.cpu).toFixed(2),
  }),
);
