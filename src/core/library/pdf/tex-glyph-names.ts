/**
 * Unicode for the glyph names of TeX's math fonts (cmsy, cmmi, cmex, msam, msbm) that are not
 * in the Adobe Glyph List, so PDFium cannot map them: a font re-encoded with a /Differences
 * array of such names ("/lessmuch /negationslash /bardbl") and no usable ToUnicode map comes
 * out as its raw codes ("#", "$", ")") otherwise. The names and code points follow LCDF
 * typetools' texglyphlist.txt and the TeX extras of pdf.js's glyph list (the cmex size
 * variants); the AMS names follow amsfonts' msam/msbm glyph names. Where the same glyph is in
 * tex-encodings.ts (read by code for Type 1 Computer Modern fonts) the same character is
 * given, so both paths read a formula alike: ‖ for bardbl, 〈〉 for the angle brackets, big
 * delimiters as the plain delimiter, ⋆ for cmmi's star.
 */

/** TeX draws "\not=" as negationslash, then "=": the slash combines with the next char. */
export const NEGATION = '\u0338';

const MATH_SYMBOLS: Record<string, string> = {
  // cmsy (OMS)
  diamondmath: '⋄',
  minusplus: '∓',
  circleminus: '⊖',
  circledivide: '⊘',
  circledot: '⊙',
  circlecopyrt: '©',
  openbullet: '∘',
  equivasymptotic: '≍',
  precedesequal: '⪯',
  followsequal: '⪰',
  lessmuch: '≪',
  greatermuch: '≫',
  precedes: '≺',
  follows: '≻',
  arrownortheast: '↗',
  arrowsoutheast: '↘',
  arrownorthwest: '↖',
  arrowsouthwest: '↙',
  similarequal: '≃',
  prime: '′',
  owner: '∋',
  triangle: '△',
  triangleinv: '▽',
  negationslash: NEGATION,
  mapsto: '↦',
  emptyset: '∅',
  Rfractur: 'ℜ',
  Ifractur: 'ℑ',
  latticetop: '⊤',
  unionmulti: '⊎',
  turnstileleft: '⊢',
  turnstileright: '⊣',
  floorleft: '⌊',
  floorright: '⌋',
  ceilingleft: '⌈',
  ceilingright: '⌉',
  angbracketleft: '〈',
  angbracketright: '〉',
  bardbl: '‖',
  arrowbothv: '↕',
  arrowdblbothv: '⇕',
  wreathproduct: '≀',
  coproduct: '⨿',
  nabla: '∇',
  unionsq: '⊔',
  intersectionsq: '⊓',
  subsetsqequal: '⊑',
  supersetsqequal: '⊒',
  diamond: '♦',
  heart: '♥',
  // cmmi (OML)
  epsilon1: 'ϵ',
  pi1: 'ϖ',
  rho1: 'ϱ',
  harpoonleftup: '↼',
  harpoonleftdown: '↽',
  harpoonrightup: '⇀',
  harpoonrightdown: '⇁',
  triangleright: '▹',
  triangleleft: '◃',
  star: '⋆',
  flat: '♭',
  natural: '♮',
  sharp: '♯',
  slurbelow: '⌣',
  slurabove: '⌢',
  lscript: 'ℓ',
  dotlessj: 'ȷ',
  tie: '⁀',
  // An accent over the next letter, placed apart from it: left out, as tex-encodings.ts does.
  vector: '',
};

/** cmex (OMX): pieces of big delimiters and the display/text operators, by what they stand for. */
const EXTENSION: Record<string, string> = {
  barex: '|',
  bardblex: '‖',
  parenlefttp: '⎛',
  parenrighttp: '⎞',
  parenleftbt: '⎝',
  parenrightbt: '⎠',
  parenleftex: '⎜',
  parenrightex: '⎟',
  bracketlefttp: '⎡',
  bracketrighttp: '⎤',
  bracketleftbt: '⎣',
  bracketrightbt: '⎦',
  bracketleftex: '⎢',
  bracketrightex: '⎥',
  bracelefttp: '⎧',
  bracerighttp: '⎫',
  braceleftbt: '⎩',
  bracerightbt: '⎭',
  braceleftmid: '⎨',
  bracerightmid: '⎬',
  braceex: '⎪',
  arrowvertex: '⏐',
  radicalbt: '⎷',
  radicalvertex: '⏐',
  radicaltp: '⌜',
  arrowvertexdbl: '‖',
  arrowtp: '↑',
  arrowbt: '↓',
  arrowdbltp: '⇑',
  arrowdblbt: '⇓',
  // The halves of horizontal braces (\overbrace) stand for nothing in the text.
  bracehtipdownleft: '',
  bracehtipdownright: '',
  bracehtipupleft: '',
  bracehtipupright: '',
};

/** cmex's delimiters in four sizes each (parenleftbig … parenleftBigg): the plain delimiter. */
const SIZED: Record<string, string> = {
  parenleft: '(',
  parenright: ')',
  bracketleft: '[',
  bracketright: ']',
  floorleft: '⌊',
  floorright: '⌋',
  ceilingleft: '⌈',
  ceilingright: '⌉',
  braceleft: '{',
  braceright: '}',
  angbracketleft: '〈',
  angbracketright: '〉',
  slash: '/',
  backslash: '\\',
  radical: '√',
};

