/**
 * Figures and tables that cut a sentence in two. LaTeX floats often sit at the top of the next
 * column or page, so in reading order they fall inside the paragraph that runs on there:
 * between "the sec-" and "ond with rank" (the word is lost to search and to the model), or
 * between "Digital archives like arXiv,2" and "PubMed Central,3 …" (the caption, tick labels
 * and, after the block, the column's footnotes land mid-sentence). A float here is a run of
 * lines set off the body size that holds a "Figure N" / "Table N" caption (or a caption in
 * the body size), or several such floats stacked atop a column, rows in the body size
 * included (`stackedFloats`); where the paragraph goes on across it, the run is moved to after
 * the end of that paragraph, the way footnotes are, and its lines are marked `float` (they
 * never join a paragraph, and fullText's asides list them). Figure text then leaves the
 * sections in figure-text.ts; captions are kept.
 */
import { SENTENCE_END, captionLike, isProse, opensCaption, startsNewParagraph } from './blocks';
import { CAPTION, asHeading, isBodySize } from './headings';
import type { BodyStyle, Line } from './types';

/** Lines set in the body size (within 0.6pt) that are not captions. */
const isBody = (l: Line, body: BodyStyle) => isBodySize(l, body) && !captionLike(l, body);

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
    if (captionLike(l, body) && (!bodySize || i === from)) captionFs = l.fs;
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

/**
 * Floats stacked at the top of a column, after a sentence that stops at the break: acl2020's
 * "… discussed in §2.1. The" / Table 3 (its rows set in the body size) and its caption /
 * Table 4 with its caption and notes / "vast majority of these PDFs …". Each float is lines
 * (its rows, its figure's labels) closed by a caption; the sentence carries on right after
 * one of the captions, in lower case. Running text that ends a sentence before that is a
 * paragraph, not a float, and so is a heading. The index of the line that carries on, or -1.
 */
function stackedFloats(lines: Line[], from: number, body: BodyStyle): number {
  const prev = lines[from - 1]!;
  const first = lines[from]!;
  if (prev.page === first.page && prev.col === first.col) return -1;
  if (!isProse(prev) || SENTENCE_END.test(prev.text) || words(prev.text) < 5) return -1;
  for (let k = from; k < lines.length && k - from < 80;) {
    const l = lines[k]!;
    if (l.page !== first.page || asHeading(l, body)) return -1;
    if (!opensCaption(lines[k - 1]!, l, body)) {
      if (isBody(l, body) && (/^\p{Ll}/u.test(l.text) || (isProse(l) && SENTENCE_END.test(l.text))))
        return -1;
      k++;
      continue;
    }
    k = floatRun(lines, k, body);
    const next = lines[k];
    const indented = next ? next.x0 > next.colX0 + 0.7 * next.fs : true;
    if (next && isBody(next, body) && /^\p{Ll}/u.test(next.text) && !indented) return k;
  }
  return -1;
}

/** Where the float run starting at `i` ends, when it cuts a sentence in two; else -1. */
function floatEnd(lines: Line[], i: number, body: BodyStyle): number {
  const prev = lines[i - 1]!;
  const l = lines[i]!;
  if (!isBody(l, body) && (!isBodySize(l, body) || opensCaption(prev, l, body))) {
    const end = floatRun(lines, i, body);
    const next = lines[end];
    const captioned = lines.slice(i, end).some((x) => CAPTION.test(x.text));
    if (next && captioned && continues(prev, next) && !asHeading(next, body)) return end;
  }
  return stackedFloats(lines, i, body);
}

export function moveFloats(lines: Line[], body: BodyStyle): Line[] {
  const out = lines.slice();
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1]!;
    if (!isBody(prev, body) || asHeading(prev, body)) continue;
    const end = floatEnd(out, i, body);
    if (end < 0) continue;
    const run = out.slice(i, end);
    for (const l of run) l.float = true;
    const after = paragraphEnd(out, end, body);
    out.splice(i, run.length);
    out.splice(after - run.length, 0, ...run);
    i = after - 1;
  }
  return out;
}
