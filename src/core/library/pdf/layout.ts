/**
 * Reading order for one page. Finds a vertical gutter (two columns, or a side column as in
 * PLOS ONE) from the x extents of the text items; items that span it (titles, wide figures
 * and tables) stay where they are and cut the page into bands, and inside each band the left
 * column is read before the right one. Items are then grouped into lines by baseline.
 */
import { joinStackedCells, type BaselineGroup } from './stacked-cells';
import { normalizeText } from './text-normalize';
import type { Item, Line, PageItems } from './types';

const letters = (s: string) => s.replace(/\s/g, '').length;

export interface Gutter {
  x: number;
  /** Width of the empty strip (pt). */
  strip: number;
}

/**
 * The x (between 15% and 85% of the width) that the fewest characters cross, provided both
 * sides carry real text and the crossing text is a minority. Crossing is weighted by
 * characters so a wide title does not hide two columns below it. The gutter is the widest
 * strip whose crossing stays within `slack` characters of that minimum (0: exactly the
 * minimum). Slack is for first pages, where centred title and author lines cross at slightly
 * different x; documentGutters only accepts it where other pages agree on the gutter.
 */
export function findGutter(items: Item[], width: number, slack = 0): Gutter | null {
  // Letter counts once per item, not once per candidate x (this loop was 5% of extraction).
  const solid = items
    .map((it) => ({ x0: it.x, x1: it.x + it.w, n: it.w > 0 ? letters(it.s) : 0 }))
    .filter((it) => it.n > 0);
  const total = solid.reduce((n, it) => n + it.n, 0);
  if (total < 200) return null;
  const scan: { x: number; cross: number }[] = [];
  for (let x = Math.round(width * 0.15); x <= width * 0.85; x += 2) {
    let cross = 0;
    let left = 0;
    let right = 0;
    for (const it of solid) {
      if (it.x1 <= x) left += it.n;
      else if (it.x0 >= x) right += it.n;
      else cross += it.n;
    }
    const ok = Math.min(left, right) >= total * 0.12 && cross <= total * 0.3;
    scan.push({ x, cross: ok ? cross : Infinity });
  }
  const min = Math.min(...scan.map((c) => c.cross));
  if (!Number.isFinite(min)) return null;
  const within = min + (slack ? Math.max(3, total * slack) : 0);
  let best: { from: number; to: number } | null = null;
  let run: { from: number; to: number } | null = null;
  for (const c of scan) {
    if (c.cross > within) {
      run = null;
      continue;
    }
    run = run ? { from: run.from, to: c.x } : { from: c.x, to: c.x };
    if (!best || run.to - run.from > best.to - best.from) best = { ...run };
  }
  // Require a strip (a real gutter, not one gap in a table) at least 6pt wide.
  if (!best || best.to - best.from < 4) return null;
  return { x: (best.from + best.to) / 2, strip: best.to - best.from };
}

type Side = 'L' | 'R' | 'F';

function sideOf(it: Item, g: Gutter): Side {
  const x1 = it.x + it.w;
  if (x1 <= g.x + 2) return 'L';
  if (it.x >= g.x - 2) return 'R';
  // Overhanging the gutter a little (a long URL) is still one column; spanning it is not.
  if (it.x < g.x - 10 && x1 > g.x + 10) return 'F';
  return g.x - it.x > x1 - g.x ? 'L' : 'R';
}

/** Items on one baseline across the whole page (whitespace runs included), left to right. */
function pageRows(items: Item[]): Item[][] {
  const rows: { y: number; fs: number; items: Item[] }[] = [];
  for (const it of items.slice().sort((a, b) => b.y - a.y || a.x - b.x)) {
    const r = rows[rows.length - 1];
    if (r && Math.abs(r.y - it.y) < 0.5 * Math.max(r.fs, it.fs, 1)) r.items.push(it);
    else rows.push({ y: it.y, fs: it.fs, items: [it] });
  }
  return rows.map((r) => r.items.sort((a, b) => a.x - b.x));
}

/**
 * Whitespace runs that pdf.js puts between two pieces of one text line and that bridge the
 * gutter: the producer wrote a table row or a caption line across both columns as one line.
 * Trusted only where such rows are a minority of the page: a producer that writes both columns'
 * lines as one line would otherwise turn every row full-width. Touching solid runs that together
 * reach well across the gutter (10pt each side, as one item must in sideOf) always span it: a
 * centred first-page line such as "{kylel, lucyw" + "}" + "@allenai.org", each run within a
 * column, would otherwise be cut at a gutter found with slack.
 */