/** cmex's operators in a text and a display size (summationtext, summationdisplay). */
const OPERATORS: Record<string, string> = {
  unionsq: '⨆',
  contintegral: '∮',
  circledot: '⨀',
  circleplus: '⨁',
  circlemultiply: '⨂',
  summation: '∑',
  product: '∏',
  integral: '∫',
  union: '⋃',
  intersection: '⋂',
  unionmulti: '⨄',
  logicaland: '⋀',
  logicalor: '⋁',
  coproduct: '∐',
};

/** cmex's wide accents (\widehat, \widetilde) in three widths: hatwide, hatwider, hatwidest. */
const WIDE: Record<string, string> = { hat: '^', tilde: '~' };

/** AMS symbols (msam, msbm): the relations and shapes papers use. */
const AMS: Record<string, string> = {
  lessorsimilar: '≲',
  greaterorsimilar: '≳',
  lessorequalslant: '⩽',
  greaterorequalslant: '⩾',
  lessorapproxeql: '⪅',
  greaterorapproxeql: '⪆',
  lessdblequal: '≦',
  greaterdblequal: '≧',
  lessorgreater: '≶',
  greaterorless: '≷',
  lessequalgreater: '⋚',
  greaterequalless: '⋛',
  equalorless: '⋜',
  equalorgreater: '⋝',
  precedesorcurly: '≼',
  followsorcurly: '≽',
  precedesorequal: '≾',
  followsorequal: '≿',
  notless: '≮',
  notgreater: '≯',
  notlessequal: '≰',
  notgreaterequal: '≱',
  lessornotequal: '≨',
  greaterornotequal: '≩',
  notsubseteql: '⊈',
  notsupersetequal: '⊉',
  subsetdbl: '⋐',
  supersetdbl: '⋑',
  uniondbl: '⋓',
  intersectiondbl: '⋒',
  subsetdblequal: '⫅',
  supersetdblequal: '⫆',
  square: '□',
  squaresolid: '■',
  lozengesolid: '⧫',
  check: '✓',
  maltesecross: '✠',
  because: '∵',
  defines: '≜',
  between: '≬',
  circleequal: '≗',
  equalsdots: '≑',
  dotplus: '∔',
  multimap: '⊸',
  intercal: '⊺',
  notexistential: '∄',
  forces: '⊩',
  satisfies: '⊨',
  complement: '∁',
  measuredangle: '∡',
  sphericalangle: '∢',
  primereverse: '‵',
  circleR: '®',
  circleS: 'Ⓢ',
  dblarrowleft: '⇇',
  dblarrowright: '⇉',
  arrowparrleftright: '⇆',
  arrowparrrightleft: '⇄',
  harpoonleftright: '⇌',
  harpoonrightleft: '⇋',
  curlyleft: '↫',
  curlyright: '↬',
  squiggleright: '⇝',
  squiggleleftright: '↭',
  Finv: 'Ⅎ',
  Game: '⅁',
};

const TABLE = new Map<string, string>([
  ...Object.entries(MATH_SYMBOLS),
  ...Object.entries(EXTENSION),
  ...Object.entries(SIZED).flatMap(([n, ch]) => ['big', 'Big', 'bigg', 'Bigg'].map((s) => [n + s, ch])),
  ...Object.entries(OPERATORS).flatMap(([n, ch]) => ['text', 'display'].map((s) => [n + s, ch])),
  ...Object.entries(WIDE).flatMap(([n, ch]) => ['wide', 'wider', 'widest'].map((s) => [n + s, ch])),
  ...Object.entries(AMS),
] as [string, string][]);

const hexChar = (hex: string): string | null => {
  const cp = parseInt(hex, 16);
  // No surrogates: a name spelling one is broken, not text.
  return cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : null;
};

/** The AGL's spellings of code points: uniXXXX (one or more), uXXXX to uXXXXXX. */
function fromHexName(name: string): string | null {
  let m = /^uni((?:[0-9A-F]{4})+)$/.exec(name);
  if (m) {
    const parts = m[1]!.match(/.{4}/g)!.map(hexChar);
    return parts.every((p) => p !== null) ? parts.join('') : null;
  }
  m = /^u([0-9A-F]{4,6})$/.exec(name);
  return m ? hexChar(m[1]!) : null;
}

/**
 * What glyph name `name` stands for, or null when unknown (the caller keeps what it had).
 * A suffix after a dot (".alt", ".sc") names a variant of the same glyph.
 */
/** msam draws the normal-subgroup triangles (⊲ ⊳) under the names cmmi gives its small ones. */
const MSAM: Record<string, string> = { triangleleft: '⊲', triangleright: '⊳' };

/** The text of glyph `name` (of the font named `font`, where a name means another shape there). */
export function glyphNameText(name: string, font = ''): string | null {
  const base = name.split('.')[0] ?? '';
  if (/(^|\+)msam/i.test(font) && MSAM[base]) return MSAM[base];
  return TABLE.get(base) ?? fromHexName(base);
}

/** `ch` negated by TeX's slash, composed where Unicode has the negated sign (= → ≠, ∈ → ∉). */
export function negated(ch: string): string {
  return (ch + NEGATION).normalize('NFC');
}
