import { AppError } from '../../shared/errors';
import { isLowInformation } from '../../shared/review-quality';
import { CONFERENCE, FOUR_PART, findTemplate, type ReviewTemplate } from '../../shared/templates';
import { splitCombined } from './review-text';

/** The templates an import can map reviews onto when asked (--map-to); never by default. */
export const MAP_TARGETS: readonly ReviewTemplate[] = [FOUR_PART, CONFERENCE];

export function mapTarget(id: string): ReviewTemplate {
  const t = findTemplate(id);
  if (!t || !MAP_TARGETS.some((m) => m.id === t.id)) {
    const known = MAP_TARGETS.map((m) => m.name).join(', ');
    throw new AppError('invalid_input', `Imported reviews can be mapped onto ${known}, not "${id}".`);
  }
  return t;
}

export interface FormReview {
  templateId: string;
  sections: Record<string, string>;
  scores: Record<string, number>;
}

export interface MappedReview extends FormReview {
  /** What the mapping did, for the review's notes: the provenance of a mapped review. */
  notes: string[];
}

const join = (...parts: Array<string | undefined>) => parts.filter((p) => p && p.trim()).join('\n\n');

/**
 * The review in conference@1's sections. Forms with those sections pass through; NeurIPS
 * 2025's "Strengths and weaknesses" is split at its first weaknesses marker line (all of it
 * under Strengths when there is none); a one-section form goes whole into Summary.
 */
function toConference(r: FormReview, notes: string[]): Record<string, string> {
  const s = r.sections;
  if (CONFERENCE.sections.every((c) => c.id in s)) {
    return Object.fromEntries(CONFERENCE.sections.map((c) => [c.id, s[c.id] ?? '']));
  }
  if ('strengths_and_weaknesses' in s) {
    const split = splitCombined((s.strengths_and_weaknesses ?? '').split('\n'));
    if (!split.weaknesses.trim() && split.strengths.trim()) {
      notes.push('"Strengths and weaknesses" had no weaknesses marker: the whole block is under Strengths.');
    }
    return {
      summary: s.summary ?? '',
      strengths: split.strengths.trim(),
      weaknesses: split.weaknesses.trim(),
      questions: s.questions ?? '',
      limitations: s.limitations ?? '',
    };
  }
  notes.push(`${r.templateId} has no such sections: the whole review is under Summary.`);
  const all = join(...Object.values(s));
  return { summary: all, strengths: '', weaknesses: '', questions: '', limitations: '' };
}

/**
 * Maps an imported review from its own form onto four-part@1 or conference@1, only when the
 * import is asked to. Nothing is rescaled: a score is carried only where the target has the
 * same score on the same scale, and every score left out is named in the notes.
 * four-part: Summary → Significance and novelty, Strengths → reasons for acceptance,
 * Weaknesses → reasons for rejection, Questions + Limitations → Suggestions (a bare "yes"
 * or "N/A" answer is left out there, and said so).
 */
export function mapReview(r: FormReview, target: ReviewTemplate): MappedReview {
  if (r.templateId === target.id) return { ...r, notes: [] };
  const notes = [`Mapped at import from ${r.templateId} onto ${target.id} (--map-to).`];
  const conf = toConference(r, notes);
  let sections = conf;
  if (target.id === FOUR_PART.id) {
    const suggestions: string[] = [];
    for (const id of ['questions', 'limitations'] as const) {
      const answer = conf[id] ?? '';
      if (isLowInformation(answer)) notes.push(`${id} answer "${answer}" left out of Suggestions.`);
      else suggestions.push(answer);
    }
    sections = {
      significance: conf.summary ?? '',
      accept: conf.strengths ?? '',
      reject: conf.weaknesses ?? '',
      suggestions: join(...suggestions),
    };
  }
  const source = findTemplate(r.templateId);
  const scores: Record<string, number> = {};
  for (const [name, value] of Object.entries(r.scores)) {
    const from = source?.scores.find((s) => s.name === name);
    const to = target.scores.find((s) => s.name === name);
    if (from && to && from.min === to.min && from.max === to.max) scores[name] = value;
    else {
      const scale = from ? ` (${from.min}–${from.max})` : '';
      const why = to ? `${target.id} rates ${name} ${to.min}–${to.max}` : `${target.id} has no ${name}`;
      notes.push(`${name} ${value}${scale} not carried: ${why}.`);
    }
  }
  return { templateId: target.id, sections, scores, notes };
}
