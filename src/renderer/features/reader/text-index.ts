/**
 * Searching a page's text as pdf.js lays it out in the text layer. Matches are found in a
 * normalized copy of the page text and mapped back to (text item, offset) ranges, so the
 * text layer can wrap exactly those characters in <mark>, even across items.
 * Pure functions: no DOM, no pdf.js, tested in text-index.test.ts.
 */

/** One text item of page.getTextContent(), in the same order react-pdf's itemIndex uses. */
export interface TextItemLite {
  str: string;
  /** A line ends after this item (the text layer puts a <br> there). */
  eol: boolean;
  /** Baseline origin in PDF user space and the font height, to scroll a match into view. */
  x: number;
  y: number;
  h: number;
}

/** Normalized page text with, per character, where it came from (-1: a joining space). */
export interface NormText {
  text: string;
  item: Int32Array;
  offset: Int32Array;
}

/** 'find' collapses whitespace to one space (words stay words); 'compact' drops it all. */
export type NormMode = 'find' | 'compact';

const SPACE = /\s/;

function lower(ch: string): string {
  const l = ch.toLowerCase();
  return l.length === 1 ? l : ch; // keep one char per char so the map stays aligned
}

export function normalize(items: readonly TextItemLite[], mode: NormMode): NormText {
  let text = '';
  const item: number[] = [];
  const offset: number[] = [];
  const push = (ch: string, i: number, o: number) => {
    if (SPACE.test(ch)) {
      if (mode === 'compact' || text === '' || text.endsWith(' ')) return;
      ch = ' ';
    }
    text += lower(ch);
    item.push(i);
    offset.push(o);
  };
  items.forEach((it, i) => {
    for (let o = 0; o < it.str.length; o++) push(it.str[o]!, i, o);
    if (it.eol) push(' ', -1, -1);
  });
  return { text, item: Int32Array.from(item), offset: Int32Array.from(offset) };
}

/** The query or quote normalized the same way as page text. */
export function normalizeQuery(q: string, mode: NormMode): string {
  return normalize([{ str: q, eol: false, x: 0, y: 0, h: 0 }], mode).text.trim();
}

export interface Span {
  start: number;
  end: number;
}

/** Every non-overlapping occurrence of an already-normalized needle. */
export function findAll(hay: string, needle: string): Span[] {
  const out: Span[] = [];
  if (!needle) return out;
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) {
    out.push({ start: i, end: i + needle.length });
  }
  return out;
}

/** Per text item, the [from, to) character ranges a span covers. */
export function spanToItemRanges(norm: NormText, span: Span): Map<number, Array<[number, number]>> {
  const out = new Map<number, Array<[number, number]>>();
  for (let k = span.start; k < span.end; k++) {
    const i = norm.item[k]!;
    if (i < 0) continue;
    const o = norm.offset[k]!;
    const list = out.get(i) ?? [];
    const last = list[list.length - 1];
    if (last && last[1] === o) last[1] = o + 1;
    else list.push([o, o + 1]);
    out.set(i, list);
  }
  return out;
}

/** The first text item a span touches (its position is where to scroll). */
export function firstItem(norm: NormText, span: Span): number {
  for (let k = span.start; k < span.end; k++) if (norm.item[k]! >= 0) return norm.item[k]!;
  return 0;
}

/** How many characters two strings share at their end (or, with fromStart, their start). */
function shared(a: string, b: string, fromStart: boolean): number {
  let n = 0;
  const max = Math.min(a.length, b.length);
  while (n < max && (fromStart ? a[n] === b[n] : a[a.length - 1 - n] === b[b.length - 1 - n])) n++;
  return n;
}

/**
 * Where a quote sits on a page, whitespace- and case-insensitively (a selection's line
 * breaks and the text layer's spacing need not agree). With several occurrences, the one
 * whose surrounding text best matches before/after wins; null when it is not there.
 */
export function locateQuote(compact: NormText, quote: string, before = '', after = ''): Span | null {
  const q = normalizeQuery(quote, 'compact');
  const hits = findAll(compact.text, q);
  if (hits.length <= 1) return hits[0] ?? null;
  const b = normalizeQuery(before, 'compact');
  const a = normalizeQuery(after, 'compact');
  let best = hits[0]!;
  let bestScore = -1;
  for (const h of hits) {
    const score =
      shared(compact.text.slice(Math.max(0, h.start - b.length), h.start), b, false) +
      shared(compact.text.slice(h.end, h.end + a.length), a, true);
    if (score > bestScore) [best, bestScore] = [h, score];
  }
  return best;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

export interface MarkRange {
  from: number;
  to: number;
  className: string;
}

/** A text item's HTML for the text layer, with the given ranges wrapped in <mark>. */
export function markItemHtml(str: string, ranges: readonly MarkRange[]): string {
  if (!ranges.length) return escapeHtml(str);
  const sorted = [...ranges].sort((x, y) => x.from - y.from);
  let html = '';
  let at = 0;
  for (const r of sorted) {
    const from = Math.max(r.from, at);
    if (r.to <= from) continue;
    html +=
      escapeHtml(str.slice(at, from)) +
      `<mark class="${r.className}">${escapeHtml(str.slice(from, r.to))}</mark>`;
    at = r.to;
  }
  return html + escapeHtml(str.slice(at));
}
