/**
 * Finds text a reader cannot see but a model would read (how prompt injections hide in
 * submissions): invisible render modes, fill (or stroke) near the white page or near
 * transparent, tiny and off-page text. The page reader gives each text object's render mode
 * and colours; tiny and off-page text are judged from the items' own geometry.
 */
import type { HiddenPassage } from '../../../shared/paper';
import type { HiddenReason, Item } from './types';

/** Below this effective size (points) a glyph is unreadable on screen and on paper. */
export const TINY_FONT_PT = 1.5;
/** Fill at or above this on all of R, G, B counts as the (white) page colour. */
const NEAR_WHITE = 0xf4;
/** Fill alpha (0–255) at or below this is as good as invisible (5 %). */
const NEAR_TRANSPARENT = 255 * 0.05;

/** A colour as R, G, B, A in 0–255. */
export type Rgba = readonly [number, number, number, number];

export function isNearWhite([r, g, b]: Rgba): boolean {
  return r >= NEAR_WHITE && g >= NEAR_WHITE && b >= NEAR_WHITE;
}

/**
 * Why glyphs drawn with this render mode and colours are invisible, or null when they can be
 * seen. A colour that could not be read (a pattern, a separation) counts as visible.
 */
export function paintReason(mode: number, fill: Rgba | null, stroke: Rgba | null): HiddenReason | null {
  // Modes 3 (neither fill nor stroke) and 7 (clip only) paint nothing.
  if (mode === 3 || mode === 7) return 'invisible_render_mode';
  const colour = mode === 1 || mode === 5 ? stroke : fill;
  if (!colour) return null;
  if (colour[3] <= NEAR_TRANSPARENT || isNearWhite(colour)) return 'near_background_colour';
  return null;
}

/** An area (x0, y0, x1, y1 in page space) painted in a dark colour. */
export type Box = [number, number, number, number];

/** White text on a dark area is visible (figure labels, slide-style boxes): not hidden. */
export function clearOnDarkBoxes(items: Item[], boxes: Box[]): void {
  if (!boxes.length) return;
  for (const it of items)
    if (it.hidden === 'near_background_colour' && onDarkBox(it, boxes)) delete it.hidden;
}

function onDarkBox(it: Item, boxes: Box[]): boolean {
  const cx = it.x + it.w / 2;
  const cy = it.y + it.fs / 3;
  return boxes.some(([x0, y0, x1, y1]) => cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1);
}

/** Tiny text and text wholly outside the page box, judged from the item geometry. */
export function markGeometryHidden(items: Item[], view: number[]): void {
  const [x0 = 0, y0 = 0, x1 = 612, y1 = 792] = view;
  for (const it of items) {
    if (it.hidden || !/\S/.test(it.s)) continue;
    if (it.x + it.w < x0 - 1 || it.x > x1 + 1 || it.y + it.fs < y0 - 1 || it.y > y1 + 1) {
      it.hidden = 'off_page';
    } else if (it.fs > 0 && it.fs < TINY_FONT_PT) {
      it.hidden = 'tiny_font';
    }
  }
}

/**
 * A page whose text is (almost) all invisible is an OCR layer over a scanned image: that is
 * the text a reader sees in the image, so it is kept and not flagged.
 */
export function isOcrLayer(items: Item[]): boolean {
  let total = 0;
  let invisible = 0;
  for (const it of items) {
    const n = it.s.replace(/\s/g, '').length;
    total += n;
    if (it.hidden === 'invisible_render_mode') invisible += n;
  }
  return total >= 200 && invisible >= 0.9 * total;
}

function lexicalWords(s: string): number {
  return s.split(/\s+/).filter((w) => (w.match(/\p{L}/gu)?.length ?? 0) >= 3).length;
}

/** Consecutive hidden items with the same reason become one passage. */
export function hiddenPassages(page: number, items: Item[]): HiddenPassage[] {
  const out: HiddenPassage[] = [];
  let cur: HiddenPassage | null = null;
  for (const it of items) {
    if (!it.hidden) {
      if (/\S/.test(it.s)) cur = null;
      continue;
    }
    if (cur && cur.reason === it.hidden) {
      cur.text += (cur.text.endsWith(' ') || it.s.startsWith(' ') ? '' : ' ') + it.s;
    } else {
      cur = { page, text: it.s, reason: it.hidden };
      out.push(cur);
    }
  }
  for (const p of out) p.text = p.text.replace(/\s+/g, ' ').trim();
  // An injection needs words. Hidden junk without them (PLOS ONE's white "a1111111111"
  // markers, node labels like "V0 V1" on pictures) is still dropped from the text, unreported.
  return out.filter((p) => lexicalWords(p.text) >= (p.reason === 'near_background_colour' ? 3 : 2));
}
