import { AppError } from '../../shared/errors';
import { findTemplate, type ReviewTemplate } from '../../shared/templates';
import type { Anchor, ReviewLabel } from '../../shared/contract/review';
import { parseReviewIntoTemplate } from '../../shared/review-markdown';
import { parseJson } from '../store/json';
import type { DraftContentRow } from '../store/repos/drafts';

/** The editable part of a review, as stored in its JSON columns. */
export interface Content {
  sections: Record<string, string>;
  scores: Record<string, number>;
  notes: string;
  labels: ReviewLabel[];
  anchors: Anchor[];
}

export function templateOf(id: string): ReviewTemplate {
  const t = findTemplate(id);
  if (!t) throw new AppError('not_found', `Unknown review template "${id}".`);
  return t;
}

/** Every template section present (empty when missing), nothing else. */
export function fullSections(
  template: ReviewTemplate,
  given: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(template.sections.map((s) => [s.id, given[s.id] ?? '']));
}

/**
 * A draft's sections in the template's shape. The engine stores parsed sections; a draft
 * whose parse is missing (stopped early, older engine) is parsed here from its raw text.
 */
export function draftContent(
  draft: DraftContentRow,
  template: ReviewTemplate,
): { sections: Record<string, string>; scores: Record<string, number> } {
  const stored = parseJson<Record<string, string>>(draft.sections, {});
  const scores = parseJson<Record<string, number>>(draft.scores, {});
  const known = template.sections.some((s) => typeof stored[s.id] === 'string' && stored[s.id] !== '');
  if (known) return { sections: fullSections(template, stored), scores };
  const parsed = parseReviewIntoTemplate(draft.text, template);
  return { sections: parsed.sections, scores: { ...parsed.scores, ...scores } };
}

const same = (a: string | undefined, b: string | undefined) => (a ?? '').trim() === (b ?? '').trim();

/** "Unchanged" means every section's text (ignoring outer whitespace) and every score is the draft's. */
export function equalsDraft(
  template: ReviewTemplate,
  review: Pick<Content, 'sections' | 'scores'>,
  draft: { sections: Record<string, string>; scores: Record<string, number> },
): boolean {
  if (!template.sections.every((s) => same(review.sections[s.id], draft.sections[s.id]))) return false;
  return template.scores.every((s) => review.scores[s.name] === draft.scores[s.name]);
}

export function isBlank(sections: Record<string, string>): boolean {
  return Object.values(sections).every((t) => t.trim() === '');
}

export function checkSections(template: ReviewTemplate, sections: Record<string, string>): void {
  const ids = new Set(template.sections.map((s) => s.id));
  for (const id of Object.keys(sections)) {
    if (!ids.has(id)) throw new AppError('invalid_input', `Template ${template.id} has no section "${id}".`);
  }
}

/** Applies a score patch (null clears) after checking names and ranges against the template. */
export function applyScores(
  template: ReviewTemplate,
  current: Record<string, number>,
  patch: Record<string, number | null>,
): Record<string, number> {
  const out = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    const spec = template.scores.find((s) => s.name === name);
    if (!spec) throw new AppError('invalid_input', `Template ${template.id} has no score "${name}".`);
    if (value === null) {
      delete out[name];
      continue;
    }
    if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
      throw new AppError('invalid_input', `${name} must be a whole number from ${spec.min} to ${spec.max}.`);
    }
    out[name] = value;
  }
  return out;
}

export function wordCount(sections: Record<string, string>): number {
  let n = 0;
  for (const t of Object.values(sections)) n += (t.match(/\S+/g) ?? []).length;
  return n;
}
