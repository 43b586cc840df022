import { AppError } from '../../shared/errors';
import {
  AI_SCIENTIST,
  ICLR_2017,
  NEURIPS_2023,
  NEURIPS_2025,
  findTemplate,
  type ReviewTemplate,
} from '../../shared/templates';

/**
 * A review form an imported dataset is known to carry: the template it is kept in, how the
 * source names itself, the form's own heading line per section (as the venue's export writes
 * it), and which template score each numeric field of the dataset is.
 */
export interface SourceForm {
  template: ReviewTemplate;
  /** Tested against a dataset line's venue or a review file's source text. */
  identifies: RegExp;
  /** Section id → the heading line exactly as the source writes it; none for a one-section form. */
  headings: Readonly<Record<string, string>>;
  scores: { rating: string; confidence: string };
}

const RATING = { rating: 'Rating', confidence: 'Confidence' };

// Order matters: the first form whose pattern matches wins (AI-Scientist's source text names
// ICLR 2020, the venue of the review it restructured, so it is tested first).
export const SOURCE_FORMS: readonly SourceForm[] = [
  {
    template: AI_SCIENTIST,
    identifies: /\bAI-Scientist\b/i,
    headings: {
      summary: 'Summary:',
      strengths: 'Strengths:',
      weaknesses: 'Weaknesses:',
      questions: 'Questions:',
      limitations: 'Limitations:',
    },
    scores: { rating: 'Overall', confidence: 'Confidence' },
  },
  {
    template: NEURIPS_2025,
    identifies: /\bNeurIPS[ .]*(?:cc\/)?2025\b/i,
    headings: {
      summary: 'SUMMARY:',
      strengths_and_weaknesses: 'STRENGTHS AND WEAKNESSES:',
      questions: 'QUESTIONS:',
      limitations: 'LIMITATIONS:',
    },
    scores: RATING,
  },
  {
    template: NEURIPS_2023,
    identifies: /\bNeurIPS[ .]*(?:cc\/)?2023\b/i,
    headings: {
      summary: 'SUMMARY:',
      strengths: 'STRENGTHS:',
      weaknesses: 'WEAKNESSES:',
      questions: 'QUESTIONS:',
      limitations: 'LIMITATIONS:',
    },
    scores: RATING,
  },
  { template: ICLR_2017, identifies: /\bICLR[ .]*(?:cc\/)?2017\b/i, headings: {}, scores: RATING },
];

/** The form a source names (venue first, then its source text), if it is a known one. */
export function identifyForm(...names: ReadonlyArray<string | null | undefined>): SourceForm | undefined {
  for (const name of names) {
    if (!name) continue;
    const form = SOURCE_FORMS.find((f) => f.identifies.test(name));
    if (form) return form;
  }
  return undefined;
}

/** The form named by a template id or name ("neurips-2025" or "neurips-2025@1"), for --form. */
export function formByTemplate(id: string): SourceForm {
  const t = findTemplate(id);
  const form = t && SOURCE_FORMS.find((f) => f.template.id === t.id);
  if (!form) {
    const known = SOURCE_FORMS.map((f) => f.template.id).join(', ');
    throw new AppError('invalid_input', `"${id}" is not a known review form (known: ${known}).`);
  }
  return form;
}
