import type { Anchor } from './contract/review';

/**
 * The one form a citation takes in a review's Markdown: `> "quote" (p. N)`. "Cite" writes
 * it, the editor marks it, and anchors are kept only while their citation is in the text.
 */
export const CITE = /> "([^"\n]+)" \(p\. (\d+)\)/g;

/** A quote as it is written inside the citation: one line, straight quotes made curly. */
export function citationQuote(quote: string): string {
  return quote.replace(/\s+/g, ' ').replace(/"/g, '\u201d').trim();
}

export function citationText(quote: string, page: number): string {
  return `> "${citationQuote(quote)}" (p. ${page})`;
}

/**
 * The anchors whose citation is still in the review, each pointing at the section that now
 * holds it (a citation cut from one section and pasted into another moves with it). A
 * citation deleted or undone drops its anchor; nothing else does.
 */
export function reconcileAnchors(
  anchors: readonly Anchor[],
  sections: Readonly<Record<string, string>>,
): Anchor[] {
  const out: Anchor[] = [];
  const entries = Object.entries(sections);
  for (const a of anchors) {
    const text = citationText(a.quote, a.page);
    const own = sections[a.sectionId];
    if (own?.includes(text)) {
      out.push(a);
      continue;
    }
    const moved = entries.find(([, body]) => body.includes(text));
    if (moved) out.push({ ...a, sectionId: moved[0] });
  }
  return out;
}

/** True when both lists hold the same anchors in the same sections, in order. */
export function sameAnchors(a: readonly Anchor[], b: readonly Anchor[]): boolean {
  return a.length === b.length && a.every((x, i) => x.id === b[i]!.id && x.sectionId === b[i]!.sectionId);
}
