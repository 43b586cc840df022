import { renderReview } from '../../shared/review-markdown';
import type { ReviewTemplate } from '../../shared/templates';

/**
 * The assistant turn of every record: the review's canonical Markdown, exactly as the
 * workspace and the drafts define it (src/shared/review-markdown.ts): "## <Section title>"
 * per template section, then "**<Score>:** <value>" lines.
 */
export function renderReviewText(
  sections: Readonly<Record<string, string>>,
  scores: Readonly<Record<string, number>>,
  template: ReviewTemplate,
): string {
  return renderReview({ ...sections }, { ...scores }, template);
}

/** True when no section has any text (scores alone do not make a review). */
export function isEmptyReview(sections: Readonly<Record<string, string>>): boolean {
  return Object.values(sections).every((t) => typeof t !== 'string' || t.trim() === '');
}
