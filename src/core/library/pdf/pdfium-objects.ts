/**
 * What PDFium's page objects tell about text beyond its characters: each text object's font
 * (name, boldness), whether it is rotated and whether it is painted invisibly; and the dark
 * filled areas on which white text is visible. Read once per object, not per character.
 */
import { isNearWhite, paintReason, type Box, type Rgba } from './hidden-text';
import type { PdfiumExports } from './pdfium';
import { texEncodingOf, type TexEncoding } from './tex-encodings';
import type { HiddenReason } from './types';

/** Font names that mean bold, e.g. NimbusRomNo9L-Medi, Arial-BoldMT, CMBX10, Times-Bold. */
const BOLD_FONT = /bold|black|heavy|semibold|demi|-medi|\bmedium|cmbx|cmb\d|[-,]bd\b|\.b\b/i;
/** FontDescriptor flag 19, ForceBold. */
const FORCE_BOLD = 1 << 18;
const PAGEOBJ_PATH = 2;
const PAGEOBJ_FORM = 5;
/** Enough for any page; a content stream drawing more is a bomb, not a figure. */
const MAX_BOXES = 20000;

export interface FontInfo {
  name: string;
  bold: boolean;
  /** A Computer Modern font's encoding, for the glyphs it has no Unicode for. */
  tex: TexEncoding | null;
  /** The embedded program's kind: asked only when one of the font's chars is unmapped. */
  program?: FontProgram;
  /** A Type 1 program's built-in encoding, code → glyph name ("dup 67 /triangleleft put"). */
  builtin?: Map<number, string>;
}

/** none: not embedded, or Type 3; type1: a Type 1 program ("%!"); other: CFF, TrueType, OpenType. */
export type FontProgram = 'none' | 'type1' | 'other';

export interface TextStyle {
  /** PDFium's font handle (stable while the document is open). */
  fontId: number;
  font: FontInfo;
  hidden: HiddenReason | null;
  rotated: boolean;
  /** A quarter turn of the text (90: reads upwards, -90: downwards), as on a landscape page. */
  turn: 0 | 90 | -90;
  /** The char matrix's vertical scale: PDFium's font size is the Tf operand before it. */
  scale: number;
}

/** Scratch memory for out-parameters (SCRATCH_BYTES at ptr), allocated once per page. */
export interface Scratch {
  ptr: number;
}

export const SCRATCH_BYTES = 512;
const COLOUR = 64;
const MATRIX = 96;
const BOUNDS = 128;
const NAME = 160;

function fontOf(pdf: PdfiumExports, font: number, s: Scratch, fonts: Map<number, FontInfo>): FontInfo {
  let info = fonts.get(font);
  if (info) return info;
  const len = font ? pdf.FPDFFont_GetBaseFontName(font, s.ptr + NAME, SCRATCH_BYTES - NAME) : 0;
  const end = Math.max(0, Math.min(len, SCRATCH_BYTES - NAME) - 1);
  const name = Buffer.from(pdf.memory.buffer, s.ptr + NAME, end).toString('latin1');
  const bold = BOLD_FONT.test(name) || (font !== 0 && (pdf.FPDFFont_GetFlags(font) & FORCE_BOLD) !== 0);
  const tex = texEncodingOf(name);
  info = { name, bold, tex: null };
  if (tex) readProgram(pdf, font, s, info, false);
  if (info.program === 'type1') info.tex = tex;
  fonts.set(font, info);
  return info;
}

/** Where a Type 1 program's clear text ends and its encrypted part starts. */
const EEXEC = 'eexec';
const ENCODING_ENTRY = /dup\s+(\d+)\s*\/([^\s/[\]{}()<>]+)\s+put/g;

/** The code → glyph name pairs a Type 1 program's clear text encodes (none for StandardEncoding). */
function builtinEncoding(program: Uint8Array): Map<number, string> {
  const bytes = Buffer.from(program.buffer, program.byteOffset, program.byteLength);
  const end = bytes.indexOf(EEXEC, 0, 'latin1');
  const clear = bytes.toString('latin1', 0, end < 0 ? bytes.length : end);
  return new Map([...clear.matchAll(ENCODING_ENTRY)].map((m) => [Number(m[1]), m[2]!] as const));
}

/**
 * What the embedded program is, on `info` (program, and with `encoding` a Type 1's built-in
 * encoding: Computer Modern's codes are read by tex-encodings.ts, the AMS fonts' by name). Type 1
 * (starts "%!") is how TeX embeds its fonts, Computer Modern with TeX's encodings and the AMS
 * fonts with glyph names; a font re-encoded on the way (Distiller's Type 1C with MacRoman) has
 * codes that are no longer TeX's, and is left as PDFium reads it.
 */
export function readProgram(
  pdf: PdfiumExports,
  font: number,
  s: Scratch,
  info: FontInfo,
  encoding: boolean,
): void {
  info.program = 'none';
  const out = s.ptr + BOUNDS;
  if (!font || !pdf.FPDFFont_GetFontData(font, 0, 0, out)) return;
  // Type 3 fonts answer with no bytes.
  const size = new Uint32Array(pdf.memory.buffer, out, 1)[0]!;
  if (size < 2) return;
  const buf = pdf.malloc(size);
  try {
    if (!pdf.FPDFFont_GetFontData(font, buf, size, out)) return;
    const program = new Uint8Array(pdf.memory.buffer, buf, size);
    info.program = program[0] === 0x25 && program[1] === 0x21 ? 'type1' : 'other';
    if (encoding && info.program === 'type1') info.builtin = builtinEncoding(program);
  } finally {
    pdf.free(buf);
  }
}

