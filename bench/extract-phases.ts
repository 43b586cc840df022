/**
 * Per-phase timer for the extractor (run: npx tsx bench/extract-phases.ts): per file, the time in
 * getOperatorList, getTextContent and everything else, so a speed change is aimed at the
 * phase that costs. Whole corpus, pdf.js loaded once first; median of REPEAT runs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPdfjs, openPdf } from '../src/core/library/pdf/pdfjs';
import { syncInflate } from '../src/core/library/pdf/runtime';

syncInflate(); // as the extraction worker runs

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(root, '../shared/corpus/pdfs');
const REPEAT = Number(process.env.REPEAT ?? 3);
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function phases(bytes: Uint8Array, order: 'ol-first' | 'tc-first') {
  const pdfjs = await loadPdfjs();
  let t = performance.now();
  const { doc, close } = await openPdf(bytes);
  const open = performance.now() - t;
  let ol = 0;
  let tc = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const runOl = async () => {
      t = performance.now();
      await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
      ol += performance.now() - t;
    };
    const runTc = async () => {
      t = performance.now();
      await page.getTextContent({ disableNormalization: true });
      tc += performance.now() - t;
    };
    if (order === 'ol-first') {
      await runOl();
      await runTc();
    } else {
      await runTc();
      await runOl();
    }
    page.cleanup();
  }
  await close();
  return { open, ol, tc };
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.pdf') && !f.startsWith('bad-'))
  .sort();
await phases(new Uint8Array(readFileSync(path.join(dir, files[0]!))), 'ol-first');
const order = (process.env.ORDER ?? 'ol-first') as 'ol-first' | 'tc-first';
let sums = { open: 0, ol: 0, tc: 0 };
for (const f of files) {
  const bytes = new Uint8Array(readFileSync(path.join(dir, f)));
  const runs = [];
  for (let i = 0; i < REPEAT; i++) runs.push(await phases(bytes, order));
  const m = {
    open: median(runs.map((r) => r.open)),
    ol: median(runs.map((r) => r.ol)),
    tc: median(runs.map((r) => r.tc)),
  };
  sums = { open: sums.open + m.open, ol: sums.ol + m.ol, tc: sums.tc + m.tc };
  console.log(
    `${f.padEnd(50)} open ${m.open.toFixed(0).padStart(5)}  ol ${m.ol.toFixed(0).padStart(5)}  tc ${m.tc.toFixed(0).padStart(5)}`,
  );
}
console.log(
  `TOTAL (${order}) open ${sums.open.toFixed(0)} ol ${sums.ol.toFixed(0)} tc ${sums.tc.toFixed(0)}`,
);
