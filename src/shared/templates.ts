import { z } from 'zod';
import { VENUE_TEMPLATES } from './venue-templates';

export const TemplateSection = z.object({
  id: z.string(),
  title: z.string(),
  guidance: z.string(),
});
export const TemplateScore = z.object({
  name: z.string(),
  min: z.number().int(),
  max: z.number().int(),
});
export const ReviewTemplate = z.object({
  /** Stable name plus version, e.g. "four-part@1"; templates are immutable once used. */
  id: z.string(),
  name: z.string(),
  version: z.number().int().positive(),
  sections: z.array(TemplateSection).min(1),
  scores: z.array(TemplateScore),
});
export type ReviewTemplate = z.infer<typeof ReviewTemplate>;

/** The format the reference model series was trained on; the default. */
export const FOUR_PART: ReviewTemplate = {
  id: 'four-part@1',
  name: 'four-part',
  version: 1,
  sections: [
    {
      id: 'significance',
      title: 'Significance and novelty',
      guidance: 'What the paper contributes and how new it is relative to prior work.',
    },
    {
      id: 'accept',
      title: 'Potential reasons for acceptance',
      guidance: 'The strongest arguments for accepting the paper.',
    },
    {
      id: 'reject',
      title: 'Potential reasons for rejection',
      guidance: 'Weaknesses, missing evidence, flawed claims.',
    },
    {
      id: 'suggestions',
      title: 'Suggestions for improvement',
      guidance: 'Concrete changes that would make the paper better.',
    },
  ],
  scores: [],
};

export const CONFERENCE: ReviewTemplate = {
  id: 'conference@1',
  name: 'conference',
  version: 1,
  sections: [
    { id: 'summary', title: 'Summary', guidance: 'What the paper does, in your own words.' },
    { id: 'strengths', title: 'Strengths', guidance: 'What is good about the paper.' },
    { id: 'weaknesses', title: 'Weaknesses', guidance: 'What is wrong or missing.' },
    { id: 'questions', title: 'Questions', guidance: 'Questions for the authors.' },
    { id: 'limitations', title: 'Limitations', guidance: 'Limitations and societal impact.' },
  ],
  scores: [
    { name: 'Rating', min: 1, max: 10 },
    { name: 'Confidence', min: 1, max: 5 },
  ],
};

/**
 * Every template findable by id: the two drafting forms first, then the venue forms that
 * imported reviews keep (src/shared/venue-templates.ts).
 */
export const BUILT_IN_TEMPLATES: readonly ReviewTemplate[] = [FOUR_PART, CONFERENCE, ...VENUE_TEMPLATES];

export function findTemplate(id: string): ReviewTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((t) => t.id === id || t.name === id);
}
