/**
 * Joins lines (already in reading order) into paragraphs, headings and captions, and undoes
 * end-of-line hyphenation.
 */
import { CAPTION, asHeading, continuesHeading, isBodySize, type Heading } from './headings';
import type { Block, BodyStyle, Line } from './types';

const INLINE_ABSTRACT = /^abstract\s*[—–:.-]\s*(?=\S)/i;
export const SENTENCE_END = /[.!?:]["')\]]?$/;
const HYPHEN_END = /(\S*)[-\u2010\u00ad]$/u;

export interface HeadingBlock extends Block {
  kind: 'heading';
  heading: Heading;
}
export type AnyBlock = Block | HeadingBlock;
export const isHeading = (b: AnyBlock): b is HeadingBlock => b.kind === 'heading';

/** How often each word (lower-cased, inner hyphens kept) occurs in the document. */
export type Lexicon = Map<string, number>;

export function lexiconOf(lines: Line[]): Lexicon {
  const lex: Lexicon = new Map();
  for (const l of lines) {
    // Not a line's first word or hyphenated last one: those may be halves of a broken word.
    const inner = l.text.replace(/^\S+\s*/, '').replace(/\S*[-\u2010\u00ad]$/u, '');
    for (const w of inner.toLowerCase().match(/\p{L}+(?:[-\u2010]\p{L}+)*/gu) ?? [])
      lex.set(w, (lex.get(w) ?? 0) + 1);
  }
  return lex;
}

/**
 * Whether "stem-" at a line end and "rest" on the next line are one word broken by
 * hyphenation ("sum-" + "maries") rather than a compound ("English-" + "to-German"). The
 * document is the dictionary: a continuation that has its own hyphen is a compound; so is a
 * pair the text also writes with a hyphen, or two words each used alone whose joined form
 * never occurs. Otherwise (the usual TeX case) the word is joined.
 */
function isBrokenWord(stem: string, next: string, lex?: Lexicon): boolean {
  if (/^\p{L}+[-\u2010]\p{L}/u.test(next)) return false;
  if (!lex) return true;
  const a = stem.toLowerCase();
  const b = (/^\p{L}+/u.exec(next)?.[0] ?? '').toLowerCase();
  const joined = lex.get(a + b) ?? 0;
  if (joined > 0) return true;
  if ((lex.get(`${a}-${b}`) ?? 0) > 0) return false;
  return !((lex.get(a) ?? 0) > 0 && (lex.get(b) ?? 0) > 0 && a.length >= 3 && b.length >= 3);
}

/**
 * Appends a line to paragraph text. "repre-" + "sentation" becomes "representation", but
 * "state-of-the-" + "art" keeps its hyphen: a word that already has a hyphen is a compound
 * (and see isBrokenWord for the rest).
 */
export function joinLine(text: string, next: string, lex?: Lexicon): string {
  if (!text) return next;
  const m = HYPHEN_END.exec(text);
  const word = m?.[1] ?? '';
  if (m && /\p{L}$/u.test(word) && /^\p{Ll}/u.test(next)) {
    const stem = text.slice(0, -1);
    const compound = /[-\u2010]/.test(word) || !isBrokenWord(/\p{L}+$/u.exec(word)?.[0] ?? word, next, lex);
    return compound ? `${stem}-${next}` : stem + next;
  }
  // "BERT-" + "Base": a hyphen before a capital or digit is part of a name; keep it, no space.
  // Unless the document writes the word whole: small caps broken at a line end ("LA-" + "TEX",
  // "SCI-" + "ENCEPARSE") are "LATEX" and "SCIENCEPARSE" everywhere else.
  if (m && /\p{L}$/u.test(word) && /^[\p{Lu}\d]/u.test(next) && text.endsWith('-')) {
    const a = (/\p{L}+$/u.exec(word)?.[0] ?? '').toLowerCase();
    const b = (/^\p{L}+/u.exec(next)?.[0] ?? '').toLowerCase();
    const whole = b !== '' && (lex?.get(a + b) ?? 0) > 0 && !lex?.get(`${a}-${b}`);
    return whole ? text.slice(0, -1) + next : text + next;
  }
  return `${text} ${next}`;
}

/** The line reaches (near) its column's right edge: not the short last line of a paragraph. */
const fillsColumn = (l: Line) => l.x1 >= l.colX1 - 0.12 * (l.colX1 - l.colX0);

/** A line of running text: not in a figure, no table-like wide gaps, out to the column's right edge. */
export const isProse = (l: Line): boolean => !l.inFigure && l.parts.length === 1 && fillsColumn(l);

/** Opens like a caption, and is not body-size text in a paper that sets its captions smaller. */
export const captionLike = (l: Line, body: BodyStyle): boolean =>
  CAPTION.test(l.text) && !(body.smallCaptions && isBodySize(l, body));

/**
 * Whether `l` opens a caption. A body-size line starting "Table 3. This is due to …" is prose
 * that names a table where the paper's captions are smaller, or right under a line of running
 * text in the same column that stops mid-sentence.
 */
export function opensCaption(prev: Line | null, l: Line, body: BodyStyle): boolean {
  if (!captionLike(l, body)) return false;
  if (!prev || !isBodySize(l, body) || prev.page !== l.page || prev.col !== l.col) return true;
  const gap = prev.y - l.y;
  const underIt = gap > 0 && gap <= Math.max(prev.fs, l.fs) * 1.75;
  return !(underIt && isProse(prev) && !SENTENCE_END.test(prev.text));
}

export function startsNewParagraph(prev: Line, l: Line, body: BodyStyle): boolean {
  // A size change ends a paragraph in any column: a caption never runs on into body text.
  if (Math.abs(prev.fs - l.fs) > 0.9) return true;
  // A bold run-in after a sentence's end opens a paragraph, even unindented and under a line
  // that fills its column (emnlp's "… unstructured corpora." / "**SQuAD v1.1** (Rajpurkar …").
  if (l.opensBold && !prev.bold && SENTENCE_END.test(prev.text)) return true;
  if (prev.page !== l.page || prev.col !== l.col) {
    // Paragraphs run on across columns and pages unless the previous one had clearly ended.
    return SENTENCE_END.test(prev.text) && prev.x1 < prev.colX1 - 0.1 * (prev.colX1 - prev.colX0);
  }
  const gap = prev.y - l.y;
  if (gap > Math.max(prev.fs, l.fs) * 1.75 || gap < -2) return true;
  const indented = l.x0 > l.colX0 + 0.7 * body.fs;
  if (SENTENCE_END.test(prev.text) && (indented || !fillsColumn(prev))) return true;
  return /^[•▪◦‣∙]/.test(l.text);
}

export function toBlocks(lines: Line[], body: BodyStyle): AnyBlock[] {
  const lex = lexiconOf(lines);
  const out: AnyBlock[] = [];
  let cur: Block | null = null;
  let prev: Line | null = null;
  const open = (l: Line, kind: Block['kind'], text: string): Block => {
    const b: Block = { kind, page: l.page, lastPage: l.page, text, fs: l.fs };
    if (l.float) b.float = true;
    out.push(b);
    return b;
  };
  for (const [i, l] of lines.entries()) {
    if (l.inFigure) {
      // A figure's labels read as one block, out of the paragraphs around it.
      if (cur?.kind === 'figure' && prev?.inFigure) cur.text = `${cur.text} ${l.text}`;
      else cur = open(l, 'figure', l.text);
      cur.lastPage = l.page;
      cur.lastLine = i;
      prev = l;
      continue;
    }
    const last = out[out.length - 1];
    if (
      last &&
      isHeading(last) &&
      last.heading.number !== null &&
      !cur &&
      prev &&
      continuesHeading(prev, l, body)
    ) {
      last.text = last.heading.text = `${last.text} ${l.text.trim()}`;
      last.lastLine = i;
      prev = l;
      continue;
    }
    const heading = asHeading(l, body);
    if (heading) {
      const hb: HeadingBlock = {
        kind: 'heading',
        page: l.page,
        lastPage: l.page,
        text: heading.text,
        fs: l.maxFs,
        heading,
      };
      out.push(hb);
      hb.lastLine = i;
      cur = null;
      prev = l;
      continue;
    }
    const abs = INLINE_ABSTRACT.exec(l.text);
    if (abs && (!prev || prev.page === l.page) && l.page <= 2) {
      const heading: Heading = { text: 'Abstract', number: null, kind: 'abstract' };
      out.push({
        kind: 'heading',
        page: l.page,
        lastPage: l.page,
        text: 'Abstract',
        fs: l.fs,
        heading,
      } as HeadingBlock);
      cur = open(l, 'para', l.text.slice(abs[0].length));
    } else if (opensCaption(prev, l, body)) {
      cur = open(l, 'caption', l.text);
    } else if (!cur || !prev || startsNewParagraph(prev, l, body) || !prev.float !== !l.float) {
      cur = open(l, 'para', l.text);
    } else {
      cur.text = joinLine(cur.text, l.text, lex);
      cur.lastPage = l.page;
    }
    cur.lastLine = i;
    prev = l;
  }
  return out;
}