function bridges(rows: Item[][], g: Gutter): Set<Item> {
  const out = new Set<Item>();
  const solidSpans = new Set<Item>();
  const half = Math.max(g.strip, 4) / 2;
  let twoSided = 0;
  let bridged = 0;
  for (const row of rows) {
    const solid = row.filter((it) => /\S/.test(it.s));
    if (solid.some((it) => it.x + it.w <= g.x) && solid.some((it) => it.x >= g.x)) twoSided++;
    // Chains of touching runs; one that holds a whitespace run and covers the gutter strip.
    let chain: Item[] = [];
    const close = () => {
      const x0 = chain[0]?.x ?? Infinity;
      const x1 = Math.max(...chain.map((it) => it.x + it.w));
      if (x0 < g.x - half && x1 > g.x + half && chain.some((it) => !/\S/.test(it.s))) {
        for (const it of chain) out.add(it);
        bridged++;
      } else if (x0 < g.x - 10 && x1 > g.x + 10) for (const it of chain) solidSpans.add(it);
      chain = [];
    };
    for (const it of row) {
      const end = Math.max(...chain.map((c) => c.x + c.w));
      if (chain.length && it.x > end + 0.5) close();
      chain.push(it);
    }
    close();
  }
  return new Set([...solidSpans, ...(bridged <= 0.4 * twoSided || bridged <= 2 ? out : [])]);
}

/**
 * A row that spans the gutter (an item across it, or a bridging whitespace run) is full width
 * together with its neighbours on the same baseline, chained by gaps under 2 font sizes: the
 * rest of a caption line split into italic and roman runs, the cells of a table row. A line of
 * the other column on the same baseline stays apart (the gutter gap breaks the chain).
 */
function markSpanningRows(p: PageItems, g: Gutter, side: Map<Item, Side>): void {
  const rows = pageRows(p.items.filter((it) => /\S/.test(it.s) || it.w > 0));
  const bridge = bridges(rows, g);
  for (const row of rows) {
    const full = row.map((it) => bridge.has(it) || side.get(it) === 'F');
    for (let pass = 0; pass < 2; pass++) {
      const order = pass ? row.map((_, i) => row.length - 1 - i) : row.map((_, i) => i);
      let prev = -1;
      for (const i of order) {
        const it = row[i]!;
        if (prev >= 0 && full[prev] && !full[i]) {
          const o = row[prev]!;
          const gap = Math.max(o.x - (it.x + it.w), it.x - (o.x + o.w));
          if (gap < 2 * Math.max(o.fs, it.fs)) full[i] = true;
        }
        prev = i;
      }
    }
    row.forEach((it, i) => {
      if (full[i] && side.has(it)) side.set(it, 'F');
    });
  }
}

const TABLE_CAPTION = /^\s*(table|tab\.)\s*(\d+|[IVX]+)\s*[.:|]/i;

