import { distance as charDistance } from 'fastest-levenshtein';

/**
 * Edit distance between two review texts, defined once for export (DPO threshold, record
 * metadata), merge (agreement), insights and the workspace UI.
 *
 * Definition (word level, the one everything reports):
 *   words(t)  = the maximal runs of non-whitespace characters of t, compared exactly
 *               (case and punctuation count; whitespace and line breaks do not);
 *   d(a, b)   = Levenshtein distance between words(a) and words(b) (insert, delete and
 *               substitute one word each cost 1);
 *   norm(a,b) = d(a, b) / max(|words(a)|, |words(b)|), and 0 when both are empty.
 * So 0 means "the same words in the same order", 1 means "nothing in common position-wise"
 * (e.g. one side empty). Character level is offered for callers that want it, with the
 * same normalization by the longer length.
 *
 * Pure: no Node imports, safe in the renderer. fastest-levenshtein (Myers' bit-parallel
 * algorithm) does the work: words are mapped to single UTF-16 code units so a word-level
 * distance is a string distance; only if two texts have more than 65 536 distinct words
 * does it fall back to the textbook two-row dynamic programme.
 */

const WORD = /\S+/g;

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Levenshtein distance between two sequences of words. */
export function wordDistance(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const ids = new Map<string, number>();
  const encode = (ws: readonly string[]): number[] =>
    ws.map((w) => {
      let id = ids.get(w);
      if (id === undefined) {
        id = ids.size;
        ids.set(w, id);
      }
      return id;
    });
  const ea = encode(a);
  const eb = encode(b);
  if (ids.size <= 0x10000) {
    return charDistance(codeUnits(ea), codeUnits(eb));
  }
  return sequenceDistance(ea, eb);
}

function codeUnits(ids: readonly number[]): string {
  // Built in chunks: String.fromCharCode(...ids) would overflow the stack on long texts.
  let out = '';
  for (let i = 0; i < ids.length; i += 8192) {
    out += String.fromCharCode(...ids.slice(i, i + 8192));
  }
  return out;
}

/** Plain O(n·m) time, O(m) memory Levenshtein over integer sequences. */
export function sequenceDistance(a: readonly number[], b: readonly number[]): number {
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ai === b[j - 1] ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = Math.min(sub, del, ins);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** The normalized word-level edit distance in [0, 1] (see the definition above). */
export function normalizedEditDistance(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  const longer = Math.max(wa.length, wb.length);
  if (longer === 0) return 0;
  return wordDistance(wa, wb) / longer;
}

/** Character-level variant: Levenshtein over UTF-16 code units / the longer length. */
export function normalizedCharEditDistance(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0;
  return charDistance(a, b) / longer;
}

/** Rounded for display and records (6 decimals keeps thresholds like 0.05 exact). */
export function roundMetric(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
