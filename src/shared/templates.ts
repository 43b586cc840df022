import { z } from 'zod';

export const TemplateSection = z.object({
  id: z.string(),
  title: z.string(),
  guidance: z.string(),
});
export type TemplateSection = z.infer<typeof TemplateSection>;
export const TemplateScore = z.object({
  name: z.string(),
  min: z.number().int(),
  max: z.number().int(),
});
export type TemplateScore = z.infer<typeof TemplateScore>;
export const ReviewTemplate = z.object({
  /** Stable name plus version, e.g. "four-part@1"; templates are immutable once used. */
  id: z.string(),
  name: z.string(),
  version: z.number().int().positive(),
  sections: z.array(TemplateSection).min(1),
  scores: z.array(TemplateScore),
});
export type ReviewTemplate = z.infer<typeof ReviewTemplate>;

/** A built-in template; its id is always its name and version ("four-part@1"). */
function template(
  name: string,
  version: number,
  sections: TemplateSection[],
  scores: TemplateScore[],
): ReviewTemplate {
  return { id: `${name}@${version}`, name, version, sections, scores };
}

/** One section of a form: its id in the stored Markdown, its heading, what it asks for. */
function section(id: string, title: string, guidance: string): TemplateSection {
  return { id, title, guidance };
}

// Sections and scales that several forms word the same way. Every template is immutable once
// used (a changed form is a new version), so a shared piece never changes under one of them.
const RATING_1_10: TemplateScore = { name: 'Rating', min: 1, max: 10 };
const CONFIDENCE_1_5: TemplateScore = { name: 'Confidence', min: 1, max: 5 };
const CLAIMS_SUMMARY = section('summary', 'Summary', 'What the paper claims and does.');
const STRENGTHS = section('strengths', 'Strengths', 'What is strong about the paper.');
const WEAKNESSES = section('weaknesses', 'Weaknesses', 'What is weak, wrong or missing.');
const QUESTIONS = section('questions', 'Questions', 'Questions for the authors.');
const QUESTIONS_AND_SUGGESTIONS = section(
  'questions',
  'Questions',
  'Questions and suggestions for the authors.',
);
const NEGATIVE_IMPACT = section(
  'limitations',
  'Limitations',
  'Limitations and potential negative societal impact.',
);

/** The format the reference model series was trained on; the default. */
export const FOUR_PART = template(
  'four-part',
  1,
  [
    section(
      'significance',
      'Significance and novelty',
      'What the paper contributes and how new it is relative to prior work.',
    ),
    section('accept', 'Potential reasons for acceptance', 'The strongest arguments for accepting the paper.'),
    section('reject', 'Potential reasons for rejection', 'Weaknesses, missing evidence, flawed claims.'),
    section(
      'suggestions',
      'Suggestions for improvement',
      'Concrete changes that would make the paper better.',
    ),
  ],
  [],
);

export const CONFERENCE = template(
  'conference',
  1,
  [
    section('summary', 'Summary', 'What the paper does, in your own words.'),
    section('strengths', 'Strengths', 'What is good about the paper.'),
    section('weaknesses', 'Weaknesses', 'What is wrong or missing.'),
    QUESTIONS,
    section('limitations', 'Limitations', 'Limitations and societal impact.'),
  ],
  [RATING_1_10, CONFIDENCE_1_5],
);

/*
 * The review forms imported datasets actually carry, each as its own template so an imported
 * review keeps its venue's sections and score scales (a NeurIPS 2025 rating of 4 is out of 6,
 * not 10).
 */

/** NeurIPS 2025 official review (OpenReview export, as in the corpus bulk set). */
export const NEURIPS_2025 = template(
  'neurips-2025',
  1,
  [
    CLAIMS_SUMMARY,
    section(
      'strengths_and_weaknesses',
      'Strengths and weaknesses',
      'Quality, clarity, significance and originality: what is strong and what is weak.',
    ),
    QUESTIONS_AND_SUGGESTIONS,
    section(
      'limitations',
      'Limitations',
      'Have the authors adequately addressed the limitations and societal impact? If not, how?',
    ),
  ],
  [{ name: 'Rating', min: 1, max: 6 }, CONFIDENCE_1_5],
);

/** NeurIPS 2023 official review (the corpus's neurips2023-self-refine reviews). */
export const NEURIPS_2023 = template(
  'neurips-2023',
  1,
  [CLAIMS_SUMMARY, STRENGTHS, WEAKNESSES, QUESTIONS_AND_SUGGESTIONS, NEGATIVE_IMPACT],
  [RATING_1_10, CONFIDENCE_1_5],
);

/** ICLR 2017 official review (OpenReview, via PeerRead): one free-text review and two scores. */
export const ICLR_2017 = template(
  'iclr-2017',
  1,
  [section('review', 'Review', 'The review, in free form.')],
  [RATING_1_10, CONFIDENCE_1_5],
);

/**
 * The review form of SakanaAI's AI-Scientist few-shot examples: a public review restructured
 * by that repository's authors, with their own "Overall" (1-10) and "Confidence" (1-5).
 */
export const AI_SCIENTIST = template(
  'ai-scientist',
  1,
  [CLAIMS_SUMMARY, STRENGTHS, WEAKNESSES, QUESTIONS, NEGATIVE_IMPACT],
  [{ name: 'Overall', min: 1, max: 10 }, CONFIDENCE_1_5],
);

/** Every template findable by id: the two drafting forms first, then the venue forms. */
export const BUILT_IN_TEMPLATES: readonly ReviewTemplate[] = [
  FOUR_PART,
  CONFERENCE,
  NEURIPS_2025,
  NEURIPS_2023,
  ICLR_2017,
  AI_SCIENTIST,
];

export function findTemplate(id: string): ReviewTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((t) => t.id === id || t.name === id);
}
