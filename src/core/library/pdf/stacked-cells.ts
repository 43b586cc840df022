/**
 * Table header cells that wrap over two or three lines. A table centres each header cell
 * vertically, so a 3-line cell's lines sit half a line off a 2-line cell's, and grouping by
 * baseline interleaves them: acl2020's Table 1 read "References to / Papers w/ Citation Linked
 * to Academic / Corpus tables / figures / / body text contexts graph disciplines / equations".
 * Such a band is recognised by its baselines, closer together than any single cell's lines
 * (under 0.75 of the font size) for three or more in a row, in print smaller than the page's
 * text (display maths, whose fractions stack as tightly, is set in the text size). The band is
 * read as one row, cell by cell: "Corpus | Papers w/ body text | Citation contexts |
 * References to tables / figures / equations | Linked to graph | Academic disciplines".
 */
import type { Item } from './types';

export interface BaselineGroup {
  y: number;
  fs: number;
  items: Item[];
}

/** Baselines closer than this share of the font size belong to cells stacked side by side. */
const TIGHT = 0.75;

/** One item per cell: the band's solid items grouped by overlapping x, each read top to bottom. */
function cellsOf(band: BaselineGroup[]): BaselineGroup {
  const solid = band.flatMap((g) => g.items).filter((it) => /\S/.test(it.s));
  const cells: { x0: number; x1: number; items: Item[] }[] = [];
  for (const it of solid.sort((a, b) => a.x - b.x)) {
    const cell = cells[cells.length - 1];
    if (cell && it.x < cell.x1) {
      cell.items.push(it);
      cell.x1 = Math.max(cell.x1, it.x + it.w);
    } else cells.push({ x0: it.x, x1: it.x + it.w, items: [it] });
  }
  const top = band[0]!;
  const items = cells.map((c) => {
    const inOrder = c.items.sort((a, b) => b.y - a.y || a.x - b.x);
    const s = inOrder.map((it) => it.s.trim()).join(' ');
    return { ...inOrder[0]!, s, x: c.x0, w: c.x1 - c.x0, y: top.y };
  });
  return { y: top.y, fs: top.fs, items };
}

/**
 * Header cells are words. Rows of figures that straddle a row label centred between them
 * ("5-way, 1-shot" beside "MUMOMAML 45.63 ± 1.39%" / "HSML 45.68 ± 1.37%") stack as tightly,
 * but are rows, read across.
 */
function isWords(band: BaselineGroup[]): boolean {
  const text = band.flatMap((g) => g.items.map((it) => it.s)).join('');
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const digits = text.match(/\p{N}/gu)?.length ?? 0;
  return letters >= 4 * digits;
}

export function joinStackedCells(groups: BaselineGroup[], bodyFs: number): BaselineGroup[] {
  const out: BaselineGroup[] = [];
  const small = (g: BaselineGroup) => g.fs < bodyFs - 0.5;
  const tight = (a: BaselineGroup, b: BaselineGroup) =>
    small(a) && small(b) && Math.abs(a.fs - b.fs) < 0.3 && a.y - b.y < TIGHT * a.fs;
  for (let i = 0; i < groups.length;) {
    let j = i;
    while (j + 1 < groups.length && tight(groups[j]!, groups[j + 1]!)) j++;
    const band = groups.slice(i, j + 1);
    if (band.length >= 3 && isWords(band)) out.push(cellsOf(band));
    else out.push(...band);
    i = j + 1;
  }
  return out;
}
