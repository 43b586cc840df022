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
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { extractPdf } from '../src/core/library/pdf/extract';
import { syncInflate } from '../src/core/library/pdf/runtime';
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

syncInflate(); // as the extraction worker runs

const kinds = ['pdftotext', 'tcOnly', 'pdfjs', 'extractPdf'] as const;
type Kind = (typeof kinds)[number];

const files = corpusFiles();
await extractPdf(new Uint8Array(readFileSync(path.join(dir, files[0]!)))); // load and warm pdf.js
const total: Record<Kind, Cost> = Object.fromEntries(kinds.map((k) => [k, { wall: 0, cpu: 0 }])) as Record<
  Kind,
  Cost
>;
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
