/**
 * Which lines are section headings. A heading is short, either numbered ("3", "2.1", "A.2",
 * "IV.") or a well-known name ("Abstract", "References"), and set apart from body text by
 * weight or size. The numbering alone is not enough: "1 We propose..." is a list item.
 */
import type { BodyStyle, Line } from './types';

const NUMBERED = /^(?<num>\d{1,2}(?:\.\d{1,2}){0,3}|[A-H](?:\.\d{1,2}){0,3}|[IVX]{1,5})\.?\s+(?<rest>\S.*)$/;
const KNOWN =
  /^(abstract|résumé|references|références|bibliography|bibliographie|literature cited|acknowledge?ments?|remerciements|appendix|appendices|annexes?|supplementary materials?|introduction|conclusions?|related work|discussion|limitations|broader impacts?)\s*[.:]?$/i;

/** "Figure 3:", "Fig. 2.", "Table IV." at the start of a line: how a caption opens. */
export const CAPTION = /^(fig(?:ure)?\.?|table|tab\.)\s*(\d+|[IVX]+)\s*[.:|]\s*/i;

export type HeadingKind = 'abstract' | 'references' | 'appendix' | 'other';

export interface Heading {
  text: string;
  number: string | null;
  kind: HeadingKind;
}

/**
 * Body text is the size most characters are set in. Where no heading is numbered, the style
 * two or more named headings share is the headings' style (see BodyStyle.heading). Captions
 * set smaller than the text mark it (see BodyStyle.smallCaptions).
 */
export function bodyStyle(lines: Line[]): BodyStyle {
  const weight = new Map<number, number>();
  for (const l of lines) weight.set(l.fs, (weight.get(l.fs) ?? 0) + l.text.length);
  let fs = 10;
  let best = -1;
  for (const [k, v] of weight) if (v > best) [fs, best] = [k, v];
  const body: BodyStyle = { fs };
  let small = 0;
  let bodySized = 0;
  for (const l of lines) {
    if (!CAPTION.test(l.text)) continue;
    if (l.fs < fs - 0.6) small++;
    else if (Math.abs(l.fs - fs) <= 0.6) bodySized++;
  }
  if (small >= 3 && small > 2 * bodySized) body.smallCaptions = true;
  const named = new Map<string, number>();
  for (const l of lines) {
    const h = standsOut(l, body) ? asHeading(l, body) : null;
    if (h?.number) return body;
    const key = `${l.fs.toFixed(1)}|${l.bold}`;
    if (h && Math.abs(l.fs - l.maxFs) <= 0.3) named.set(key, (named.get(key) ?? 0) + 1);
  }
  const [style, count] = [...named].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (count < 2) return body;
  const [size, bold] = style.split('|');
  return { ...body, heading: { fs: Number(size), bold: bold === 'true' } };
}

/** Set in the body size (within 0.6pt), as running text, body-size captions and small caps are. */
export const isBodySize = (l: Line, body: BodyStyle): boolean => Math.abs(l.fs - body.fs) <= 0.6;

export function headingKind(text: string, number: string | null): HeadingKind {
  const t = text.toLowerCase();
  if (/^abstract\b/.test(t)) return 'abstract';
  if (/^(references|références|bibliograph|literature cited)/.test(t)) return 'references';
  if (
    /^(appendix|appendices|annexe|supplementary)/.test(t) ||
    (number !== null && /^[A-H](\.|$)/.test(number))
  ) {
    return 'appendix';
  }
  return 'other';
}

function standsOut(l: Line, body: BodyStyle): boolean {
  if (l.fs < body.fs - 0.6 && l.maxFs < body.fs + 1) return false;
  return l.bold || l.maxFs >= body.fs * 1.12;
}

const mostlyUpper = (s: string) => {
  const letters = s.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters.replace(/\p{Lu}/gu, '').length <= letters.length * 0.15;
};

/** A line set exactly as the document's named headings, where they carry no numbers. */
function styledHeading(l: Line, text: string, body: BodyStyle): Heading | null {
  const h = body.heading;
  if (!h || l.bold !== h.bold || Math.abs(l.fs - h.fs) > 0.3 || Math.abs(l.maxFs - h.fs) > 0.3) return null;
  if (!/^\p{Lu}/u.test(text) || /[.,;:]$/.test(text) || text.split(/\s+/).length > 12) return null;
  return { text, number: null, kind: headingKind(text, null) };
}

/** The heading this line is, or null. */
export function asHeading(l: Line, body: BodyStyle): Heading | null {
  const text = l.text.trim();
  if (text.length < 3 || text.length > 90 || text.split(/\s+/).length > 14) return null;
  if (KNOWN.test(text)) {
    const clean = text.replace(/[.:]$/, '');
    // A bare "References" on its own line is a heading even in body font.
    return { text: clean, number: null, kind: headingKind(clean, null) };
  }
  const m = NUMBERED.exec(text);
  if (!m?.groups) return styledHeading(l, text, body);
  const num = m.groups.num ?? '';
  const rest = m.groups.rest ?? '';
  const letters = rest.replace(/[^\p{L}]/gu, '').length;
  const digits = rest.replace(/\D/g, '').length;
  // "2D REGRESSION" starts with its digit.
  if (letters < 3 || digits * 2 > letters || !/^\d*\p{Lu}/u.test(rest)) return null;
  if (/[,;]$/.test(rest) || (/\.$/.test(rest) && rest.split(/\s+/).length > 6)) return null;
  // Small-capital headings ("2.1 SEQUENCE MODELING") are in body size and weight; a figure's
  // small print ("10 CPU" beside a plot) is not.
  if (/^\d/.test(num) && mostlyUpper(rest) && rest.split(/\s+/).length <= 10 && l.maxFs >= body.fs - 0.6) {
    return { text, number: num, kind: headingKind(rest, num) };
  }
  const roman = /^[IVX]+$/.test(num);
  // Roman numerals ("IV. RESULTS") are accepted in capitals without a font signal; a
  // sentence starting with "I" is neither short capitals nor numbered like this.
  if (
    roman
      ? !(mostlyUpper(rest) || standsOut(l, body)) ||
        (num === 'I' && !/^I\.\s/.test(text) && !standsOut(l, body))
      : !standsOut(l, body)
  ) {
    return null;
  }
  // Single capital letters numbering body text ("A simple...") need the font signal above.
  return { text, number: num, kind: headingKind(rest, num) };
}

/**
 * Whether `next` is the second line of the numbered heading on `line`, wrapped in a narrow
 * column ("E Training corpus sizes for other" / "language models"): right under it in the same
 * column, in the same size and weight (capitals, for headings set in small caps), short, and
 * no heading itself.
 */
export function continuesHeading(line: Line, next: Line, body: BodyStyle): boolean {
  if (next.page !== line.page || next.col !== line.col || /[.:!?]$/.test(line.text.trim())) return false;
  if (next.bold !== line.bold || Math.abs(next.fs - line.fs) > 0.3 || Math.abs(next.maxFs - line.maxFs) > 0.3)
    return false;
  const gap = line.y - next.y;
  if (gap <= 0 || gap > 1.5 * line.maxFs || next.text.trim().split(/\s+/).length > 8) return false;
  if (!line.bold && line.maxFs < body.fs * 1.12 && !mostlyUpper(next.text)) return false;
  return asHeading(next, body) === null;
}
