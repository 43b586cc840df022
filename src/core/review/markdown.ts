import type { ReviewTemplate } from '../../shared/templates';

/**
 * ADAPTER (integration point): src/shared/review-markdown.ts (engine area) will own
 * parseReview/renderReview, the one definition of the canonical review text. Until it lands,
 * this is a small implementation of the same format from DESIGN.md:
 *   ## <Section title>        one per template section, in order
 *   **<Score name>:** <int>   one line per score
 * Swap the bodies for the shared functions when they exist; callers use only these two.
 */
export interface ParsedReview {
  sections: Record<string, string>;
  scores: Record<string, number>;
  /** Headings that matched no template section (their text is kept in the previous section). */
  unknownHeadings: string[];
}

const HEADING = /^#{1,3}\s+(.+?)\s*#*\s*$/;
const SCORE = /^\s*\*\*([^*]+?):?\*\*:?\s*(-?\d+(?:\.\d+)?)\b.*$/;

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

export function parseReviewMarkdown(text: string, template: ReviewTemplate): ParsedReview {
  const byTitle = new Map(template.sections.map((s) => [norm(s.title), s.id]));
  const scoreNames = new Map(template.scores.map((s) => [norm(s.name), s.name]));
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const parts = new Map<string, string[]>();
  const scores: Record<string, number> = {};
  const unknownHeadings: string[] = [];
  // Text before any known heading goes to the first section: nothing is dropped.
  let current = template.sections[0]!.id;
  for (const line of lines) {
    const h = HEADING.exec(line);
    const id = h ? byTitle.get(norm(h[1]!)) : undefined;
    if (id) {
      current = id;
      continue;
    }
    if (h) unknownHeadings.push(h[1]!);
    const s = SCORE.exec(line);
    const name = s ? scoreNames.get(norm(s[1]!)) : undefined;
    if (s && name) {
      scores[name] = Number(s[2]);
      continue;
    }
    const list = parts.get(current) ?? [];
    list.push(line);
    parts.set(current, list);
  }
  const sections: Record<string, string> = {};
  for (const s of template.sections) sections[s.id] = (parts.get(s.id) ?? []).join('\n').trim();
  return { sections, scores, unknownHeadings };
}

export function renderReviewMarkdown(
  sections: Record<string, string>,
  scores: Record<string, number>,
  template: ReviewTemplate,
): string {
  const out: string[] = [];
  for (const s of template.sections) out.push(`## ${s.title}`, '', (sections[s.id] ?? '').trim(), '');
  for (const s of template.scores) if (scores[s.name] !== undefined) out.push(`**${s.name}:** ${scores[s.name]}`);
  return out.join('\n').trimEnd() + '\n';
}
