/**
 * The encodings of Knuth's Computer Modern fonts (and their Latin Modern clones), for glyphs a
 * PDF gives no Unicode for: TeX embeds these Type 1 fonts with their own built-in encoding and,
 * without a ToUnicode map, PDFium reports the raw code ("X" for cmex's big ∑, "k" for cmsy's
 * ‖, 0x0F for cmmi's ε). Only codes PDFium flags as unmapped are looked up here.
 */
export type TexEncoding = 'OT1' | 'OML' | 'OMS' | 'OMX';

const ASCII = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
const GREEK_CAPS = [...'ΓΔΘΛΞΠΣΥΦΨΩ'];

/** Text fonts (cmr, cmbx, cmti, …): Greek capitals, ligatures, accents, quotes, dashes. */
const OT1: string[] = [
  ...GREEK_CAPS,
  ...['ff', 'fi', 'fl', 'ffi', 'ffl'],
  ...'ıȷ`´ˇ˘¯˚¸ßæœøÆŒØ',
  '',
  '!',
  '”',
  ...ASCII(0x23, 0x3b),
  '¡',
  '=',
  '¿',
  ...ASCII(0x3f, 0x5b),
  '“',
  ']',
  'ˆ',
  '˙',
  '‘',
  ...ASCII(0x61, 0x7a),
  ...'–—˝˜¨',
];

/** Math italic (cmmi): Greek, old-style digits, ∂, ℓ, ℘. */
const OML: string[] = [
  ...GREEK_CAPS,
  ...'αβγδεζηθικλμνξπρστυφχψωϵϑϖϱςϕ↼↽⇀⇁',
  '',
  '',
  ...'▹◃',
  ...ASCII(0x30, 0x39),
  ...'.,</>⋆∂',
  ...ASCII(0x41, 0x5a),
  ...'♭♮♯⌣⌢ℓ',
  ...ASCII(0x61, 0x7a),
  ...'ıȷ℘',
  '',
  '⁀',
];

/**
 * Math symbols (cmsy): operators, relations, arrows, calligraphic capitals. 0x0D, the big
 * circle, is read as © (LaTeX's \\copyright draws a c inside it; pdf.js reads it so too).
 */
const OMS: string[] = [
  ...'−·×∗÷⋄±∓⊕⊖⊗⊘⊙©∘•≍≡⊆⊇≤≥⪯⪰∼≈⊂⊃≪≫≺≻←→↑↓↔↗↘≃⇐⇒⇑⇓⇔↖↙∝′∞∈∋△▽',
  // 0x36, the negation slash \not: joined to the sign drawn after it (pdfium-glyphs.ts).
  '\u0338',
  ...'↦∀∃¬∅ℜℑ⊤⊥ℵ',
  ...ASCII(0x41, 0x5a),
  ...'∪∩⊎∧∨⊢⊣⌊⌋⌈⌉{}〈〉|‖↕⇕\\≀√⨿∇∫⊔⊓⊑⊒§†‡¶♣♦♥♠',
];

/** Math extension (cmex): big delimiters and operators, by what they stand for. */
const OMX: string[] = [
  ...'()[]⌊⌋⌈⌉{}〈〉|‖/\\',
  ...'()()[]⌊⌋⌈⌉{}〈〉/\\',
  ...'()[]⌊⌋⌈⌉{}〈〉/\\/\\',
  ...'⎛⎞⎡⎤⎣⎦⎢⎥⎧⎫⎩⎭⎨⎬⎪⏐⎝⎠⎜⎟〈〉⨆⨆∮∮⨀⨀⨁⨁⨂⨂',
  ...'∑∏∫⋃⋂⨄⋀⋁∑∏∫⋃⋂⨄⋀⋁∐∐',
  ...'^^^~~~[]⌊⌋⌈⌉{}√√√√⎷⏐⌜‖↑↓',
  '',
  '',
  '',
  '',
  '⇑',
  '⇓',
];

const TABLES: Record<TexEncoding, string[]> = { OT1, OML, OMS, OMX };

const FONTS: [RegExp, TexEncoding][] = [
  [/(^|\+)(cmmi|cmmib|lmmathitalic|rmmi|eurm)/i, 'OML'],
  [/(^|\+)(cmsy|cmbsy|lmmathsymbols|rmsy|tex_cm_maths_symbols)/i, 'OMS'],
  [/(^|\+)(cmex|lmmathextension)/i, 'OMX'],
  [/(^|\+)(cmr|cmbx|cmti|cmsl|cmss|cmcsc|cmtt|cmb\d|lmroman)/i, 'OT1'],
];

/** The encoding a font's name says it has, or null for fonts other than Computer Modern. */
export function texEncodingOf(fontName: string): TexEncoding | null {
  return FONTS.find(([re]) => re.test(fontName))?.[1] ?? null;
}

/** What the raw code `code` of a font in encoding `enc` stands for (null: unknown). */
export function texGlyph(code: number, enc: TexEncoding): string | null {
  return TABLES[enc][code] ?? null;
}
