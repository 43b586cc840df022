import { POINT_RULE } from '../../shared/contract/insights';

/**
 * Point overlap, the measure the reference model series reported: split a review section
 * into its points, match draft points to corrected points, count how many survived.
 *
 * Points (per section): each Markdown list item (`-`, `*`, `+`, `1.`, `1)`), with its
 * continuation lines, is one point; any other text (prose paragraphs, or a section with no
 * list at all) is split into sentences, each one point. Heading lines are not points.
 *
 * Similarity: Jaccard of the two points' token sets, tokens being lower-cased runs of
 * letters/digits (each CJK character is its own token, as CJK text has no spaces). Set
 * rather than sequence similarity so a reordered or lightly reworded point still counts.
 *
 * Matching: every (draft, corrected) pair with similarity ≥ 0.5 is a candidate; candidates
 * are taken greedily from the most similar down (ties: earlier draft point, then earlier
 * corrected point), each point used at most once.
 */

const HAS_WORD = /[\p{L}\p{N}]/u;
const BULLET = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$/;
const HEADING = /^\s{0,3}#{1,6}(\s|$)/;
// Sentence ends: . ! ? (then whitespace) or CJK full stops (no whitespace needed).
const SENTENCE_END = /(?<=[.!?])\s+|(?<=[。！？])/u;
// A period after these is not a sentence end ("e.g. this", "Fig. 3", "et al. show").
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|et al|vs|cf|fig|figs|eq|eqs|sec|tab|approx|resp|w\.r\.t)\.$/i;

export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const piece of text.split(SENTENCE_END)) {
    const last = out[out.length - 1];
    if (last !== undefined && ABBREVIATION.test(last)) out[out.length - 1] = `${last} ${piece}`;
    else out.push(piece);
  }
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

export function splitPoints(markdown: string): string[] {
  const points: string[] = [];
  let prose: string[] = [];
  let item: string[] | null = null;
  const flush = () => {
    if (item) points.push(item.join(' '));
    item = null;
    if (prose.length) points.push(...splitSentences(prose.join(' ')));
    prose = [];
  };
  for (const line of markdown.split(/\r?\n/)) {
    const bullet = BULLET.exec(line);
    if (bullet) {
      flush();
      item = [bullet[1] ?? ''];
    } else if (line.trim() === '' || HEADING.test(line)) {
      flush();
    } else if (item) {
      item.push(line.trim()); // a continuation line belongs to its list item (Markdown's lazy continuation)
    } else {
      prose.push(line.trim());
    }
  }
  flush();
  return points.filter((p) => HAS_WORD.test(p));
}

const CJK_CHARS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const WORDISH = /[\p{L}\p{N}]+/gu;
const HAS_CJK = new RegExp(`[${CJK_CHARS}]`, 'u');
const CJK_SPLIT = new RegExp(`[${CJK_CHARS}]|(?:(?![${CJK_CHARS}])[\\p{L}\\p{N}])+`, 'gu');

export function tokenSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of text.toLowerCase().match(WORDISH) ?? []) {
    // The slower CJK-aware split only for the (rare, in English reviews) runs that need it.
    if (HAS_CJK.test(run)) for (const t of run.match(CJK_SPLIT) ?? []) out.add(t);
    else out.add(run);
  }
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}

export interface PointMatch {
  draftPoints: number;
  correctedPoints: number;
  matched: number;
  /** [draft index, corrected index, similarity], in the order they were taken. */
  pairs: Array<[number, number, number]>;
}

export function matchPoints(
  draft: readonly string[],
  corrected: readonly string[],
  threshold: number = POINT_RULE.threshold,
): PointMatch {
  const dt = draft.map(tokenSet);
  const ct = corrected.map(tokenSet);
  const candidates: Array<[number, number, number]> = [];
  dt.forEach((d, i) =>
    ct.forEach((c, j) => {
      const s = jaccard(d, c);
      if (s >= threshold) candidates.push([i, j, s]);
    }),
  );
  candidates.sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1]);
  const usedD = new Set<number>();
  const usedC = new Set<number>();
  const pairs: Array<[number, number, number]> = [];
  for (const cand of candidates) {
    if (usedD.has(cand[0]) || usedC.has(cand[1])) continue;
    usedD.add(cand[0]);
    usedC.add(cand[1]);
    pairs.push(cand);
  }
  return { draftPoints: draft.length, correctedPoints: corrected.length, matched: pairs.length, pairs };
}
