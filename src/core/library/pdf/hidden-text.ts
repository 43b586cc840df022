/**
 * Finds text a reader cannot see but a model would read (how prompt injections hide in
 * submissions). pdf.js getTextContent drops render mode and colour, so we replay the page's
 * operator list, tracking graphics state per showText, and then line the glyphs up with the
 * text items. Tiny and off-page text are judged from the text items' own geometry.
 */
import type { HiddenPassage } from '../../../shared/paper';
import type { HiddenReason, Item } from './types';

type Ops = Record<string, number>;
interface OpList {
  fnArray: number[];
  argsArray: unknown[];
}

/** Below this effective size (points) a glyph is unreadable on screen and on paper. */
export const TINY_FONT_PT = 1.5;
/** Fill at or above this on all of R, G, B counts as the (white) page colour. */
const NEAR_WHITE = 0xf4;
/** Fill alpha at or below this is as good as invisible. */
const NEAR_TRANSPARENT = 0.05;

interface GState {
  mode: number;
  fill: string;
  stroke: string;
  fillAlpha: number;
  strokeAlpha: number;
}

function isNearWhite(hex: string): boolean {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return false;
  const n = parseInt(hex.slice(1), 16);
  return (n >> 16 & 255) >= NEAR_WHITE && (n >> 8 & 255) >= NEAR_WHITE && (n & 255) >= NEAR_WHITE;
}

/** Why glyphs drawn in this state are invisible, or null when they can be seen. */
function stateReason(g: GState): HiddenReason | null {
  // Modes 3 (neither fill nor stroke) and 7 (clip only) paint nothing.
  if (g.mode === 3 || g.mode === 7) return 'invisible_render_mode';
  const strokeOnly = g.mode === 1 || g.mode === 5;
  const colour = strokeOnly ? g.stroke : g.fill;
  const alpha = strokeOnly ? g.strokeAlpha : g.fillAlpha;
  if (alpha <= NEAR_TRANSPARENT || isNearWhite(colour)) return 'near_background_colour';
  return null;
}

export interface GlyphScan {
  /** Non-space characters shown on the page, in content-stream order. */
  chars: string[];
  /** Parallel to chars: the reason each is invisible, or null. */
  reasons: (HiddenReason | null)[];
  hiddenCount: number;
}

/** Replays the operator list's graphics state and records each shown character's visibility. */
export function scanOperatorList(ol: OpList, OPS: Ops): GlyphScan {
  const chars: string[] = [];
  const reasons: (HiddenReason | null)[] = [];
  let hiddenCount = 0;
  let g: GState = { mode: 0, fill: '#000000', stroke: '#000000', fillAlpha: 1, strokeAlpha: 1 };
  const stack: GState[] = [];
  for (let i = 0; i < ol.fnArray.length; i++) {
    const fn = ol.fnArray[i];
    const args = ol.argsArray[i] as unknown[] | null;
    if (fn === OPS.save || fn === OPS.paintFormXObjectBegin) stack.push({ ...g });
    else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) g = stack.pop() ?? g;
    else if (fn === OPS.setTextRenderingMode) g.mode = Number(args?.[0] ?? 0);
    else if (fn === OPS.setFillRGBColor) g.fill = String(args?.[0] ?? '');
    else if (fn === OPS.setStrokeRGBColor) g.stroke = String(args?.[0] ?? '');
    else if (fn === OPS.setGState) {
      for (const entry of (args?.[0] as [string, unknown][] | undefined) ?? []) {
        if (entry[0] === 'ca') g.fillAlpha = Number(entry[1]);
        else if (entry[0] === 'CA') g.strokeAlpha = Number(entry[1]);
      }
    } else if (fn === OPS.showText || fn === OPS.showSpacedText) {
      const reason = stateReason(g);
      for (const glyph of (args?.[0] as unknown[] | undefined) ?? []) {
        const u = (glyph as { unicode?: unknown } | null)?.unicode;
        if (typeof u !== 'string') continue;
        for (const ch of u) {
          if (/\s/.test(ch)) continue;
          chars.push(ch);
          reasons.push(reason);
          if (reason) hiddenCount++;
        }
      }
    }
  }
  return { chars, reasons, hiddenCount };
}

/**
 * Marks items whose characters were drawn invisibly. Both sequences follow content-stream
 * order, so a greedy walk with a short look-ahead lines them up; an item is hidden when most
 * of its characters are.
 */
export function markInvisibleItems(items: Item[], scan: GlyphScan): void {
  if (scan.hiddenCount === 0) return;
  let j = 0;
  for (const it of items) {
    let hidden = 0;
    let seen = 0;
    let reason: HiddenReason | null = null;
    for (const ch of it.s) {
      if (/\s/.test(ch)) continue;
      seen++;
      const end = Math.min(scan.chars.length, j + 64);
      for (let k = j; k < end; k++) {
        if (scan.chars[k] !== ch) continue;
        const r = scan.reasons[k] ?? null;
        if (r) {
          hidden++;
          reason = r;
        }
        j = k + 1;
        break;
      }
    }
    if (reason && hidden * 2 > seen) it.hidden ??= reason;
  }
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
  return out.filter((p) => /[\p{L}\p{N}]/u.test(p.text));
}
