/**
 * Reads one page with PDFium in a single pass over its characters (pdfium-glyphs.ts), grouped
 * into runs as pdf.js's text content groups them (pdfium-runs.ts) so the layout code reads them
 * as before; hidden text is flagged and left out of the items. The page is closed before
 * returning.
 */
import type { HiddenPassage } from '../../../shared/paper';
import { clearOnDarkBoxes, hiddenPassages, isOcrLayer, markGeometryHidden } from './hidden-text';
import type { PdfiumDoc, PdfiumExports } from './pdfium';
import { GlyphNames } from './pdfium-glyph-names';
import { asText, finishGlyphs, pageGlyphs, type NamedGlyph } from './pdfium-glyphs';
import { darkBoxes, SCRATCH_BYTES, type FontInfo, type Scratch } from './pdfium-objects';
import { toRuns } from './pdfium-runs';
import { readingFrame } from './pdfium-turn';
import type { PageItems } from './types';

export interface PageRead extends PageItems {
  hidden: HiddenPassage[];
  /** arXiv's stamp up the side margin ("arXiv:2004.04906v3 [cs.CL] 30 Sep 2020"): a venue line. */
  stamps: string[];
}

const ARXIV_STAMP = /arXiv:\d{4}\.\d{4,5}(v\d+)?\s*\[[^\]]+\]\s*\d{1,2}\s*[A-Z][a-z]{2}\s*\d{4}/;

/** The crop box (what a viewer shows), else the media box, as x0, y0, x1, y1. */
function pageView(pdf: PdfiumExports, page: number, s: Scratch): number[] {
  const p = s.ptr + 32;
  const ok =
    pdf.FPDFPage_GetCropBox(page, p, p + 4, p + 8, p + 12) ||
    pdf.FPDFPage_GetMediaBox(page, p, p + 4, p + 8, p + 12);
  if (!ok) return [0, 0, 612, 792];
  const [l = 0, b = 0, r = 612, t = 792] = new Float32Array(pdf.memory.buffer, p, 4);
  return [Math.min(l, r), Math.min(b, t), Math.max(l, r), Math.max(b, t)];
}

/** What the pages of one document share: its fonts, read once, and their glyph names. */
export interface DocFonts {
  fonts: Map<number, FontInfo>;
  names: GlyphNames;
}

/** The shared state for reading the pages of the PDF `bytes` (opened as one PdfiumDoc). */
export function docFonts(bytes: Uint8Array): DocFonts {
  return { fonts: new Map(), names: new GlyphNames(bytes) };
}

/**
 * Reads page `pageNo` (1-based) in one pass over its chars. Where the page has chars only the
 * fonts' glyph names tell (pdfium-glyph-names.ts), the names are read from the file, once per
 * document, while the page is open, and those chars named from them.
 */
export async function readPdfiumPage(
  doc: PdfiumDoc,
  pageNo: number,
  { fonts, names }: DocFonts,
): Promise<PageRead> {
  const { pdf } = doc;
  const page = pdf.FPDF_LoadPage(doc.handle, pageNo - 1);
  if (!page) throw new Error('PDFium could not load the page');
  const s: Scratch = { ptr: pdf.malloc(SCRATCH_BYTES) };
  const tp = pdf.FPDFText_LoadPage(page);
  try {
    if (!tp) throw new Error('PDFium could not read the page text');
    const named: NamedGlyph = (style, code) => names.text(pdf, style, code, pageNo - 1, s);
    const { glyphs, unnamed } = pageGlyphs(pdf, page, tp, s, fonts, named);
    if (unnamed.length) {
      await names.read();
      for (const { g, code } of unnamed) g.ch = named(g.style, code) ?? asText(code);
    }
    const frame = readingFrame(finishGlyphs(glyphs), pageView(pdf, page, s));
    const view = frame.view;
    const runs = toRuns(frame.glyphs);
    const items = runs.map((r) => r.item);
    if (items.some((it) => it.hidden === 'near_background_colour'))
      clearOnDarkBoxes(items, darkBoxes(pdf, page, s));
    markGeometryHidden(items, view);
    if (isOcrLayer(items)) {
      for (const it of items) if (it.hidden === 'invisible_render_mode') delete it.hidden;
    }
    const hidden = hiddenPassages(pageNo, items);
    const [vx0 = 0, vy0 = 0, vx1 = 612, vy1 = 792] = view;
    // Coordinates relative to the page box so layout can assume (0,0) bottom-left.
    const visible = runs.filter((r) => !r.item.hidden && !r.style.rotated).map((r) => r.item);
    const turned = runs.filter((r) => !r.item.hidden && r.style.rotated).map((r) => r.item.s);
    // Turned text comes a glyph per run, its spaces as runs of their own.
    const stamp = ARXIV_STAMP.exec(turned.join('').replace(/\s+/g, ' '));
    for (const it of visible) {
      it.x -= vx0;
      it.y -= vy0;
    }
    const stamps = stamp ? [stamp[0]] : [];
    return { page: pageNo, width: vx1 - vx0, height: vy1 - vy0, items: visible, hidden, stamps };
  } finally {
    if (tp) pdf.FPDFText_ClosePage(tp);
    pdf.FPDF_ClosePage(page);
    pdf.free(s.ptr);
  }
}
