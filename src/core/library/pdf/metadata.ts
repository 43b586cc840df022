/**
 * Title, authors and abstract. The info dictionary is used when it looks like a real title
 * (it is often empty or a file name); otherwise the largest text near the top of page 1.
 */
import type { PaperSection } from '../../../shared/paper';
import type { AnyBlock } from './blocks';
import { joinLine } from './blocks';
import type { BodyStyle, Line } from './types';

export interface InfoDict {
  Title?: unknown;
  Author?: unknown;
}

const AFFILIATION =
  /\b(univ|universit|institut|department|dept|lab|laborator|school|college|faculty|inc|corp|ltd|gmbh|research|google|microsoft|facebook|meta|amazon|ibm|nvidia|center|centre|academy|hospital|foundation|anonymous|authors?|abstract|paper|submission|review)/i;
const PARTICLE = /^(de|da|di|del|der|den|van|von|le|la|du|dos|bin|al|y)$/;

function saneTitle(t: unknown): string | null {
  if (typeof t !== 'string') return null;
  const s = t.replace(/\s+/g, ' ').trim();
  if (s.length < 8 || s.length > 300 || !s.includes(' ')) return null;
  if (/^(untitled|microsoft (word|powerpoint)|title)\b|\.(dvi|pdf|docx?|tex|ps)$|^doi:/i.test(s)) return null;
  return s;
}

const words = (s: string) => new Set(s.toLowerCase().match(/\p{L}{3,}/gu) ?? []);

function overlap(a: string, b: string): number {
  const A = words(a);
  const B = words(b);
  if (!A.size || !B.size) return 0;
  let n = 0;
  for (const w of A) if (B.has(w)) n++;
  return n / Math.min(A.size, B.size);
}

/** The largest-font lines in the top half of page 1, joined; and the index after them. */
function pageTitle(lines: Line[], body: BodyStyle, height: number): { title: string; end: number } | null {
  const first = lines.filter((l) => l.page === 1);
  const top = first.filter((l) => l.y > height * 0.45 && /\p{L}{2}/u.test(l.text));
  if (!top.length) return null;
  // Ranked by the size most of the line is set in: a drop capital or a big symbol is not a title.
  const max = Math.max(...top.map((l) => l.fs));
  if (max < body.fs * 1.15) return null;
  const start = first.findIndex((l) => top.includes(l) && l.fs >= max - 0.5);
  let title = '';
  let end = start;
  while (end < first.length && (first[end]?.fs ?? 0) >= max - 0.5 && title.length < 300) {
    title = joinLine(title, first[end]!.text);
    end++;
  }
  return title ? { title, end } : null;
}

function namesIn(part: string): string[] {
  return part
    .replace(/[∗*†‡§¶♯♭⋆•]|\d+|\(.*?\)/g, ',')
    .split(/,|;|\band\b|&/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => {
      if (!s || s.includes('@') || AFFILIATION.test(s)) return false;
      const tokens = s.split(' ');
      if (tokens.length < 2 || tokens.length > 5) return false;
      return tokens.every((t) => PARTICLE.test(t) || /^\p{Lu}[\p{L}'’.-]*$/u.test(t));
    });
}

function pageAuthors(lines: Line[], from: number, stopAt: (l: Line) => boolean): string[] {
  const out: string[] = [];
  for (let i = from; i < lines.length && i < from + 15; i++) {
    const l = lines[i]!;
    if (l.page !== 1 || stopAt(l)) break;
    for (const part of l.parts) for (const n of namesIn(part)) if (!out.includes(n)) out.push(n);
  }
  return out;
}

export interface Meta {
  title: string | null;
  authors: string[];
  abstract: string | null;
}

export function metadata(
  info: InfoDict,
  lines: Line[],
  body: BodyStyle,
  page1Height: number,
  sections: PaperSection[],
  front: AnyBlock[],
  isHeadingLine: (l: Line) => boolean,
): Meta {
  const fromPage = pageTitle(lines, body, page1Height);
  const fromInfo = saneTitle(info.Title);
  let title = fromPage?.title ?? fromInfo;
  // The info title is exact when it is the same title, but publishers append the venue to it.
  if (
    fromPage &&
    fromInfo &&
    overlap(fromPage.title, fromInfo) >= 0.6 &&
    fromInfo.length <= fromPage.title.length * 1.3
  ) {
    title = fromInfo;
  }

  let authors: string[] = [];
  if (typeof info.Author === 'string' && info.Author.trim()) authors = namesIn(info.Author);
  if (!authors.length && fromPage) authors = pageAuthors(lines, fromPage.end, isHeadingLine);

  let abstract = sections.find((s) => s.kind === 'abstract')?.text ?? null;
  if (!abstract) {
    // No "Abstract" heading: the first long front-matter paragraph is almost always it.
    abstract =
      front.find((b) => b.kind === 'para' && b.page === 1 && b.text.split(/\s+/).length >= 60)?.text ?? null;
  }
  return { title, authors, abstract: abstract?.trim() || null };
}
