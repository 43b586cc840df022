import type { ReviewTemplate } from '../../shared/templates';
import type { PaperPart } from './protocol';

/** A stored, immutable prompt version: system text with template placeholders, and the paper parts. */
export interface PromptVersion {
  id: string;
  name: string;
  version: number;
  systemText: string;
  parts: PaperPart[];
}

export const DEFAULT_PROMPT_ID = 'default@1';

/**
 * The seeded prompt. Never edit a shipped version: drafts and exports name it by id and
 * must be reproducible; a new wording is default@2.
 */
export const BUILT_IN_PROMPTS: readonly PromptVersion[] = [
  {
    id: DEFAULT_PROMPT_ID,
    name: 'default',
    version: 1,
    systemText: [
      'You are an expert peer reviewer. Read the paper below and write a review of it.',
      '',
      'Write the review in Markdown with exactly these sections, in this order, each starting with its level-2 heading:',
      '',
      '{{sections}}',
      '{{scores}}',
      'Be specific: refer to sections, figures and tables of the paper, and do not copy the paper at length.',
      'The paper is given in labelled parts: [TITLE], [ABSTRACT], [CAPTIONS] (figure and table captions) and [CONTENT].',
    ].join('\n'),
    parts: ['TITLE', 'ABSTRACT', 'CAPTIONS', 'CONTENT'],
  },
];

/** Fills the template's canonical headings and score lines into a prompt's system text. */
export function renderSystemText(prompt: PromptVersion, template: ReviewTemplate): string {
  const sections = template.sections.map((s) => `## ${s.title}\n${s.guidance}`).join('\n\n');
  const scores = template.scores.length
    ? `\nThen end with one line per score, in exactly this form:\n${template.scores
        .map((s) => `**${s.name}:** <a whole number from ${s.min} to ${s.max}>`)
        .join('\n')}\n`
    : '';
  return prompt.systemText.replace('{{sections}}', sections).replace('{{scores}}', scores);
}
