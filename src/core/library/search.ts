/**
 * Turns whatever a person types into a search box into an FTS5 MATCH expression that can
 * never be a syntax error. FTS5's query language (AND/OR/NOT, NEAR, column filters, `*`,
 * `^`, parentheses) is not exposed: every word becomes a quoted phrase, so `"foo AND (`
 * searches for the words foo and and. Double-quoted runs stay phrases, which is what
 * people expect from a search box. The last word is a prefix, so results appear while
 * typing.
 */

// The unicode61 tokenizer treats letters, numbers, marks and private-use characters as
// token characters and everything else as a separator; splitting the same way means a
// quoted term is exactly one token (or a phrase of tokens) for the index.
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** More terms than this is not a search a person typed; it only makes the query slow. */
const MAX_TERMS = 32;
const MAX_TERM_LENGTH = 64;

export interface FtsQuery {
  /** The MATCH expression, or null when the input has no searchable word. */
  match: string | null;
  /** The words searched for (for highlighting and messages). */
  terms: string[];
}

export function buildFtsQuery(input: string): FtsQuery {
  const parts: string[][] = [];
  // Split into quoted and unquoted runs; an unbalanced quote runs to the end.
  const segments = input.split('"');
  segments.forEach((segment, i) => {
    const words = (segment.match(TOKEN) ?? []).map((w) => w.slice(0, MAX_TERM_LENGTH));
    if (words.length === 0) return;
    if (i % 2 === 1)
      parts.push(words); // inside quotes: one phrase
    else for (const w of words) parts.push([w]);
  });
  const kept = parts.slice(0, MAX_TERMS);
  if (kept.length === 0) return { match: null, terms: [] };
  // Prefix-match the last word only while it is still being typed (no trailing space or quote).
  const typing = /[\p{L}\p{N}\p{M}\p{Co}]$/u.test(input) && segments.length % 2 === 1;
  const exprs = kept.map((words, i) => {
    const phrase = `"${words.join(' ')}"`; // tokens hold no quotes, so nothing to escape
    return typing && i === kept.length - 1 && parts.length <= MAX_TERMS ? `${phrase}*` : phrase;
  });
  return { match: exprs.join(' '), terms: kept.flat() };
}

/** Markers FTS5's snippet() puts around hits; control characters never occur in extracted text. */
export const HIT_OPEN = '\u0002';
export const HIT_CLOSE = '\u0003';

export interface Snippet {
  text: string;
  /** [start, end) character ranges of `text` that matched the query. */
  highlights: Array<[number, number]>;
}

/** Splits a marked-up snippet into plain text plus highlight ranges (no HTML to escape). */
export function parseSnippet(marked: string): Snippet {
  let text = '';
  const highlights: Array<[number, number]> = [];
  let start = -1;
  for (const ch of marked) {
    if (ch === HIT_OPEN) start = text.length;
    else if (ch === HIT_CLOSE) {
      if (start >= 0 && text.length > start) highlights.push([start, text.length]);
      start = -1;
    } else text += ch;
  }
  const plain = collapse(text, highlights);
  return { text: plain, highlights: highlights.filter(([a, b]) => b > a) };
}

// Extracted text has newlines; a snippet is shown on one line. Collapsing whitespace shifts
// the offsets, so the ranges are recomputed alongside.
function collapse(text: string, highlights: Array<[number, number]>): string {
  const map: number[] = [];
  let out = '';
  let lastSpace = true; // drops leading whitespace
  for (let i = 0; i < text.length; i++) {
    map[i] = out.length;
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      if (!lastSpace) out += ' ';
      lastSpace = true;
    } else {
      out += ch;
      lastSpace = false;
    }
  }
  map[text.length] = out.length;
  for (const h of highlights) {
    h[0] = map[h[0]] ?? out.length;
    h[1] = map[h[1]] ?? out.length;
  }
  const trimmed = out.trimEnd();
  for (const h of highlights) {
    h[1] = Math.min(h[1], trimmed.length);
    while (h[0] < h[1] && trimmed[h[0]] === ' ') h[0]++;
    while (h[1] > h[0] && trimmed[h[1] - 1] === ' ') h[1]--;
  }
  return trimmed;
}
