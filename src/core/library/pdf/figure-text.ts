/**
 * Text drawn inside figures: axis titles, tick labels, legends ("Error versus rank", "40",
 * "35", … "Rank"). It is not prose: in a section it splits the paragraphs around the figure
 * and feeds the model a column of numbers. Captions sit under their figures, so a figure's
 * text is the run of lines set off the body size that comes right before its "Figure N"
 * caption on the same page. Those lines are marked; blocks.ts makes them 'figure' blocks,
 * which stay out of the sections (the caption is kept) and in the full text, for search.
 * Tables are left alone: their numbers are what a reviewer reads.
 */
import { CAPTION, asHeading, isBodySize } from './headings';
import type { BodyStyle, Line } from './types';

const FIGURE_CAPTION = /^fig(?:ure)?\.?\s*\d+\s*[.:|]/i;
/** IEEE sets a table's label on a line of its own ("TABLE II"), its title under it. */
const TABLE_LABEL = /^table\s+(\d+|[IVX]+)\b/i;

/**
 * Where the figure's own text starts when the run reached back into an earlier caption (two
 * figures stacked in a column) or table label: after the first clear vertical gap below that
 * line. The lines before it are the caption's or title's continuation. -1: no gap, nothing is
 * sure.
 */
function afterCaption(lines: Line[], caption: number, end: number): number {
  for (let i = caption + 1; i < end; i++) {
    const [a, b] = [lines[i - 1]!, lines[i]!];
    if (a.col !== b.col || a.y - b.y > 1.6 * Math.max(a.fs, b.fs)) return i;
  }
  return -1;
}

export function markFigureText(lines: Line[], body: BodyStyle): void {
  for (let c = 1; c < lines.length; c++) {
    const caption = lines[c]!;
    if (!FIGURE_CAPTION.test(caption.text)) continue;
    let from = c;
    while (from > 0) {
      const l = lines[from - 1]!;
      if (l.page !== caption.page || isBodySize(l, body) || l.inFigure || asHeading(l, body)) break;
      from--;
      if (CAPTION.test(l.text) || TABLE_LABEL.test(l.text)) {
        from = afterCaption(lines, from, c);
        break;
      }
    }
    if (from < 0) continue;
    for (let i = from; i < c; i++) lines[i]!.inFigure = true;
  }
}
