/**
 * Text-agreement measures for bench/extract.ts, against pdftotext (-layout off) as reference.
 *   recall:   share of the reference's words (as a multiset) that our text contains.
 *   in-order: |LCS(ours, reference)| ÷ |reference| over word sequences — the longest run of the
 *             reference's words that our text has in the same order (LCS-based; it is ≤ recall,
 *             and the gap between the two is what reading order costs).
 *   pages:    the same two per reference page (pdftotext ends pages with \f), from the one
 *             alignment, so the worst page can be printed for a human look.
 * Words are lower-cased, NFKC, punctuation dropped and hyphens removed on both sides, so
 * dehyphenation and tokenisation differences do not count as errors. Two more tokenisation
 * differences are evened out the same way on both sides (`joinSplitWords`): pdftotext puts a
 * space at every font or baseline change inside a word, so TeX's logo comes out "L AT E X" and
 * small-caps names "S2ORC-S CI BERT", where the PDF draws one word.
 * What we drop on purpose is taken out of the reference as well: its running headers, page
 * numbers and line numbers (`withoutMargins`), and the venue and copyright lines the extractor
 * reports it removed (`meta.venueLines`: "Proceedings of the 58th Annual Meeting …").
 */
import { diffArrays } from 'diff';

export const words = (s: string): string[] =>
  s
    .replace(/[-\u2010\u00ad]\s*\n\s*/g, '')
    .replace(/[-\u2010]/g, '')
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Single capitals split from the rest of a small-caps word ("S ELF -R EFINE"), as pdftotext writes them. */
export const joinSmallCaps = (s: string): string => {
  const once = (x: string) => x.replace(/\b([A-Z]) (?=[A-Z]{2,})/g, '$1');
  // Twice, for single-capital words in small caps: "B I DAF" → "B IDAF" → "BIDAF".
  return once(once(s)).replace(/\b([A-Z]{2,}) -(?=[A-Z]{2,})/g, '$1-');
};

/**
 * pdftotext's text without what we drop on purpose: a page's first/last 3 lines that repeat on
 * 3+ pages (digits masked) or are only a number, and runs of 5+ number-only lines counting up
 * (review line numbers). Pages stay separated by \f.
 */
export function withoutMargins(ref: string): string {
  const pages = ref.split('\f').map((p) => p.split('\n').filter((l) => l.trim()));
  const key = (l: string) => l.trim().replace(/\d+/g, '#').replace(/\s+/g, ' ');
  const edge = (lines: string[]) => [...lines.slice(0, 3), ...lines.slice(-3)];
  const onPages = new Map<string, number>();
  for (const lines of pages)
    for (const k of new Set(edge(lines).map(key))) onPages.set(k, (onPages.get(k) ?? 0) + 1);
  const num = (l: string | undefined) => (l !== undefined && /^\s*\d+\s*$/.test(l) ? Number(l) : NaN);
  return pages
    .map((lines) => {
      const drop = new Set<number>();
      lines.forEach((l, i) => {
        const atEdge = i < 3 || i >= lines.length - 3;
        if (atEdge && (!Number.isNaN(num(l)) || (onPages.get(key(l)) ?? 0) >= 3)) drop.add(i);
      });
      for (let i = 0; i < lines.length;) {
        let j = i;
        while (j + 1 < lines.length && num(lines[j + 1]) === num(lines[j]) + 1) j++;
        if (j - i >= 4) for (let k = i; k <= j; k++) drop.add(k);
        i = j + 1;
      }
      return lines.filter((_, i) => !drop.has(i)).join('\n');
    })
    .join('\f');
}

export interface PageScore {
  page: number;
  words: number;
  recall: number;
  inOrder: number;
  /** The reference page's words, unmatched ones in [brackets] (for the human look). */
  marked: string;
}

export interface Agreement {
  refWords: number;
  ourWords: number;
  recall: number;
  inOrder: number;
  /**
   * In-order of the running text: the same, with each float and footnote the extractor set
   * apart (its `asides`) matched as one unit wherever the two texts place it. pdftotext keeps a
   * float where it is drawn, often inside the sentence it interrupts, and a note at the foot
   * of its column; reading the sentence whole first and the float or note after it is what
   * issue 22 asks for, and costs `inOrder` the smaller of the two pieces that change places.
   * Here that costs nothing; the running text's order still counts word for word, and a unit
   * that the reference does not hold whole (a table pdftotext reads column by column) is
   * measured as in `inOrder`.
   */
  inOrderUnits: number;
  pages: PageScore[];
}

/**
 * Joins 2–3 adjacent words of one side where the other side has the joined word and lacks one
 * of the pieces: "lat e x" → "latex", "s2orcsci bert" → "s2orcscibert". A piece both sides have
 * as a word of its own ("in" + "to") is never joined, so ordinary words stay apart.
 */