function colour(pdf: PdfiumExports, get: (...a: number[]) => number, obj: number, s: Scratch): Rgba | null {
  const p = s.ptr + COLOUR;
  if (!get(obj, p, p + 4, p + 8, p + 12)) return null;
  const u = new Uint32Array(pdf.memory.buffer, p, 4);
  return [u[0]!, u[1]!, u[2]!, u[3]!];
}

/** Six numbers a, b, c, d, e, f of an object's matrix (identity when unreadable). */
function matrixOf(pdf: PdfiumExports, obj: number, s: Scratch): number[] {
  if (!pdf.FPDFPageObj_GetMatrix(obj, s.ptr + MATRIX)) return [1, 0, 0, 1, 0, 0];
  return Array.from(new Float32Array(pdf.memory.buffer, s.ptr + MATRIX, 6));
}

/**
 * A text object's style; `matrix` is the char matrix PDFium gives for one of its chars (the
 * text matrix through any form XObject's, without the font size).
 */
export function textStyle(
  pdf: PdfiumExports,
  obj: number,
  matrix: ArrayLike<number>,
  s: Scratch,
  fonts: Map<number, FontInfo>,
): TextStyle {
  const fontId = obj ? pdf.FPDFTextObj_GetFont(obj) : 0;
  const font = fontOf(pdf, fontId, s, fonts);
  if (!obj) return { fontId, font, hidden: null, rotated: false, turn: 0, scale: 1 };
  const mode = pdf.FPDFTextObj_GetTextRenderMode(obj);
  const fill = colour(pdf, pdf.FPDFPageObj_GetFillColor, obj, s);
  const stroke = mode === 1 || mode === 5 ? colour(pdf, pdf.FPDFPageObj_GetStrokeColor, obj, s) : null;
  const [a = 1, b = 0, c = 0, d = 1] = Array.from(matrix);
  // Rotated runs (arXiv side stamps, rotated table headers) are not part of the prose.
  const rotated = Math.abs(b) > 0.01 * Math.abs(a) + 1e-6 || Math.abs(c) > 0.01 * Math.abs(d) + 1e-6;
  const quarter = Math.abs(a) < 0.01 * Math.abs(b) && Math.abs(d) < 0.01 * Math.abs(c) && b * c < 0;
  const turn = quarter ? (b > 0 ? 90 : -90) : 0;
  return { fontId, font, hidden: paintReason(mode, fill, stroke), rotated, turn, scale: Math.hypot(c, d) };
}

function mul(m: number[], n: number[]): number[] {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = m;
  const [A = 1, B = 0, C = 0, D = 1, E = 0, F = 0] = n;
  // n applied first, then m.
  return [A * a + B * c, A * b + B * d, C * a + D * c, C * b + D * d, E * a + F * c + e, E * b + F * d + f];
}

function boundsIn(pdf: PdfiumExports, obj: number, m: number[], s: Scratch): Box | null {
  const p = s.ptr + BOUNDS;
  if (!pdf.FPDFPageObj_GetBounds(obj, p, p + 4, p + 8, p + 12)) return null;
  const [l = 0, bt = 0, r = 0, t = 0] = new Float32Array(pdf.memory.buffer, p, 4);
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = m;
  const xs = [l, r].flatMap((x) => [bt, t].map((y) => a * x + c * y + e));
  const ys = [l, r].flatMap((x) => [bt, t].map((y) => b * x + d * y + f));
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * Filled paths in a dark, mostly opaque colour, in page space (form XObjects' contents
 * through their matrices). Only asked for on pages with white text, so most pages skip it.
 */
export function darkBoxes(pdf: PdfiumExports, page: number, s: Scratch): Box[] {
  const out: Box[] = [];
  const visit = (count: number, at: (i: number) => number, m: number[], depth: number) => {
    for (let i = 0; i < count && out.length < MAX_BOXES; i++) {
      const obj = at(i);
      const type = pdf.FPDFPageObj_GetType(obj);
      if (type === PAGEOBJ_FORM && depth < 8) {
        // A form's contents are in its own space: its matrix takes them to the parent's.
        const inner = mul(m, matrixOf(pdf, obj, s));
        visit(pdf.FPDFFormObj_CountObjects(obj), (k) => pdf.FPDFFormObj_GetObject(obj, k), inner, depth + 1);
      } else if (type === PAGEOBJ_PATH) {
        if (!pdf.FPDFPath_GetDrawMode(obj, s.ptr + BOUNDS, s.ptr + BOUNDS + 4)) continue;
        if (new Int32Array(pdf.memory.buffer, s.ptr + BOUNDS, 1)[0] === 0) continue; // not filled
        const fill = colour(pdf, pdf.FPDFPageObj_GetFillColor, obj, s);
        if (!fill || isNearWhite(fill) || fill[3] <= 127) continue;
        const box = boundsIn(pdf, obj, m, s);
        if (box) out.push(box);
      }
    }
  };
  visit(pdf.FPDFPage_CountObjects(page), (i) => pdf.FPDFPage_GetObject(page, i), [1, 0, 0, 1, 0, 0], 0);
  return out;
}

/** Each text object's place in the content stream (form XObjects' contents where drawn). */
export function objectOrder(pdf: PdfiumExports, page: number): Map<number, number> {
  const order = new Map<number, number>();
  const visit = (count: number, at: (i: number) => number, depth: number) => {
    for (let i = 0; i < count; i++) {
      const obj = at(i);
      order.set(obj, order.size);
      if (depth < 8 && pdf.FPDFPageObj_GetType(obj) === PAGEOBJ_FORM)
        visit(pdf.FPDFFormObj_CountObjects(obj), (k) => pdf.FPDFFormObj_GetObject(obj, k), depth + 1);
    }
  };
  visit(pdf.FPDFPage_CountObjects(page), (i) => pdf.FPDFPage_GetObject(page, i), 0);
  return order;
}