/** The font size most letters are set in. */
function bodySize(items: Item[]): number {
  const weight = new Map<number, number>();
  for (const it of items)
    weight.set(Math.round(it.fs * 2) / 2, (weight.get(Math.round(it.fs * 2) / 2) ?? 0) + letters(it.s));
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/**
 * The rows of a table next to its caption row `c`, walking by `step` (-1 up, +1 down) past the
 * caption's own lines: rows set smaller than both the body and the caption, up to the first
 * that is not.
 */
function tableRows(rows: Item[][], c: number, step: 1 | -1, limit: number, side: Map<Item, Side>): Item[][] {
  const captionFs = Math.max(...rows[c]!.map((it) => it.fs));
  let i = c + step;
  const isCaptionLine = (r: Item[]) =>
    r.every((it) => side.get(it) !== 'L' && side.get(it) !== 'R') &&
    Math.max(...r.map((it) => it.fs)) > captionFs - 0.3;
  if (step > 0) while (i < rows.length && isCaptionLine(rows[i]!)) i++;
  const table: Item[][] = [];
  for (; i >= 0 && i < rows.length; i += step) {
    const r = rows[i]!;
    if (r.some((it) => it.fs > Math.min(limit, captionFs) - 0.5)) break;
    table.push(r);
  }
  return table;
}

/**
 * A table as wide as the page whose cells happen to leave the gutter strip empty (ACL's
 * "Domain Dataset Reference | Task SciBERT …") is read row by row, not left half then right
 * half: the small-print rows next to a full-width "Table N:" caption (above it, else below it
 * as ICLR sets them) are full width when most of them have cells on both sides.
 */
function markSpanningTables(items: Item[], side: Map<Item, Side>): void {
  const rows = pageRows(items);
  const body = bodySize(items);
  rows.forEach((row, c) => {
    const text = row.map((it) => it.s).join('');
    if (!row.some((it) => side.get(it) === 'F') || !TABLE_CAPTION.test(text)) return;
    let table = tableRows(rows, c, -1, body, side);
    if (!table.length) table = tableRows(rows, c, 1, Infinity, side);
    const split = table.filter((r) => !r.every((it) => side.get(it) === 'F'));
    const twoSided = split.filter(
      (r) => r.some((it) => side.get(it) === 'L') && r.some((it) => side.get(it) === 'R'),
    );
    if (twoSided.length < 2 || twoSided.length * 2 < split.length) return;
    for (const r of table) for (const it of r) side.set(it, 'F');
  });
}

/** Groups items into lines: same baseline within half the font size, then sorted by x. */
function toLines(items: Item[], page: number, col: Line['col'], bodyFs: number): Line[] {
  const sorted = items.slice().sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: BaselineGroup[] = [];
  for (const it of sorted) {
    if (!/\S/.test(it.s) && it.w === 0) continue;
    const g = groups[groups.length - 1];
    if (g && Math.abs(g.y - it.y) < 0.5 * Math.max(g.fs, it.fs, 1)) {
      g.items.push(it);
      // Anchor on the larger text so superscripts do not drag the baseline.
      if (it.fs > g.fs) {
        g.y = it.y;
        g.fs = it.fs;
      }
    } else groups.push({ y: it.y, fs: it.fs, items: [it] });
  }
  return joinStackedCells(groups, bodyFs).map((g) => lineOf(g.items, page, col, g.y));
}

/**
 * A footnote or affiliation marker at the start of a word: one or two digits (or a dagger-like
 * sign) in a smaller font, raised above the line's larger text. Not a superscript inside math
 * ("x²y"), which does not start a word.
 */
export function isNoteMarker(it: Item, line: Item[], startsWord: boolean): boolean {
  if (!startsWord || !/^\s*(\d{1,2}|[*\u2217\u2020\u2021\u00a7\u00b6])\s*$/.test(it.s)) return false;
  const body = line.reduce((m, o) => Math.max(m, o.fs), 0);
  const base = line.find((o) => o.fs === body)?.y ?? it.y;
  return it.fs < 0.85 * body && it.y > base + 0.15 * body;
}

function lineOf(items: Item[], page: number, col: Line['col'], y: number): Line {
  items.sort((a, b) => a.x - b.x);
  let text = '';
  const parts: string[] = [''];
  let end = -Infinity;
  const fsWeight = new Map<number, number>();
  let boldChars = 0;
  let chars = 0;
  let marker = false;
  let noteMark = false;
  // Letters of the bold run the line opens with (0 once a regular letter comes first).
  let leadBold = 0;
  let leadOpen = true;
  for (const it of items) {
    const gap = it.x - end;
    // A visible gap without a space character is still a word break; so is the end of a
    // raised note marker that starts a word ("⁶We", "¹Language"), else the model reads "6We".
    const brk = gap > 0.15 * it.fs || (marker && /^\p{L}/u.test(it.s));
    if (text && !/\s$/.test(text) && !/^\s/.test(it.s) && brk) text += ' ';
    marker = isNoteMarker(it, items, text === '' || /\s$/.test(text) || gap > 0.15 * it.fs);
    if (!text.trim() && /\S/.test(it.s)) noteMark = marker;
    text += it.s;
    if (gap > 1.5 * it.fs && parts[parts.length - 1]) parts.push('');
    parts[parts.length - 1] += (brk ? ' ' : '') + it.s;
    end = Math.max(end, it.x + it.w);
    const n = letters(it.s);
    chars += n;
    if (it.bold) boldChars += n;
    if (leadOpen && n) {
      if (it.bold) leadBold += n;
      else leadOpen = false;
    }
    const key = Math.round(it.fs * 2) / 2;
    fsWeight.set(key, (fsWeight.get(key) ?? 0) + n);
  }
  let fs = 0;
  let w = -1;
  for (const [k, v] of fsWeight) if (v > w || (v === w && k > fs)) [fs, w] = [k, v];
  const solid = items.filter((it) => /\S/.test(it.s));
  const x0 = Math.min(...solid.map((it) => it.x));
  const x1 = Math.max(...solid.map((it) => it.x + it.w));
  const maxFs = Math.max(...solid.map((it) => it.fs));
  return {
    page,
    text: normalizeText(text.replace(/\s+/g, ' ').trim()),
    x0,
    x1,
    y,
    fs,
    maxFs,
    bold: chars > 0 && boldChars * 2 > chars,
    col,
    colX0: x0,
    colX1: x1,
    parts: parts.map((p) => normalizeText(p.replace(/\s+/g, ' ').trim())).filter(Boolean),
    noteMark,
    opensBold: leadBold >= 3 && boldChars * 2 <= chars,
  };
}

function setColumnEdges(lines: Line[]): void {
  if (!lines.length) return;
  const x0 = Math.min(...lines.map((l) => l.x0));
  const x1 = Math.max(...lines.map((l) => l.x1));
  for (const l of lines) {
    l.colX0 = x0;
    l.colX1 = x1;
  }
}

/** Lines of one page in reading order. */
const solidItems = (p: PageItems) => p.items.filter((it) => /\S/.test(it.s));

/**
 * Each page's gutter: its own strict one, or, on a page without one (a first page under a
 * centred title block), a gutter found with slack where it lies within 8pt of the gutter most
 * other pages share. A single-column paper's odd side-by-side figure does not get one.
 */
export function documentGutters(pages: PageItems[]): (Gutter | null)[] {
  const strict = pages.map((p) => findGutter(solidItems(p), p.width));
  const votes = new Map<number, number>();
  for (const g of strict) if (g) votes.set(Math.round(g.x / 8), (votes.get(Math.round(g.x / 8)) ?? 0) + 1);
  const [bucket, n] = [...votes].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
  if (n < Math.max(2, pages.length * 0.3)) return strict;
  return strict.map((g, i) => {
    if (g) return g;
    const p = pages[i]!;
    const loose = findGutter(solidItems(p), p.width, 0.01);
    return loose && Math.abs(loose.x - bucket * 8) <= 8 ? loose : null;
  });
}

/**
 * A drop capital (IEEE's "I" of "IN this paper", two lines tall) is moved onto the first line
 * it starts, at that line's size; left alone, its size makes the line grouping take both lines
 * it spans as one and interleave their words.
 */
function settleDropCaps(items: Item[]): void {
  const sizes = items.map((it) => it.fs).sort((a, b) => a - b);
  const typical = sizes[Math.floor(sizes.length / 2)] ?? 0;
  for (const it of items) {
    if (it.fs < 1.6 * typical || !/^\s*\p{Lu}\s*$/u.test(it.s)) continue;
    const beside = items.filter(
      (o) =>
        o !== it &&
        o.fs < 0.6 * it.fs &&
        o.x >= it.x + it.w - 1 &&
        o.x <= it.x + it.w + 0.5 * it.fs &&
        o.y >= it.y - 1 &&
        o.y <= it.y + it.fs,
    );
    if (beside.length < 2) continue;
    const top = beside.reduce((a, b) => (b.y > a.y ? b : a));
    it.y = top.y;
    it.fs = top.fs;
  }
}

/** Lines of one page in reading order (`gutter` from documentGutters; else found here). */
export function pageLines(
  p: PageItems,
  gutter: Gutter | null | undefined = findGutter(solidItems(p), p.width),
): Line[] {
  const items = solidItems(p);
  settleDropCaps(items);
  const bodyFs = bodySize(items);
  if (!gutter) {
    const lines = toLines(items, p.page, 'S', bodyFs).filter((l) => l.text);
    setColumnEdges(lines);
    return lines;
  }
  const by: Record<Side, Item[]> = { L: [], R: [], F: [] };
  const side = new Map<Item, Side>();
  for (const it of items) side.set(it, sideOf(it, gutter));
  markSpanningRows(p, gutter, side);
  markSpanningTables(items, side);
  for (const it of items) by[side.get(it) ?? 'L'].push(it);
  const left = toLines(by.L, p.page, 'L', bodyFs).filter((l) => l.text);
  const right = toLines(by.R, p.page, 'R', bodyFs).filter((l) => l.text);
  const full = toLines(by.F, p.page, 'F', bodyFs).filter((l) => l.text);
  setColumnEdges(left);
  setColumnEdges(right);
  setColumnEdges(full);
  // Each full-width line closes a band: what lies above it in the left column, then in the
  // right column, then the line itself.
  const out: Line[] = [];
  let li = 0;
  let ri = 0;
  for (const f of full) {
    while (li < left.length && (left[li]?.y ?? 0) > f.y) out.push(left[li++]!);
    while (ri < right.length && (right[ri]?.y ?? 0) > f.y) out.push(right[ri++]!);
    out.push(f);
  }
  while (li < left.length) out.push(left[li++]!);
  while (ri < right.length) out.push(right[ri++]!);
  return out;
}
