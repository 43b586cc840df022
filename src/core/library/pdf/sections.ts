/**
 * Blocks to sections. Kinds: 'abstract' for the Abstract, 'references' from the References
 * heading on, 'appendix' from an Appendix heading (or a lettered heading such as "A Proofs"
 * once References are behind us) on, 'body' otherwise. Captions are collected separately and
 * kept out of section text: the prompt gives them their own [CAPTIONS] part. Text inside
 * figures ('figure' blocks) is left out.
 */
import type { PaperSection } from '../../../shared/paper';
import { isHeading, type AnyBlock } from './blocks';
import type { Aside } from './types';

export interface Sectioned {
  sections: PaperSection[];
  captions: string[];
  /** Paragraphs before the first heading (title, authors, affiliations, maybe an abstract). */
  front: AnyBlock[];
}

export function toSections(blocks: AnyBlock[]): Sectioned {
  const sections: PaperSection[] = [];
  const captions: string[] = [];
  const front: AnyBlock[] = [];
  let cur: PaperSection | null = null;
  let seenRefs = false;
  let inAppendix = false;
  for (const b of blocks) {
    if (b.kind === 'caption') {
      captions.push(b.text);
      continue;
    }
    // Tick labels and legends: in the full text for search, not in what the model reads.
    if (b.kind === 'figure') continue;
    if (isHeading(b)) {
      const h = b.heading;
      let kind: PaperSection['kind'] = 'body';
      if (h.kind === 'abstract') kind = 'abstract';
      else if (h.kind === 'references') {
        // IEEE puts the appendix before the references; the list is still the references.
        kind = 'references';
        seenRefs = true;
      } else if (h.kind === 'appendix') {
        // "A.2 Setup" before the references is a subsection numbered by letter, not an appendix.
        const lettered = h.number !== null && /^[A-H]/.test(h.number);
        if (!lettered || seenRefs || inAppendix) {
          kind = 'appendix';
          inAppendix = true;
        }
      } else if (inAppendix || seenRefs) {
        // Whatever follows the reference list is back matter: appendices, supplements.
        kind = 'appendix';
        inAppendix = true;
      }
      cur = { heading: h.text, kind, text: '', pages: [b.page, b.page] };
      sections.push(cur);
      continue;
    }
    if (!cur) {
      front.push(b);
      continue;
    }
    cur.text = cur.text ? `${cur.text}\n\n${b.text}` : b.text;
    cur.pages[1] = Math.max(cur.pages[1], b.lastPage);
  }
  return { sections, captions, front };
}

/** A footnote and, where it has one, the index of the line it is read after. */
export interface PlacedNote {
  page: number;
  text: string;
  afterLine?: number;
}

/** fullText's paragraphs set apart from the running text: floats moved out of a sentence, and notes. */
export function asidesOf(blocks: AnyBlock[], notes: Aside[]): Aside[] {
  const floats = blocks.filter((b) => b.float).map((b) => ({ page: b.page, text: b.text.trim() }));
  return [...floats, ...notes.map((n) => ({ page: n.page, text: n.text }))].filter((a) => a.text);
}

/**
 * Everything kept, in reading order, for search and for the 'text' command. A footnote
 * follows the paragraph holding the last body line of its column (afterLine), so it never
 * splits a sentence and sits near the text that cites it; a note without one follows the
 * paragraph that was running at the end of its page.
 */
export function fullTextOf(blocks: AnyBlock[], notes: PlacedNote[] = []): string {
  const out: string[] = [];
  const anchored = notes
    .filter((n): n is PlacedNote & { afterLine: number } => n.afterLine !== undefined)
    .sort((a, b) => a.afterLine - b.afterLine);
  const byPage = notes.filter((n) => n.afterLine === undefined);
  let a = 0;
  let p = 0;
  for (const b of blocks) {
    while (p < byPage.length && byPage[p]!.page < b.page) out.push(byPage[p++]!.text);
    out.push(b.text.trim());
    while (a < anchored.length && b.lastLine !== undefined && anchored[a]!.afterLine <= b.lastLine)
      out.push(anchored[a++]!.text);
  }
  for (const n of [...anchored.slice(a), ...byPage.slice(p)]) out.push(n.text);
  return out.filter(Boolean).join('\n\n');
}
