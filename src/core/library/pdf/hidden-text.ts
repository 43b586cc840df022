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
  ctm: number[];
  tlm: number[];
  leading: number;
  mode: number;
  fill: string;
  stroke: string;
  fillAlpha: number;
  strokeAlpha: number;
}

function isNearWhite(hex: string): boolean {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return false;
  const n = parseInt(hex.slice(1), 16);
  return ((n >> 16) & 255) >= NEAR_WHITE && ((n >> 8) & 255) >= NEAR_WHITE && (n & 255) >= NEAR_WHITE;
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

type Box = [number, number, number, number];

/** Matrix operands arrive either as six numbers or as one typed array (pdf.js 6 packs some). */
function matrixArg(args: unknown[] | null): number[] {
  const first = args?.[0];
  const src = first !== null && typeof first === 'object' ? Object.values(first as object) : (args ?? []);
  return src.slice(0, 6).map(Number);
}

function mul(m: number[], n: number[]): number[] {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = m;
  const [A = 1, B = 0, C = 0, D = 1, E = 0, F = 0] = n;
  // n applied first, then m (PDF "cm" semantics: new = n × m).
  return [A * a + B * c, A * b + B * d, C * a + D * c, C * b + D * d, E * a + F * c + e, E * b + F * d + f];
}

function transformBox(m: number[], mm: number[]): Box {
  const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = mm;
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = m;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, y] of [
    [x0, y0],
    [x1, y0],
    [x0, y1],
    [x1, y1],
  ] as const) {
    xs.push(a * x + c * y + e);
    ys.push(b * x + d * y + f);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export interface GlyphScan {
  /** Text shown with its origin outside the page box (pdf.js text content omits it). */
  offPage: string[];
  /** Areas painted in a non-white colour: white text on them is visible (figure labels). */
  darkBoxes: Box[];
  /** Non-space characters shown on the page, in content-stream order. */
  chars: string[];
  /** Parallel to chars: the reason each is invisible, or null. */
  reasons: (HiddenReason | null)[];
  hiddenCount: number;
}

/** One showText run: each character with the reason it is hidden (or null), and off-page runs. */
function recordShownText(g: GState, args: unknown[] | null, view: number[], out: GlyphScan): void {
  const [vx0 = 0, vy0 = 0, vx1 = 612, vy1 = 792] = view;
  const reason = stateReason(g);
  // Where the run starts on the page (glyph advances ignored: a whole run is off-page
  // only when its start is far outside, which is how such text is placed).
  const [, , , , ox = 0, oy = 0] = mul(g.ctm, g.tlm);
  const outside = ox < vx0 - 20 || ox > vx1 + 20 || oy < vy0 - 20 || oy > vy1 + 20;
  let run = '';
  for (const glyph of (args?.[0] as unknown[] | undefined) ?? []) {
    const u = (glyph as { unicode?: unknown } | null)?.unicode;
    if (typeof u !== 'string') continue;
    run += u;
    for (const ch of u) {
      if (/\s/.test(ch)) continue;
      out.chars.push(ch);
      out.reasons.push(reason);
      if (reason) out.hiddenCount++;
    }
  }
  if (outside && /\S/.test(run)) out.offPage.push(run);
}

/** Replays the operator list's graphics state and records each shown character's visibility. */
export function scanOperatorList(ol: OpList, OPS: Ops, view: number[] = [0, 0, 612, 792]): GlyphScan {
  const out: GlyphScan = { chars: [], reasons: [], hiddenCount: 0, darkBoxes: [], offPage: [] };
  const fills = new Set([
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.eoFillStroke,
    OPS.closeFillStroke,
    OPS.closeEOFillStroke,
  ]);
  let g: GState = {
    ctm: [1, 0, 0, 1, 0, 0],
    tlm: [1, 0, 0, 1, 0, 0],
    leading: 0,
    mode: 0,
    fill: '#000000',
    stroke: '#000000',
    fillAlpha: 1,
    strokeAlpha: 1,
  };
  const stack: GState[] = [];
  for (let i = 0; i < ol.fnArray.length; i++) {
    const fn = ol.fnArray[i];
    const args = ol.argsArray[i] as unknown[] | null;
    if (fn === OPS.save) stack.push({ ...g });
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push({ ...g });
      if (args?.[0]) g.ctm = mul(g.ctm, matrixArg(args));
    } else if (fn === OPS.transform && args) g.ctm = mul(g.ctm, matrixArg(args));
    else if (fn === OPS.constructPath && args) {
      const mm = args[2] as ArrayLike<number> | null | undefined;
      const dark = !isNearWhite(g.fill) && g.fillAlpha > 0.5;
      if (fills.has(args[0] as number) && mm && mm.length >= 4 && dark && out.darkBoxes.length < 20000)
        out.darkBoxes.push(transformBox(g.ctm, Array.from(mm)));
    } else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) g = stack.pop() ?? g;
    else if (fn === OPS.beginText) g.tlm = [1, 0, 0, 1, 0, 0];
    else if (fn === OPS.setTextMatrix && args) g.tlm = matrixArg(args);
    else if (fn === OPS.setLeading) g.leading = Number(args?.[0] ?? 0);
    else if (fn === OPS.moveText || fn === OPS.setLeadingMoveText || fn === OPS.nextLine) {
      const [tx, ty] =
        fn === OPS.nextLine ? [0, -g.leading] : [Number(args?.[0] ?? 0), Number(args?.[1] ?? 0)];
      if (fn === OPS.setLeadingMoveText) g.leading = -ty;
      g.tlm = mul(g.tlm, [1, 0, 0, 1, tx, ty]);
    } else if (fn === OPS.setTextRenderingMode) g.mode = Number(args?.[0] ?? 0);
    else if (fn === OPS.setFillRGBColor) g.fill = String(args?.[0] ?? '');
    else if (fn === OPS.setStrokeRGBColor) g.stroke = String(args?.[0] ?? '');
    else if (fn === OPS.setGState) {
      for (const entry of (args?.[0] as [string, unknown][] | undefined) ?? []) {
        if (entry[0] === 'ca') g.fillAlpha = Number(entry[1]);
        else if (entry[0] === 'CA') g.strokeAlpha = Number(entry[1]);
      }
    } else if (fn === OPS.showText || fn === OPS.showSpacedText) recordShownText(g, args, view, out);
  }
  return out;
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
    if (
      reason &&
      hidden * 2 > seen &&
      !(reason === 'near_background_colour' && onDarkBox(it, scan.darkBoxes))
    ) {
      it.hidden ??= reason;
    }
  }
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
