/**
 * A page's characters from PDFium, in content-stream order: code point (Computer Modern raw
 * codes read by their encoding), origin, advance and effective font size per char; style per
 * text object. PDFium's text page regroups characters into its own lines; pdf.js, whose runs
 * the layout code was built on, reads them as the content stream draws them, so they are put
 * back in that order (text objects by their place in the page, chars in object order).
 */
import type { PdfiumExports } from './pdfium';
import { objectOrder, textStyle, type FontInfo, type Scratch, type TextStyle } from './pdfium-objects';
import { texGlyph } from './tex-encodings';
import { NEGATION, negated } from './tex-glyph-names';

export interface Glyph {
  ch: string;
  x: number;
  /** Baseline. */
  y: number;
  /** Where the advance ends (the loose box's right edge). */
  right: number;
  fs: number;
  style: TextStyle;
  /** The loose box's top and bottom, for quarter-turned text (see pdfium-turn.ts). */
  top?: number;
  bottom?: number;
}

/** PDFium's marker for a hyphen that ends a line ("tar-\ngeted"). */
const LINE_END_HYPHEN = 2;

/** One style object per font, visibility, rotation and scale, so runs continue across objects. */
function styleCache(
  pdf: PdfiumExports,
  tp: number,
  s: Scratch,
  fonts: Map<number, FontInfo>,
): (obj: number, i: number) => TextStyle {
  const byObj = new Map<number, TextStyle>();
  const shared = new Map<string, TextStyle>();
  return (obj, i) => {
    let style = byObj.get(obj);
    if (style) return style;
    // FS_MATRIX (six floats) in the scratch's box slot, free until the char's box is read.
    const ok = pdf.FPDFText_GetMatrix(tp, i, s.ptr + 16);
    const matrix = ok ? Array.from(new Float32Array(pdf.memory.buffer, s.ptr + 16, 6)) : [1, 0, 0, 1, 0, 0];
    style = textStyle(pdf, obj, matrix, s, fonts);
    const key = `${style.fontId}|${style.hidden}|${style.rotated}|${style.turn}|${style.scale}`;
    style = shared.get(key) ?? style;
    shared.set(key, style);
    byObj.set(obj, style);
    return style;
  };
}

/**
 * Text for an unmapped code of a font that is not a Type 1 TeX program (pdfium-glyph-names.ts):
 * null where the font names nothing for it, undefined where the names are not read yet.
 */
export type NamedGlyph = (style: TextStyle, code: number) => string | null | undefined;

/** A glyph whose text waits for the document's glyph names (the page is read once regardless). */
export interface Unnamed {
  g: Glyph;
  code: number;
}

/** A control code is no text: a glyph its font maps nowhere (PDFium gives 0, or the raw code). */
export const asText = (u: number) => (u < 0x20 || u === 0x7f ? '' : String.fromCodePoint(u));

/** The char's text, or its code where the text waits for the document's glyph names. */
function charText(
  pdf: PdfiumExports,
  tp: number,
  i: number,
  style: TextStyle,
  named: NamedGlyph,
): string | number {
  let u = pdf.FPDFText_GetUnicode(tp, i);
  if (u === LINE_END_HYPHEN && pdf.FPDFText_IsHyphen(tp, i)) u = 0x2d;
  const tex = style.font.tex;
  if (tex) {
    // Symbol fonts sit on ASCII codes; text and math-italic fonts only lose their control codes.
    if ((u < 0x20 || tex === 'OMS' || tex === 'OMX') && pdf.FPDFText_HasUnicodeMapError(tp, i))
      return texGlyph(u, tex) ?? asText(u);
  } else if (u < 0x100 && pdf.FPDFText_HasUnicodeMapError(tp, i)) {
    // Unmapped, PDFium gives the one-byte code of a simple font.
    const name = named(style, u);
    return name === undefined ? u : (name ?? asText(u));
  }
  return asText(u);
}

/**
 * TeX's negation slash (drawn before the sign it strikes, on the same spot) joined to that
 * sign: "=" becomes "≠", "∈" becomes "∉"; a slash with no sign after it reads as "/".
 */
function attachNegations(glyphs: Glyph[]): Glyph[] {
  if (!glyphs.some((g) => g.ch === NEGATION)) return glyphs;
  const out: Glyph[] = [];
  for (let k = 0; k < glyphs.length; k++) {
    const g = glyphs[k]!;
    const next = glyphs[k + 1];
    if (g.ch === NEGATION && next && Math.abs(next.y - g.y) < g.fs / 2 && Math.abs(next.x - g.x) < g.fs) {
      next.ch = negated(next.ch);
      continue;
    }
    if (g.ch === NEGATION) g.ch = '/';
    out.push(g);
  }
  return out;
}

