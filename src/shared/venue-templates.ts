import type { ReviewTemplate } from './templates';

/**
 * The review forms imported datasets actually carry, each as its own template so an imported
 * review keeps its venue's sections and score scales (a NeurIPS 2025 rating of 4 is out of 6,
 * not 10). Immutable like every template: a changed form is a new version.
 */

/** NeurIPS 2025 official review (OpenReview export, as in the corpus bulk set). */
export const NEURIPS_2025: ReviewTemplate = {
  id: 'neurips-2025@1',
  name: 'neurips-2025',
  version: 1,
  sections: [
    { id: 'summary', title: 'Summary', guidance: 'What the paper claims and does.' },
    {
      id: 'strengths_and_weaknesses',
      title: 'Strengths and weaknesses',
      guidance: 'Quality, clarity, significance and originality: what is strong and what is weak.',
    },
    { id: 'questions', title: 'Questions', guidance: 'Questions and suggestions for the authors.' },
    {
      id: 'limitations',
      title: 'Limitations',
      guidance: 'Have the authors adequately addressed the limitations and societal impact? If not, how?',
    },
  ],
  scores: [
    { name: 'Rating', min: 1, max: 6 },
    { name: 'Confidence', min: 1, max: 5 },
  ],
};

/** NeurIPS 2023 official review (the corpus's neurips2023-self-refine reviews). */
export const NEURIPS_2023: ReviewTemplate = {
  id: 'neurips-2023@1',
  name: 'neurips-2023',
  version: 1,
  sections: [
    { id: 'summary', title: 'Summary', guidance: 'What the paper claims and does.' },
    { id: 'strengths', title: 'Strengths', guidance: 'What is strong about the paper.' },
    { id: 'weaknesses', title: 'Weaknesses', guidance: 'What is weak, wrong or missing.' },
    { id: 'questions', title: 'Questions', guidance: 'Questions and suggestions for the authors.' },
    {
      id: 'limitations',
      title: 'Limitations',
      guidance: 'Limitations and potential negative societal impact.',
    },
  ],
  scores: [
    { name: 'Rating', min: 1, max: 10 },
    { name: 'Confidence', min: 1, max: 5 },
  ],
};

/** ICLR 2017 official review (OpenReview, via PeerRead): one free-text review and two scores. */
export const ICLR_2017: ReviewTemplate = {
  id: 'iclr-2017@1',
  name: 'iclr-2017',
  version: 1,
  sections: [{ id: 'review', title: 'Review', guidance: 'The review, in free form.' }],
  scores: [
    { name: 'Rating', min: 1, max: 10 },
    { name: 'Confidence', min: 1, max: 5 },
  ],
};

/**
 * The review form of SakanaAI's AI-Scientist few-shot examples: a public review restructured
 * by that repository's authors, with their own "Overall" (1-10) and "Confidence" (1-5).
 */
export const AI_SCIENTIST: ReviewTemplate = {
  id: 'ai-scientist@1',
  name: 'ai-scientist',
  version: 1,
  sections: [
    { id: 'summary', title: 'Summary', guidance: 'What the paper claims and does.' },
    { id: 'strengths', title: 'Strengths', guidance: 'What is strong about the paper.' },
    { id: 'weaknesses', title: 'Weaknesses', guidance: 'What is weak, wrong or missing.' },
    { id: 'questions', title: 'Questions', guidance: 'Questions for the authors.' },
    {
      id: 'limitations',
      title: 'Limitations',
      guidance: 'Limitations and potential negative societal impact.',
    },
  ],
  scores: [
    { name: 'Overall', min: 1, max: 10 },
    { name: 'Confidence', min: 1, max: 5 },
  ],
};

export const VENUE_TEMPLATES: readonly ReviewTemplate[] = [
  NEURIPS_2025,
  NEURIPS_2023,
  ICLR_2017,
  AI_SCIENTIST,
];
