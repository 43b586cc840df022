/**
 * Reads one page: text items (with font size and boldness) plus the visibility of every
 * glyph. The page's operator list and fonts are released before returning, so memory stays
 * flat however long the document is.
 */
import type { HiddenPassage } from '../../../shared/paper';
import {
  hiddenPassages,
  isOcrLayer,
  markGeometryHidden,
  markInvisibleItems,
  scanOperatorList,
} from './hidden-text';
import { texFontGlyphs } from './glyphs';
import { loadPdfjs, type PdfDocument, type PdfPage } from './pdfjs';
import type { Item, PageItems } from './types';

/** Font names that mean bold, e.g. NimbusRomNo9L-Medi, Arial-BoldMT, CMBX10, Times-Bold. */
const BOLD_FONT = /bold|black|heavy|semibold|demi|-medi|\bmedium|cmbx|cmb\d|[-,]bd\b|\.b\b/i;

interface TextItemLike {
  str?: string;
  transform?: number[];
  width?: number;
  fontName?: string;
}

/** The font object pdf.js made; fonts reach commonObjs when the operator list is built. */
function fontOf(page: PdfPage, id: string): { name?: unknown; bold?: unknown } | null {
  const objs = page.commonObjs as unknown as { has(id: string): boolean; get(id: string): unknown };
  return objs.has(id) ? (objs.get(id) as { name?: unknown; bold?: unknown } | null) : null;
}

function fontIsBold(page: PdfPage, id: string, cache: Map<string, boolean>): boolean {
  let bold = cache.get(id);
  if (bold !== undefined) return bold;
  // The name carries the weight.
  const font = fontOf(page, id);
  bold = font?.bold === true || (typeof font?.name === 'string' && BOLD_FONT.test(font.name));
  cache.set(id, bold);
  return bold;
}

export interface PageRead extends PageItems {
  hidden: HiddenPassage[];
}

export async function readPage(
  doc: PdfDocument,
  pageNo: number,
  boldCache: Map<string, boolean>,
): Promise<PageRead> {
  const pdfjs = await loadPdfjs();
  const page = await doc.getPage(pageNo);
  try {
    const ol = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
    const scan = scanOperatorList(ol, pdfjs.OPS as unknown as Record<string, number>, page.view);
    // Raw code points: the glyph scan above is un-normalized too, so they align 1:1.
    const content = await page.getTextContent({ disableNormalization: true });
    const items: Item[] = [];
    const rotated = new Set<Item>();
    for (const raw of content.items as TextItemLike[]) {
      const t = raw.transform;
      if (!raw.str || !t || t.length < 6) continue;
      const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = t;
      const item: Item = {
        s: raw.str,
        x,
        y,
        w: raw.width ?? 0,
        fs: Math.hypot(c, d),
        font: raw.fontName ?? '',
        bold: fontIsBold(page, raw.fontName ?? '', boldCache),
      };
      items.push(item);
      // Rotated runs (arXiv side stamps, rotated table headers) are not part of the prose, but
      // they stay in `items` until the glyph alignment is done and are checked for hiding too.
      if (Math.abs(b) > 0.01 * Math.abs(a) + 1e-6 || Math.abs(c) > 0.01 * Math.abs(d) + 1e-6)
        rotated.add(item);
    }
    markInvisibleItems(items, scan);
    markGeometryHidden(items, page.view);
    if (isOcrLayer(items)) {
      for (const it of items) if (it.hidden === 'invisible_render_mode') delete it.hidden;
    }
    const hidden = hiddenPassages(pageNo, items);
    if (scan.offPage.length) {
      hidden.push(
        ...hiddenPassages(pageNo, [
          { s: scan.offPage.join(' '), x: 0, y: 0, w: 0, fs: 0, font: '', bold: false, hidden: 'off_page' },
        ]),
      );
    }
    const [vx0 = 0, vy0 = 0, vx1 = 612, vy1 = 792] = page.view;
    // Coordinates relative to the page box so layout can assume (0,0) bottom-left.
    const visible = items.filter((it) => !it.hidden && !rotated.has(it));
    for (const it of visible) {
      it.x -= vx0;
      it.y -= vy0;
      // After the glyph alignment above, which needs the raw codes.
      // eslint-disable-next-line no-control-regex -- raw font codes are control characters
      if (/[\u0000-\u001f]/.test(it.s)) it.s = texFontGlyphs(it.s, String(fontOf(page, it.font)?.name ?? ''));
    }
    return { page: pageNo, width: vx1 - vx0, height: vy1 - vy0, items: visible, hidden };
  } finally {
    page.cleanup();
  }
}
