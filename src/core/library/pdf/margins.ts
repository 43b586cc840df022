/**
 * Drops what is printed around the text rather than in it: running headers and footers (the
 * same text at the same height on many pages), page numbers, and the line numbers of review
 * copies (numbers stacked in the side margins). Works on items, before lines are formed, so
 * a line number never gets glued to the text line beside it.
 */
import { isNoteMarker } from './layout';
import type { Item, PageItems } from './types';

/** Headers and footers live in the top and bottom eighth of the page. */
const EDGE_ZONE = 0.12;
const NUMERIC = /^\s*\d{1,4}\s*$/;
/** "3", "- 3 -", "Page 3", "3 / 21", "iv". */
const PAGE_NUMBER = /^\s*(page\s*)?[-–—]?\s*(\d{1,4}|[ivxlc]{1,6})\s*[-–—]?\s*((\/|of)\s*\d{1,4})?\s*$/i;

interface Row {
  y: number;
  items: Item[];
  text: string;
}

function edgeRows(p: PageItems): Row[] {
  const rows: Row[] = [];
  const inZone = (it: Item) => it.y > p.height * (1 - EDGE_ZONE) || it.y < p.height * EDGE_ZONE;
  const sorted = p.items.filter(inZone).sort((a, b) => b.y - a.y || a.x - b.x);
  for (const it of sorted) {
    const row = rows.find((r) => Math.abs(r.y - it.y) < 2);
    if (row) row.items.push(it);
    else rows.push({ y: it.y, items: [it], text: '' });
  }
  for (const r of rows) {
    r.items.sort((a, b) => a.x - b.x);
    r.text = r.items
      .map((i) => i.s)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
  }
  return rows;
}

/**
 * Digits blurred so "Page 3" and "Page 4" share a signature, and a lone number (the page
 * number beside a running header) left out, so the header still matches on a page where that
 * number went first as a margin number. Height bucketed to 4pt.
 */
function signature(r: Row): string {
  const text = r.text
    .toLowerCase()
    .replace(/\d+/g, '#')
    .replace(/(^|\s)#(?=\s|$)/g, ' ');
  return `${Math.round(r.y / 4)}|${text.replace(/\s+/g, ' ').trim()}`;
}

/**
 * A raised note marker ("⁵https://…" at a column's foot): alone on its height it looks like a
 * page number, but the text it starts begins right where it ends, a little lower. Judged with
 * that text as its line, by layout.ts's own rule for markers.
 */
function startsANote(it: Item, items: Item[]): boolean {
  const end = it.x + it.w;
  const next = items.filter((o) => o.x >= end - 1 && o.x <= end + 2 && o.y < it.y && o.y > it.y - it.fs);
  return next.length > 0 && isNoteMarker(it, [it, ...next], true);
}

/** Drops the running headers and footers; returns each distinct one's text, in page order. */
function dropRunningHeaders(pages: PageItems[]): string[] {
  const rowsByPage = pages.map(edgeRows);
  const count = new Map<string, number>();
  for (const rows of rowsByPage) {
    for (const sig of new Set(rows.map(signature))) count.set(sig, (count.get(sig) ?? 0) + 1);
  }
  const minPages = Math.max(2, Math.ceil(pages.length * 0.3));
  const headers = new Set<string>();
  pages.forEach((p, i) => {
    const drop = new Set<Item>();
    for (const r of rowsByPage[i] ?? []) {
      const repeated = pages.length > 1 && (count.get(signature(r)) ?? 0) >= minPages;
      const pageNumber = PAGE_NUMBER.test(r.text) && !r.items.every((it) => startsANote(it, p.items));
      if (repeated && !pageNumber) headers.add(r.text);
      if (repeated || pageNumber) for (const it of r.items) drop.add(it);
    }
    if (drop.size) p.items = p.items.filter((it) => !drop.has(it));
  });
  return [...headers];
}

/** Numbers that sit entirely outside the horizontal extent of the page's words. */
function dropLineNumbers(p: PageItems): void {
  let minX = Infinity;
  let maxX = -Infinity;
  for (const it of p.items) {
    if (NUMERIC.test(it.s) || !/\p{L}{2}/u.test(it.s)) continue;
    minX = Math.min(minX, it.x);
    maxX = Math.max(maxX, it.x + it.w);
  }
  if (!Number.isFinite(minX)) return;
  const margin = p.items.filter((it) => NUMERIC.test(it.s) && (it.x + it.w <= minX + 1 || it.x >= maxX - 1));
  // A lone number in the margin may be a page number (dropped anyway); a stack of them is
  // line numbering. Either way it is not prose.
  if (margin.length === 0) return;
  const drop = new Set(margin);
  p.items = p.items.filter((it) => !drop.has(it));
}

/** Drops margin noise in place; returns the running headers and footers it dropped (their text). */
export function dropMarginNoise(pages: PageItems[]): string[] {
  for (const p of pages) dropLineNumbers(p);
  return dropRunningHeaders(pages);
}
