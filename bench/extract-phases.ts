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
import { docFonts, readPdfiumPage } from '../src/core/library/pdf/pdfium-page';
import { syncInflate } from './extract-pdfjs';
import {
  corpusDir as dir,
  corpusFiles,
  pdfjsPass,
  pdftotextCost,
  REPEAT,
  sideBySide,
  timed,
} from './extract-timing';

syncInflate(); // as the pdf.js extraction worker ran

async function readPass(bytes: Uint8Array): Promise<void> {
  const doc = await openPdfium(bytes);
  const shared = docFonts(bytes);
  for (let n = 1; n <= doc.pageCount; n++) await readPdfiumPage(doc, n, shared);
  doc.close();
}

const files = corpusFiles();
const first = new Uint8Array(readFileSync(path.join(dir, files[0]!)));
await extractPdf(first); // load and warm PDFium
await pdfjsPass(first, false); // and pdf.js
const { total, wallRatio, cpuRatio } = await sideBySide({
  pdftotext: (file) => pdftotextCost(file),
  tcOnly: (_, bytes) => timed(() => pdfjsPass(bytes, false)),
  read: (_, bytes) => timed(() => readPass(bytes)),
  extractPdf: (_, bytes) => timed(() => extractPdf(bytes)),
});
console.log(
  JSON.stringify({
    bench: 'extract-phases',
    repeat: REPEAT,
    loadavg: loadavg().map((x) => +x.toFixed(2)),
    ms: total,
    wallRatio,
    cpuRatio,
    ourLayoutShareOfExtract: +((total.extractPdf.cpu - total.read.cpu) / total.extractPdf.cpu).toFixed(2),
  }),
);