export function joinSplitWords(xs: string[], other: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < xs.length;) {
    let take = 1;
    for (const n of [3, 2]) {
      const parts = xs.slice(i, i + n);
      if (parts.length === n && other.has(parts.join('')) && parts.some((p) => !other.has(p))) {
        take = n;
        break;
      }
    }
    out.push(xs.slice(i, i + take).join(''));
    i += take;
  }
  return out;
}

/**
 * Where `run` occurs in `page` from `at`, allowing a few words apart (pdftotext reads LaTeX's
 * "©2020" as "c 2020"), and where `glued`, a first word glued to a stray glyph ("eiappearing in
 * proceedings"): the end of the matched stretch, or -1 when under 80% of it matches.
 */
function runEnd(page: string[], at: number, run: string[], glued = false): number {
  const first = page[at];
  const starts = first === run[0] || (glued && run.length >= 5 && !!first?.endsWith(run[0]!));
  if (!starts) return -1;
  const limit = Math.min(page.length, at + Math.ceil(run.length * 1.25) + 2);
  let j = at + 1;
  let matched = 1;
  let end = at + 1;
  for (const w of run.slice(1)) {
    const k = page.indexOf(w, j);
    if (k < 0 || k >= limit) continue;
    matched++;
    end = k + 1;
    j = k + 1;
  }
  return matched >= 0.8 * run.length ? end : -1;
}

/** The reference pages without each dropped line's words (once, where they first occur). */
function withoutRuns(pages: string[][], dropped: string[][]): string[][] {
  const out = pages.map((p) => p.slice());
  for (const run of dropped.filter((r) => r.length)) {
    for (const page of out) {
      let end = -1;
      const at = page.findIndex((_, i) => (end = runEnd(page, i, run, true)) >= 0);
      if (at < 0) continue;
      page.splice(at, end - at);
      break;
    }
  }
  return out;
}

function multisetRecall(ref: string[], ours: string[]): { hit: boolean[] } {
  const have = new Map<string, number>();
  for (const w of ours) have.set(w, (have.get(w) ?? 0) + 1);
  const hit = ref.map((w) => {
    const n = have.get(w) ?? 0;
    if (n > 0) have.set(w, n - 1);
    return n > 0;
  });
  return { hit };
}

/** Which reference words lie on the LCS (Myers diff over word arrays). */
function inOrderMask(ref: string[], ours: string[]): boolean[] {
  const mask = new Array<boolean>(ref.length).fill(false);
  let i = 0;
  for (const part of diffArrays(ref, ours)) {
    const n = part.count ?? part.value.length;
    if (part.added) continue;
    if (!part.removed) for (let k = 0; k < n; k++) mask[i + k] = true;
    i += n;
  }
  return mask;
}

/** Where `run` first occurs whole in `xs` at a place none of whose words is taken: its index, or -1. */
function exactAt(xs: string[], run: string[], taken: boolean[]): number {
  for (let i = xs.indexOf(run[0]!); i >= 0; i = xs.indexOf(run[0]!, i + 1)) {
    if (i + run.length > xs.length) return -1;
    if (run.every((w, k) => xs[i + k] === w && !taken[i + k])) return i;
  }
  return -1;
}

/**
 * The stretch of `ref` from `from` to `to`, clear of taken words, that holds most of the
 * unit's words in any order (pdftotext may read a table column by column), at least 80% of
 * them: [start, end) with the words at its two ends the unit's own, or null.
 */
function bagAt(
  ref: string[],
  unit: string[],
  taken: boolean[],
  from: number,
  to: number,
): [number, number] | null {
  const want = new Map<string, number>();
  for (const w of unit) want.set(w, (want.get(w) ?? 0) + 1);
  const have = new Map<string, number>();
  let hits = 0;
  // Taken words (another unit's) count for nothing; the stretch is trimmed clear of them.
  const step = (i: number, by: 1 | -1) => {
    if (taken[i]) return;
    const w = ref[i]!;
    const before = have.get(w) ?? 0;
    have.set(w, before + by);
    const need = want.get(w) ?? 0;
    if (by > 0 && before < need) hits++;
    if (by < 0 && before <= need) hits--;
  };
  const n = unit.length;
  let best: [number, number] | null = null;
  let bestHits = Math.ceil(0.8 * n) - 1;
  for (let i = from; i < to; i++) {
    step(i, 1);
    if (i - n >= from) step(i - n, -1);
    if (hits > bestHits) [best, bestHits] = [[Math.max(from, i - n + 1), i + 1], hits];
  }
  if (!best) return null;
  let [start, end] = best;
  const keep = (i: number) => !taken[i] && want.has(ref[i]!);
  while (start < end && !keep(start)) start++;
  while (end > start && !keep(end - 1)) end--;
  return taken.slice(start, end).some(Boolean) ? null : [start, end];
}