/** ⓪ ① … ⑨: a digit drawn inside the big circle. */
const CIRCLED = ['\u24ea', ...Array.from({ length: 9 }, (_, k) => String.fromCodePoint(0x2460 + k))];

/**
 * cmsy's big circle (read as "©") with a glyph drawn inside it. LaTeX's \\copyright puts a
 * "c" there, so "©c2020" reads "©2020"; \\textcircled{1} a digit, so "(©1)" reads "(①)".
 */
function ringedGlyphs(glyphs: Glyph[]): Glyph[] {
  if (!glyphs.some((g) => g.ch === '©')) return glyphs;
  const inside = (g: Glyph, ring: Glyph | undefined): ring is Glyph =>
    ring?.ch === '©' && g.x >= ring.x - 0.1 * ring.fs && g.right <= ring.right + 0.1 * ring.fs;
  return glyphs.filter((g, k) => {
    const ring = [glyphs[k - 1], glyphs[k + 1]].find((r) => inside(g, r));
    if (!ring || !/^[c0-9]$/.test(g.ch)) return true;
    if (g.ch !== 'c') ring.ch = CIRCLED[Number(g.ch)]!;
    return false;
  });
}

/**
 * The page's glyphs in content order, and those whose text waits for the glyph names: the
 * caller reads the names, sets their text, and calls finishGlyphs, all in the one pass.
 */
export function pageGlyphs(
  pdf: PdfiumExports,
  page: number,
  tp: number,
  s: Scratch,
  fonts: Map<number, FontInfo>,
  named: NamedGlyph,
): { glyphs: Glyph[]; unnamed: Unnamed[] } {
  const styleOf = styleCache(pdf, tp, s, fonts);
  const order = objectOrder(pdf, page);
  const out: { g: Glyph; at: number }[] = [];
  const unnamed: Unnamed[] = [];
  let prev: { g: Glyph; loose: number } | null = null;
  let buffer = pdf.memory.buffer;
  let f64 = new Float64Array(buffer, s.ptr, 2);
  let f32 = new Float32Array(buffer, s.ptr + 16, 4);
  const count = pdf.FPDFText_CountChars(tp);
  for (let i = 0; i < count; i++) {
    // PDFium's own line ends and guessed spaces: the geometry decides, as in pdf.js.
    if (pdf.FPDFText_IsGenerated(tp, i)) continue;
    const obj = pdf.FPDFText_GetTextObject(tp, i);
    const style = styleOf(obj, i);
    const ch = charText(pdf, tp, i, style, named);
    if (ch === '') continue;
    if (pdf.memory.buffer !== buffer) {
      buffer = pdf.memory.buffer;
      f64 = new Float64Array(buffer, s.ptr, 2);
      f32 = new Float32Array(buffer, s.ptr + 16, 4);
    }
    pdf.FPDFText_GetCharOrigin(tp, i, s.ptr, s.ptr + 8);
    const x = f64[0]!;
    const size = pdf.FPDFText_GetFontSize(tp, i);
    const g: Glyph = {
      ch: typeof ch === 'string' ? ch : '',
      x,
      y: f64[1]!,
      right: x,
      fs: size * style.scale,
      style,
    };
    if (typeof ch === 'number') unnamed.push({ g, code: ch });
    // Where the advance ends, as pdf.js measures gaps: the loose box's right edge, unless the
    // glyph's ink overhangs its origin (italic "f"): then the box is the ink, which would
    // swallow the space in "Journal of Machine", and the font's width for the char is used.
    // Not for the letters of a ligature PDFium split ("ﬁ" → f, i on one origin): they share
    // the ligature's box, which is its advance.
    pdf.FPDFText_GetLooseCharBox(tp, i, s.ptr + 16);
    const loose = Math.max(x, f32[2]!);
    g.right = loose;
    if (style.turn) [g.top, g.bottom] = [f32[1]!, f32[3]!];
    const split = prev !== null && Math.abs(prev.g.x - x) < 0.01 && prev.g.y === g.y;
    if (split && prev) prev.g.right = prev.loose;
    else if (
      f32[0]! < x - 0.01 &&
      pdf.FPDFFont_GetGlyphWidth(style.fontId, pdf.FPDFText_GetUnicode(tp, i), size, s.ptr + 16)
    ) {
      const advance = f32[0]! * style.scale;
      if (advance > 0 && x + advance < loose) g.right = x + advance;
    }
    prev = { g, loose };
    out.push({ g, at: order.get(obj) ?? Number.MAX_SAFE_INTEGER });
  }
  // Stable: chars of one object keep PDFium's order.
  return { glyphs: out.sort((a, b) => a.at - b.at).map((o) => o.g), unnamed };
}

/** The glyphs as text: those still without any left out, overdrawn signs joined. */
export function finishGlyphs(glyphs: Glyph[]): Glyph[] {
  return ringedGlyphs(attachNegations(glyphs.filter((g) => g.ch !== '')));
}
