/**
 * Figures and tables that cut a sentence in two. LaTeX floats often sit at the top of the next
 * column or page, so in reading order they fall inside the paragraph that runs on there:
 * between "the sec-" and "ond with rank" (the word is lost to search and to the model), or
 * between "Digital archives like arXiv,2" and "PubMed Central,3 …" (the caption, tick labels
 * and, after the block, the column's footnotes land mid-sentence). A float here is a run of
 * lines set off the body size that holds a "Figure N" / "Table N" caption (or a caption in
 * the body size); where the paragraph goes on across it, the run is moved to after the end
 * of that paragraph, the way footnotes are. (Figure text then leaves the sections in
 * figure-text.ts; captions are kept.)
 */
import { CAPTION, SENTENCE_END, isProse, opensCaption, startsNewParagraph } from './blocks';
import { asHeading, isBodySize } from './headings';
import type { BodyStyle, Line } from './types';

/** Lines set in the body size (within 0.6pt) that are not captions. */
const isBody = (l: Line, body: BodyStyle) => isBodySize(l, body) && !CAPTION.test(l.text);

/**
 * The float run starting at `from`: non-body lines, with the caption's lines after it. A caption
 * set in (about) the body size runs on while its lines do, up to a paragraph break.
 */
function floatRun(lines: Line[], from: number, body: BodyStyle): number {
  let i = from;
  let captionFs = -1;
  while (i < lines.length) {
    const l = lines[i]!;
    const bodySize = isBodySize(l, body);
    // A body-size "Table 4. On average, …" after a caption is prose that names a table.
    if (CAPTION.test(l.text) && (!bodySize || i === from)) captionFs = l.fs;
    else if (bodySize && (Math.abs(l.fs - captionFs) > 0.3 || startsNewParagraph(lines[i - 1]!, l, body)))
      break;
    i++;
  }
  return i;
}

const words = (s: string) => s.match(/\p{L}{2,}/gu)?.length ?? 0;

/**
 * Whether the sentence on `prev` goes on at `next`: a hyphen-broken word that `next` finishes,
 * or a line that stops mid-sentence ("Digital archives like arXiv,2" … "PubMed Central,3 …").
 * A float there cuts a sentence in two; the model reads the caption (and the column's notes,
 * which follow the paragraph) inside it. Short lines (table rows, equations) never count.
 */
function continues(prev: Line, next: Line): boolean {
  if (words(prev.text) < 5 || words(next.text) < 3) return false;
  if (/\p{L}[-\u2010]$/u.test(prev.text)) return /^\p{Ll}/u.test(next.text);
  // Only across a column or page break, where LaTeX puts its floats: within a column, the
  // line above a caption is as likely the last row of its table.
  const broken = prev.page !== next.page || prev.col !== next.col;
  const indented = next.x0 > next.colX0 + 0.7 * next.fs;
  return broken && !SENTENCE_END.test(prev.text) && isProse(prev) && isProse(next) && !indented;
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
    if (isBodySize(out[i]!, body) && !opensCaption(prev, out[i]!, body)) continue;
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
