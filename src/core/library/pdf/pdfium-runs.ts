/**
 * Characters (in content-stream order) into runs, by the rules pdf.js's getTextContent uses,
 * since the layout code was built on its runs: a run holds one font, size and visibility on one
 * baseline; a gap over 0.102 font sizes is a space, one over 0.6 ends the run with a whitespace
 * run of its width (what layout reads as a line written in one piece: a table row, a caption
 * across the gutter); a step back or a move to another line starts a new run.
 */
import type { Glyph } from './pdfium-glyphs';
import type { TextStyle } from './pdfium-objects';
import type { Item } from './types';

const SPACE_MIN = 0.102;
const SPACE_MAX = 0.6;
const STEP_BACK = -0.2;
const BASELINE_SHIFT = 0.25;

export interface Run {
  item: Item;
  style: TextStyle;
}

/** Spacing accents TeX draws as glyphs of their own, and the combining marks they stand for. */
const ACCENTS: Record<string, string> = {
  '¨': '\u0308',
  '´': '\u0301',
  '`': '\u0300',
  ˆ: '\u0302',
  '˜': '\u0303',
  '¯': '\u0304',
  '˘': '\u0306',
  '˙': '\u0307',
  '˚': '\u030a',
  '˝': '\u030b',
  ˇ: '\u030c',
  '¸': '\u0327',
};

/**
 * An accent drawn as a glyph of its own ("Micha¨el" in TeX) becomes a combining mark on the
 * letter under it, found among its neighbours in drawing order (NFC makes "ë" of it later).
 */
function attachAccents(glyphs: Glyph[]): Glyph[] {
  const out: Glyph[] = [];
  glyphs.forEach((g, i) => {
    const mark = ACCENTS[g.ch];
    const cx = (g.x + g.right) / 2;
    const near = mark ? glyphs.slice(Math.max(0, i - 3), i + 4) : [];
    const host = near.find(
      (h) =>
        h !== g &&
        !ACCENTS[h.ch] &&
        /\p{L}/u.test(h.ch) &&
        h.x <= cx &&
        cx < h.right &&
        g.y - h.y > -0.1 * h.fs &&
        g.y - h.y < 0.6 * h.fs,
    );
    if (mark && host) host.ch += mark;
    else out.push(g);
  });
  return out;
}

function item(g: Glyph): Item {
  const it: Item = {
    s: g.ch,
    x: g.x,
    y: g.y,
    w: g.right - g.x,
    fs: g.fs,
    font: g.style.font.name,
    bold: g.style.font.bold,
  };
  if (g.style.hidden) it.hidden = g.style.hidden;
  return it;
}

interface Step {
  /** The glyph joins the current run. */
  join: boolean;
  /** A space goes at the end of the current run first. */
  space: boolean;
  /** A whitespace run of the gap's width goes between the two. */
  ws: boolean;
}

/** What pdf.js does with glyph `g` after `last` (whose advance ends at `end`) in run `cur`. */
function step(cur: Run, last: Glyph, g: Glyph, end: number): Step {
  const fs = g.fs || 1;
  const same = cur.style === g.style && Math.abs(cur.item.fs - g.fs) < 0.01 * fs;
  const dx = g.x - end;
  const dy = Math.abs(g.y - last.y);
  // A ligature PDFium splits into its letters ("ﬁ" → f, i): one origin for all of them.
  if (same && Math.abs(g.x - last.x) < 0.01 && dy < 0.01) return { join: true, space: false, ws: false };
  const shifted = dy > BASELINE_SHIFT * fs;
  if (dx < STEP_BACK * fs || dy > fs || dx <= SPACE_MIN * fs)
    return { join: same && !shifted && dx >= STEP_BACK * fs, space: false, ws: false };
  const ws = dx > SPACE_MAX * fs || !same;
  return { join: !ws && !shifted, space: !ws, ws };
}

export function toRuns(input: Glyph[]): Run[] {
  const glyphs = attachAccents(input);
  const runs: Run[] = [];
  let cur: Run | null = null;
  let last: Glyph | null = null;
  let end = 0;
  for (const g of glyphs) {
    if (cur && last) {
      const st = step(cur, last, g, end);
      if (st.space && !cur.item.s.endsWith(' ') && g.ch !== ' ') cur.item.s += ' ';
      if (st.ws) {
        const ws: Item = {
          s: ' ',
          x: end,
          y: last.y,
          w: g.x - end,
          fs: g.fs,
          font: g.style.font.name,
          bold: false,
        };
        runs.push({ item: ws, style: g.style });
      }
      last = g;
      if (st.join) {
        cur.item.s += g.ch;
        end = Math.max(end, g.right);
        cur.item.w = end - cur.item.x;
        continue;
      }
    }
    cur = { item: item(g), style: g.style };
    runs.push(cur);
    last = g;
    end = g.right;
  }
  return runs;
}
