import { LIGATURES } from '../../../shared/clean-text';

/**
 * Undoes what PDF encodings do to characters: ligature glyphs ("ﬁ" → "fi") and LaTeX-style
 * spacing accents that precede their letter ("¨e" → "ë", as in "Micha¨el"). Applied per text
 * item; only these narrow repairs, so math and symbols pass through untouched.
 */

/** Spacing accent → combining mark. */
const ACCENTS: Record<string, string> = {
  '\u00A8': '\u0308', // ¨
  '\u00B4': '\u0301', // ´
  '`': '\u0300',
  '\u02C6': '\u0302', // ˆ
  '\u02DC': '\u0303', // ˜
  '\u00B8': '\u0327', // ¸
  '\u02C7': '\u030C', // ˇ
};

export function normalizeText(s: string): string {
  let out = s.replace(/[\uFB00-\uFB06]/g, (c) => LIGATURES[c] ?? c);
  if (/[\u00A8\u00B4`\u02C6\u02DC\u00B8\u02C7]/.test(out)) {
    out = out.replace(/([\u00A8\u00B4`\u02C6\u02DC\u00B8\u02C7])\s?(\p{L})/gu, (m, a: string, l: string) =>
      (l + (ACCENTS[a] ?? '')).normalize('NFC'),
    );
  }
  return out;
}
