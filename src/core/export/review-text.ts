import type { ReviewTemplate } from '../../shared/templates';

/**
 * The canonical review Markdown (DESIGN.md): one "## <Section title>" per template section
 * in template order, then one "**<Score>:** <value>" line per score the review has. This
 * is the assistant turn of every exported record.
 *
 * Adapter: the engine's src/shared/review-markdown.ts renderReview is the one definition;
 * until it lands this local copy follows the same rule, and only this file changes then.
 */
export function renderReviewText(
  sections: Readonly<Record<string, string>>,
  scores: Readonly<Record<string, number>>,
  template: ReviewTemplate,
): string {
  const out: string[] = [];
  for (const s of template.sections) {
    out.push(`## ${s.title}\n\n${(sections[s.id] ?? '').trim()}`.trimEnd());
  }
  const scoreLines = template.scores
    .filter((s) => typeof scores[s.name] === 'number')
    .map((s) => `**${s.name}:** ${scores[s.name]}`);
  if (scoreLines.length) out.push(scoreLines.join('\n'));
  return out.join('\n\n') + '\n';
}

/** True when no section has any text (scores alone do not make a review). */
export function isEmptyReview(sections: Readonly<Record<string, string>>): boolean {
  return Object.values(sections).every((t) => typeof t !== 'string' || t.trim() === '');
}
