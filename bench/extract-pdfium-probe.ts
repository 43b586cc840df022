/**
 * Can PDFium (WebAssembly, @embedpdf/pdfium) read a paper's text much faster than pdf.js?
 * (issue 22's speed goal; run: npx tsx bench/extract-pdfium-probe.ts). Per corpus PDF, median
 * of REPEAT runs, wall and CPU, side by side in one loop:
 *   pdftotext  `pdftotext file -`;
 *   tcOnly     pdf.js getTextContent on every page (the floor of any pdf.js extractor);
 *   pdfium     PDFium loading the document and, per page, FPDFText_LoadPage and per char the
 *              code point, origin, box, font size and text object; per new text object its
 *              render mode, fill colour and font (base name, weight; cached per font): all that
 *              the layout, bold and hidden-text checks need, in one pass.
 * `QUALITY=1` prints what PDFium reads for the ligature / glyph cases instead.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { init, type WrappedPdfiumModule } from '@embedpdf/pdfium';
import { syncInflate } from './extract-pdfjs';
import {
  corpusDir,
  corpusFiles,
  pdfjsPass,
  pdftotextCost,
  REPEAT,
  root,
  sideBySide,
  timed,
} from './extract-timing';

syncInflate();

type Fn = (...a: number[]) => number;
interface Exports {
  memory: { buffer: ArrayBuffer };
  malloc: Fn;
  free: Fn;
  [k: string]: unknown;
}

const m: WrappedPdfiumModule = await init({
  wasmBinary: readFileSync(path.join(root, 'node_modules/@embedpdf/pdfium/dist/pdfium.wasm')).buffer,
} as never);
m.PDFiumExt_Init();
const ex = m.pdfium.wasmExports as unknown as Exports;
const f = (name: string) => ex[name] as Fn;
const [
  getUnicode,
  getOrigin,
  getBox,
  getFontSize,
  getTextObject,
  renderMode,
  getFont,
  fillColor,
  fontName,
  fontWeight,
] = [
  'FPDFText_GetUnicode',
  'FPDFText_GetCharOrigin',
  'FPDFText_GetCharBox',
  'FPDFText_GetFontSize',
  'FPDFText_GetTextObject',
  'FPDFTextObj_GetTextRenderMode',
  'FPDFTextObj_GetFont',
  'FPDFPageObj_GetFillColor',
  'FPDFFont_GetBaseFontName',
  'FPDFFont_GetWeight',
].map(f) as [Fn, Fn, Fn, Fn, Fn, Fn, Fn, Fn, Fn, Fn];

/** Scratch memory for out-parameters: 4 doubles, 4 uints, a 256-byte name. */
const scratch = ex.malloc(32 + 16 + 256);

export interface ProbeChar {
  u: number;
  x: number;
  y: number;
  fs: number;
  font: string;
  bold: boolean;
  mode: number;
  alpha: number;
}

/** One pass over a document; returns the page texts when `keep` is set (for the quality look). */
function pdfiumPass(bytes: Uint8Array, keep = false): string[] {
  const buf = ex.malloc(bytes.length);
  new Uint8Array(ex.memory.buffer).set(bytes, buf);
  const doc = m.FPDF_LoadMemDocument(buf, bytes.length, '');
  if (!doc) throw new Error(`PDFium could not open the file (error ${m.FPDF_GetLastError()})`);
  const fonts = new Map<number, { name: string; bold: boolean }>();
  const pages: string[] = [];
  const n = m.FPDF_GetPageCount(doc);
  for (let p = 0; p < n; p++) {
    const page = m.FPDF_LoadPage(doc, p);
    const tp = m.FPDFText_LoadPage(page);
    const count = m.FPDFText_CountChars(tp);
    const f64 = new Float64Array(ex.memory.buffer, scratch, 4);
    const u8 = new Uint8Array(ex.memory.buffer, scratch + 32, 16 + 256);
    let prevObj = 0;
    let font = { name: '', bold: false };
    let mode = 0;
    let alpha = 255;
    const codes: number[] = [];
    let ys = 0;
    for (let i = 0; i < count; i++) {
      const u = getUnicode(tp, i);
      getOrigin(tp, i, scratch, scratch + 8);
      const x = f64[0]!;
      const y = f64[1]!;
      getBox(tp, i, scratch, scratch + 8, scratch + 16, scratch + 24);
      const fs = getFontSize(tp, i);
      const obj = getTextObject(tp, i);
      if (obj !== prevObj && obj) {
        prevObj = obj;
        mode = renderMode(obj);
        fillColor(obj, scratch + 32, scratch + 36, scratch + 40, scratch + 44);
        alpha = u8[12]!;
        const fp = getFont(obj);
        let known = fonts.get(fp);
        if (!known) {
          const len = fontName(fp, scratch + 48, 256);
          const name = Buffer.from(u8.subarray(16, 16 + Math.max(0, len - 1))).toString('latin1');
          known = { name, bold: fontWeight(fp) >= 600 };
          fonts.set(fp, known);
        }
        font = known;
      }
      ys += x + y + fs + mode + alpha + (font.bold ? 1 : 0);
      codes.push(u);
    }
    if (keep) pages.push(String.fromCodePoint(...codes.filter((c) => c > 0)));
    else if (ys === -1) pages.push('');
    m.FPDFText_ClosePage(tp);
    m.FPDF_ClosePage(page);
  }
  m.FPDF_CloseDocument(doc);
  ex.free(buf);
  return pages;
}

if (process.env.QUALITY) {
  for (const [file, needles] of [
    ['acl2020-s2orc.pdf', ['-the-shelf', 'cient', 'to-German', 'ﬀ', 'ﬁ']],
    ['neurips2017-attention.pdf', ['εls', 'ls = 0.1', '∑', 'efficient']],
    ['icml2011-noisy-matrix-decomposition.pdf', ['λ', 'cient', 'ﬁ', 'ﬃ']],
    ['fr-olap-query-logs.pdf', ['é', 'è', 'ç', 'requêtes']],
    ['plosone-2018-wheat-heat-stress.pdf', ['°C', '±', 'µ', '–']],
  ] as const) {
    const text = pdfiumPass(new Uint8Array(readFileSync(path.join(corpusDir, file))), true).join('\n');
    const found = needles.map((s) => {
      const at = text.indexOf(s);
      return `${JSON.stringify(s)}: ${at < 0 ? 'absent' : JSON.stringify(text.slice(Math.max(0, at - 30), at + 40))}`;
    });
    console.log(`${file}\n  ${found.join('\n  ')}`);
  }
  process.exit(0);
}

const files = corpusFiles();
await pdfjsPass(new Uint8Array(readFileSync(path.join(corpusDir, files[0]!))), false); // warm pdf.js
pdfiumPass(new Uint8Array(readFileSync(path.join(corpusDir, files[0]!)))); // and PDFium
const { total, wallRatio, cpuRatio } = await sideBySide({
  pdftotext: (file) => pdftotextCost(file),
  tcOnly: (_, bytes) => timed(() => pdfjsPass(bytes, false)),
  pdfium: (_, bytes) => timed(() => pdfiumPass(bytes)),
});
console.log(
  JSON.stringify({
    bench: 'extract-pdfium-probe',
    repeat: REPEAT,
    loadavg: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)),
    ms: total,
    wallRatio,
    cpuRatio,
  }),
);