interface Unit {
  /** The reference page (0-based) the unit is printed on. */
  page: number;
  words: string[];
}

/**
 * The reference words in order when each unit (a float or note) may stand anywhere: longest
 * first, each is found whole in ours and on its own page of the reference (in order allowing a
 * few words apart, as `runEnd`, else as a stretch holding its words, as `bagAt`); its words
 * count by their order inside it, and the rest of both texts is aligned as usual.
 */
function unitsMask(refPages: string[][], ours: string[], units: Unit[]): boolean[] {
  const ref = refPages.flat();
  const starts: number[] = [];
  refPages.reduce((at, p) => (starts.push(at), at + p.length), 0);
  const mask = new Array<boolean>(ref.length).fill(false);
  const refTaken = new Array<boolean>(ref.length).fill(false);
  const ourTaken = new Array<boolean>(ours.length).fill(false);
  const free = (from: number, to: number) => !refTaken.slice(from, to).some(Boolean);
  const byLength = units.filter((u) => u.words.length >= 4).sort((a, b) => b.words.length - a.words.length);
  for (const { page, words: unit } of byLength) {
    const from = starts[page];
    if (from === undefined) continue;
    const to = from + refPages[page]!.length;
    const o = exactAt(ours, unit, ourTaken);
    if (o < 0) continue;
    let r = -1;
    let end = -1;
    const upToPageEnd = ref.slice(0, to);
    for (let i = from; i < to && r < 0; i++) {
      end = runEnd(upToPageEnd, i, unit);
      if (end >= 0 && free(i, end)) r = i;
    }
    if (r < 0) [r, end] = bagAt(ref, unit, refTaken, from, to) ?? [-1, -1];
    if (r < 0) continue;
    for (let k = o; k < o + unit.length; k++) ourTaken[k] = true;
    inOrderMask(ref.slice(r, end), unit).forEach((m, k) => {
      refTaken[r + k] = true;
      mask[r + k] = m;
    });
  }
  const restAt = ref.flatMap((_, i) => (refTaken[i] ? [] : [i]));
  const rest = inOrderMask(
    restAt.map((i) => ref[i]!),
    ours.filter((_, k) => !ourTaken[k]),
  );
  rest.forEach((m, k) => (mask[restAt[k]!] = m));
  return mask;
}

/**
 * `dropped`: lines the extractor took out on purpose (its venue lines), out of the reference
 * too. `asides`: its floats and notes, matched as units for `inOrderUnits`.
 */
export function agreement(
  refText: string,
  oursText: string,
  dropped: string[] = [],
  asides: { page: number; text: string }[] = [],
): Agreement {
  const rawRef = joinSmallCaps(withoutMargins(refText)).split('\f').map(words);
  const rawOurs = words(joinSmallCaps(oursText));
  const ourVocab = new Set(rawOurs);
  const refVocab = new Set(rawRef.flat());
  // A venue note that wraps with a hyphen ("International Con-" / "ference on …") is one run.
  const gone = dropped
    .join('\n')
    .split(/(?<![-\u2010])\n/)
    .map((l) => words(joinSmallCaps(l)));
  const refPages = withoutRuns(rawRef, gone).map((pw) => joinSplitWords(pw, ourVocab));
  const ref = refPages.flat();
  const ours = joinSplitWords(rawOurs, refVocab);
  const { hit } = multisetRecall(ref, ours);
  const ordered = inOrderMask(ref, ours);
  const units = asides.map((a) => ({
    page: a.page - 1,
    words: joinSplitWords(words(joinSmallCaps(a.text)), refVocab),
  }));
  const count = (xs: boolean[], from = 0, to = xs.length) => xs.slice(from, to).filter(Boolean).length;
  const pages: PageScore[] = [];
  let at = 0;
  refPages.forEach((pw, p) => {
    const to = at + pw.length;
    if (pw.length >= 30) {
      pages.push({
        page: p + 1,
        words: pw.length,
        recall: count(hit, at, to) / pw.length,
        inOrder: count(ordered, at, to) / pw.length,
        marked: pw.map((w, k) => (ordered[at + k] ? w : `[${w}]`)).join(' '),
      });
    }
    at = to;
  });
  const n = Math.max(1, ref.length);
  return {
    refWords: ref.length,
    ourWords: ours.length,
    recall: count(hit) / n,
    inOrder: count(ordered) / n,
    inOrderUnits: count(unitsMask(refPages, ours, units)) / n,
    pages,
  };
}
