/**
 * Figures and tables that cut a word in two. LaTeX floats often sit at the top of the next
 * column or page, so in reading order they fall between "the sec-" and "ond with rank": the
 * word is lost to search and to the model, and tick labels land inside it. A float here is a
 * run of lines set off the body size that holds a "Figure N" / "Table N" caption; where the
 * body line before it ends in a hyphen-broken word that the line after it finishes, the run
 * is moved to after the end of that paragraph, the way footnotes are. (Figure text then
 * leaves the sections in figure-text.ts; captions are kept.)
 */
import { CAPTION, startsNewParagraph } from './blocks';
import { asHeading } from './headings';
import type { BodyStyle, Line } from './types';

/** Lines set in the body size (within 0.6pt) that are not captions. */
const isBody = (l: Line, body: BodyStyle) => Math.abs(l.fs - body.fs) <= 0.6 && !CAPTION.test(l.text);

/** The float run starting at `from`: non-body lines, with the caption's lines after it. */
function floatRun(lines: Line[], from: number, body: BodyStyle): number {
  let i = from;
  let captionFs = -1;
  while (i < lines.length) {
    const l = lines[i]!;
    const bodySize = Math.abs(l.fs - body.fs) <= 0.6;
    // A body-size "Table 4. On average, …" after a caption is prose that names a table.
    if (CAPTION.test(l.text) && (!bodySize || i === from)) captionFs = bodySize ? -1 : l.fs;
    else if (bodySize && Math.abs(l.fs - captionFs) > 0.3) break;
    i++;
  }
  return i;
}

const words = (s: string) => s.match(/\p{L}{2,}/gu)?.length ?? 0;

/**
 * Whether `prev` ends in the first half of a hyphen-broken word that `next` finishes. Only
 * then is the float moved: a sentence merely left open at a float reads fine with the float
 * between (both pdftotext modes keep it there too), but a cut word is lost to search and model.
 */
function continues(prev: Line, next: Line): boolean {
  if (words(prev.text) < 5 || words(next.text) < 3) return false;
  return /\p{L}[-\u2010]$/u.test(prev.text) && /^\p{Ll}/u.test(next.text);
}

/** The index after the last line of the paragraph that line `at` belongs to. */
function paragraphEnd(lines: Line[], at: number, body: BodyStyle): number {
  let i = at + 1;
  while (i < lines.length) {
    const l = lines[i]!;
    if (!isBody(l, body) || asHeading(l, body) || startsNewParagraph(lines[i - 1]!, l, body)) break;
    i++;
  }
  return i;
}

export function moveFloats(lines: Line[], body: BodyStyle): Line[] {
  const out = lines.slice();
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1]!;
    if (!isBody(prev, body) || isBody(out[i]!, body)) continue;
    const end = floatRun(out, i, body);
    const run = out.slice(i, end);
    const next = out[end];
    if (!next || !run.some((l) => CAPTION.test(l.text)) || !continues(prev, next)) continue;
    if (asHeading(prev, body) || asHeading(next, body)) continue;
    const after = paragraphEnd(out, end, body);
    out.splice(i, run.length);
    out.splice(after - run.length, 0, ...run);
    i = after - 1;
  }
  return out;
}
