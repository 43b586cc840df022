/**
 * Footnotes and page furniture at the foot of a column. pdf.js gives them in content order,
 * which puts them mid-sentence when a paragraph runs on to the next column ("sum- / ¹ https://…
 * / maries"). A footnote is recognised by position and font: the lines at the bottom of a
 * column set smaller than the body, the block starting with a raised note marker. Venue and
 * copyright lines in that zone ("Proceedings of the 58th Annual Meeting …", "©2020 …") are
 * furniture and dropped. Both leave the body, so the sentence around them joins up again.
 */
import { joinLine } from './blocks';
import { CAPTION } from './headings';
import type { BodyStyle, Line } from './types';

/** Printed by the venue or publisher, not written by the authors. */
export const FURNITURE =
  /(©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|^(appearing in )?proceedings of\b|\d{4}\s+association for computational linguistics\.?$|\blicensed under\b|^arxiv:\d{4}\.\d{4,5}|permission to make digital|^\d{1,2}(st|nd|rd|th) (annual )?(conference|meeting|international)\b|^(published as|under review as|accepted (at|to|for)) )/i;

export interface FootNote {
  page: number;
  text: string;
  /**
   * The lowest body line of the note's column: the note is read after the paragraph holding
   * it, as a reader turns to a note at the foot of the column, not mid-sentence.
   */
  anchor?: Line;
}

export interface FootSplit {
  body: Line[];
  /** One string per note, in page order. */
  notes: FootNote[];
  /** The venue and copyright lines taken out of the body (where the venue and year are read). */
  furniture: string[];
}

const smaller = (l: Line, body: BodyStyle) => l.fs < body.fs - 0.7 && l.maxFs < body.fs + 0.5;

/** The lines at the foot of one column (page + column), bottom first, set smaller than the body. */
function footZone(column: Line[], body: BodyStyle): Line[] {
  const zone: Line[] = [];
  const ys = column.map((l) => l.y);
  const half = (Math.min(...ys) + Math.max(...ys)) / 2;
  for (const l of column.slice().sort((a, b) => a.y - b.y)) {
    // Notes sit under body text in the lower half; a column all in small print (a reference
    // list, a table) has no foot zone.
    if (!smaller(l, body) || CAPTION.test(l.text) || l.y > half) break;
    zone.push(l);
  }
  return zone.length < column.length ? zone : [];
}

/**
 * The venue/copyright lines at the very foot of a column (zone is bottom first): the lines
 * that match, from the bottom up. On page 1 a venue note may wrap ("Appearing in Proceedings
 * of the 28th International Con- / ference on …, 2011. / Copyright 2011 …"), so there the
 * block reaches up to the highest matching line among the bottom four, above any footnote.
 * Elsewhere only matching lines count: a reference list running to a column's end has
 * "Proceedings of …" lines of its own.
 */
function venueBlock(zone: Line[]): Line[] {
  let n = 0;
  while (n < zone.length && FURNITURE.test(zone[n]!.text)) n++;
  if (zone[0]?.page !== 1) return zone.slice(0, n);
  for (let i = 0; i < Math.min(4, zone.length) && !zone[i]!.noteMark; i++)
    if (FURNITURE.test(zone[i]!.text)) n = Math.max(n, i + 1);
  return zone.slice(0, n);
}

export function splitFootnotes(lines: Line[], body: BodyStyle): FootSplit {
  const columns = new Map<string, Line[]>();
  for (const l of lines) {
    const key = `${l.page}|${l.col}`;
    columns.set(key, [...(columns.get(key) ?? []), l]);
  }
  const drop = new Set<Line>();
  const noteLines = new Set<Line>();
  const anchors = new Map<string, Line>();
  for (const [key, column] of columns) {
    const zone = footZone(column, body);
    for (const l of venueBlock(zone)) drop.add(l);
    // The topmost marker line in the zone opens the footnote block; below it, all are notes.
    let top = -1;
    zone.forEach((l, i) => {
      if (l.noteMark && !drop.has(l)) top = i;
    });
    for (const l of zone.slice(0, top + 1)) if (!drop.has(l)) noteLines.add(l);
    const kept = column.filter((l) => !drop.has(l) && !noteLines.has(l));
    if (top >= 0 && kept.length)
      anchors.set(
        key,
        kept.reduce((a, b) => (b.y < a.y ? b : a)),
      );
  }
  const notes: FootNote[] = [];
  for (const l of lines) {
    if (!noteLines.has(l)) continue;
    const last = notes[notes.length - 1];
    if (l.noteMark || !last || last.page !== l.page)
      notes.push({ page: l.page, text: l.text, anchor: anchors.get(`${l.page}|${l.col}`) });
    else last.text = joinLine(last.text, l.text);
  }
  const furniture = lines.filter((l) => drop.has(l)).map((l) => l.text);
  return { body: lines.filter((l) => !drop.has(l) && !noteLines.has(l)), notes, furniture };
}
