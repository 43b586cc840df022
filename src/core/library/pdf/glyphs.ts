/**
 * Ligatures a font's encoding lost, repaired over the whole document once its lines exist
 * (the document's own words decide between candidates). Three shapes:
 *  - a stand-in code point inside a word ("o↵-the-shelf", U+F001): LIGATURE_STANDINS;
 *  - a control character inside a word, where a font without ToUnicode had no mapping at all
 *    ("e\0cient"; Computer Modern fonts are read by their encoding first, tex-encodings.ts):
 *    the ligature whose word the document uses elsewhere, else "ffi" after the prefixes that
 *    take it (e, su, di, o, coe, a), else "fi";
 *  - the ligature dropped with a space left ("e cient"): LIGATURE_WORDS, exact shapes only.
 * Text is NFC afterwards; math symbols (ε, ∑) are never touched.
 */
import { LIGATURE_STANDINS, LIGATURE_WORDS } from '../../../shared/clean-text';
import type { Line } from './types';

const STANDIN = new RegExp(
  `(?<=\\p{L})[${Object.keys(LIGATURE_STANDINS).join('')}]|[${Object.keys(LIGATURE_STANDINS).join('')}](?=\\p{L})`,
  'gu',
);
// eslint-disable-next-line no-control-regex -- control characters are what a lost glyph becomes
const LOST = /(\p{L}*)[\u0000-\u0008\u000E-\u001F](\p{L}*)/gu;
const CANDIDATES = ['ffi', 'fi', 'ff', 'fl', 'ffl'];

/** "e cient" → "efficient" for the words in LIGATURE_WORDS (lower- and title-case). */
const DROPPED: Map<string, string> = new Map();
for (const w of LIGATURE_WORDS) {
  const m = /^(\p{L}+?)(ffi|ffl|ff|fi|fl)(\p{L}+)$/u.exec(w);
  if (!m) continue;
  const broken = `${m[1]} ${m[3]}`;
  DROPPED.set(broken, w);
  DROPPED.set(broken[0]!.toUpperCase() + broken.slice(1), w[0]!.toUpperCase() + w.slice(1));
}
const DROPPED_RE = new RegExp(`(?<![\\p{L}-])(${[...DROPPED.keys()].join('|')})(?![\\p{L}])`, 'gu');

function guess(pre: string, post: string, known: Set<string>): string {
  const hit = CANDIDATES.find((c) => known.has(`${pre}${c}${post}`.toLowerCase()));
  if (hit) return hit;
  return /^(e|su|di|o|coe|a|ine|insu)$/i.test(pre) ? 'ffi' : 'fi';
}

export function repairGlyphs(text: string, known: Set<string>): string {
  let s = text.replace(STANDIN, (c) => LIGATURE_STANDINS[c] ?? c);
  if (LOST.test(s))
    s = s.replace(LOST, (m, pre: string, post: string) =>
      pre || post ? `${pre}${guess(pre, post, known)}${post}` : m,
    );
  LOST.lastIndex = 0;
  if (DROPPED_RE.test(s)) s = s.replace(DROPPED_RE, (m) => DROPPED.get(m) ?? m);
  DROPPED_RE.lastIndex = 0;
  return s.normalize('NFC');
}

/** Repairs every line (and its parts) in place. */
export function repairLineGlyphs(lines: Line[]): void {
  const known = new Set<string>();
  for (const l of lines) for (const w of l.text.toLowerCase().match(/\p{L}+/gu) ?? []) known.add(w);
  for (const l of lines) {
    l.text = repairGlyphs(l.text, known);
    l.parts = l.parts.map((p) => repairGlyphs(p, known));
  }
}
