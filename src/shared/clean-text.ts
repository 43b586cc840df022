/**
 * The one text-cleaning rule applied to everything an import brings in (paper text from a
 * dataset or a PDF, imported review text), once, before it is stored. Its id is recorded
 * with what it cleaned (a paper text's extractor version, an export's manifest), so a change
 * to this rule is a new id, never a silent edit: bump the version when the behaviour changes.
 */
export const CLEAN_TEXT_RULE =
  'clean-text@1: CRLF, CR, NEL, U+2028, VT and FF become line breaks (U+2029 a blank line); ' +
  'tabs and Unicode space separators become spaces; NUL and every other C0/C1 control character, ' +
  'U+FFFD, U+FFFC, noncharacters, lone surrogates and the zero-width U+200B, U+2060, U+FEFF are ' +
  'removed; a soft hyphen U+00AD becomes "-"; ligatures U+FB00-FB06 become their letters; ' +
  'Adobe Symbol private-use glyphs U+F8E6-F8FE become the Unicode characters they stand for, ' +
  'all other private-use characters are removed; Unicode NFC; runs of spaces inside a line ' +
  "become one (a line's leading indentation is kept, a tab in it counting as four spaces); " +
  'line ends are trimmed; at most one blank line in a row; the whole text is trimmed. ' +
  'With singleLine (titles, headings, names) line breaks become spaces too.';

/** Ligature glyphs as their letters (also used by the PDF extractor's per-item repair). */
export const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};

/**
 * Code points some fonts give their ligature glyphs instead of U+FB00-FB06 (used by the PDF
 * extractor only, inside words): Computer Modern fonts without a ToUnicode map come out of
 * pdf.js and poppler with "↵" for ff ("o↵-the-shelf"), and Apple's fonts put fi and fl at
 * private-use U+F001/F002. Not part of cleanText (a rule change would need a new rule id).
 */
export const LIGATURE_STANDINS: Record<string, string> = {
  '\u21B5': 'ff',
  '\uF001': 'fi',
  '\uF002': 'fl',
};

/**
 * Words whose ligature a font dropped altogether ("e cient" for "efficient"): the extractor
 * puts them back only in this exact broken shape, which is never a real phrase. Only words
 * with letters before the ligature: " rst" for "first" could be anything.
 */
export const LIGATURE_WORDS = [
  'efficient',
  'efficiently',
  'efficiency',
  'inefficient',
  'coefficient',
  'coefficients',
  'difficult',
  'difficulty',
  'difficulties',
  'sufficient',
  'sufficiently',
  'insufficient',
  'different',
  'differently',
  'difference',
  'differences',
  'differ',
  'differs',
  'differentiable',
  'effect',
  'effects',
  'effective',
  'effectively',
  'effectiveness',
  'effort',
  'efforts',
  'offer',
  'offers',
  'offered',
  'affect',
  'affects',
  'affected',
  'official',
  'officially',
  'artificial',
  'specific',
  'specifically',
  'significant',
  'significantly',
  'classification',
  'classifier',
  'classifiers',
  'define',
  'defined',
  'definition',
  'benefit',
  'benefits',
  'reflect',
  'reflects',
  'conflict',
  'influence',
  'workflow',
];

/**
 * The Adobe Glyph List's Unicode values for the Symbol font's private-use code points:
 * PDFs set in Symbol (Times/Word math) carry these for tall brackets and braces. The
 * pieces have exact Unicode counterparts (U+239B-23AD), so the mapping is known; every
 * other private-use code point (Wingdings, font-specific F0xx, …) has none and is dropped.
 */
const SYMBOL_PUA: Record<string, string> = {
  '\uF8E6': '\u23D0', // arrowvertex
  '\uF8E7': '\u23AF', // arrowhorizex
  '\uF8E8': '\u00AE', // registersans
  '\uF8E9': '\u00A9', // copyrightsans
  '\uF8EA': '\u2122', // trademarksans
  '\uF8EB': '\u239B', // parenlefttp
  '\uF8EC': '\u239C', // parenleftex
  '\uF8ED': '\u239D', // parenleftbt
  '\uF8EE': '\u23A1', // bracketlefttp
  '\uF8EF': '\u23A2', // bracketleftex
  '\uF8F0': '\u23A3', // bracketleftbt
  '\uF8F1': '\u23A7', // bracelefttp
  '\uF8F2': '\u23A8', // braceleftmid
  '\uF8F3': '\u23A9', // braceleftbt
  '\uF8F4': '\u23AA', // braceex
  '\uF8F5': '\u23AE', // integralex
  '\uF8F6': '\u239E', // parenrighttp
  '\uF8F7': '\u239F', // parenrightex
  '\uF8F8': '\u23A0', // parenrightbt
  '\uF8F9': '\u23A4', // bracketrighttp
  '\uF8FA': '\u23A5', // bracketrightex
  '\uF8FB': '\u23A6', // bracketrightbt
  '\uF8FC': '\u23AB', // bracerighttp
  '\uF8FD': '\u23AC', // bracerightmid
  '\uF8FE': '\u23AD', // bracerightbt
};

// eslint-disable-next-line no-control-regex -- matching control characters is this rule's job
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u000B\u000C]/g;
// Controls except \t and \n (handled apart), replacement and object-replacement characters,
// noncharacters (U+FDD0-FDEF, U+xFFFE/xFFFF in every plane), zero-width junk, lone surrogates.
const REMOVE =
  // eslint-disable-next-line no-control-regex -- matching control characters is this rule's job
  /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\uFFFC\uFFFD\uFDD0-\uFDEF\uFFFE\uFFFF\u200B\u2060\uFEFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Private use: the BMP area and planes 15-16 (surrogate pairs U+DB80-DBFF + low surrogate).
const PRIVATE_USE = /[\uE000-\uF8FF]|[\uDB80-\uDBFF][\uDC00-\uDFFF]/g;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;

/** Cleans one text by CLEAN_TEXT_RULE. Pure and idempotent: cleanText(cleanText(s)) === cleanText(s). */
export function cleanText(text: string, opts: { singleLine?: boolean } = {}): string {
  let s = text
    .replace(LINE_BREAKS, '\n')
    .replace(/\u2029/g, '\n\n')
    .replace(REMOVE, '')
    .replace(/\u00AD/g, '-')
    .replace(/[\uFB00-\uFB06]/g, (c) => LIGATURES[c] ?? '')
    .replace(PRIVATE_USE, (c) => SYMBOL_PUA[c] ?? '')
    .replace(SPACES, ' ')
    .normalize('NFC');
  if (opts.singleLine) s = s.replace(/[\n\t]/g, ' ');
  s = s
    .split('\n')
    .map((line) => {
      const indent = /^[ \t]*/.exec(line)![0];
      const rest = line
        .slice(indent.length)
        .replace(/[ \t]+/g, ' ')
        .trimEnd();
      return rest ? indent.replace(/\t/g, '    ') + rest : '';
    })
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  return s.trim();
}
