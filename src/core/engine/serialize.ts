import type { PaperSection } from '../../shared/paper';
import { isTitleHeading } from '../../shared/title';
import type { PaperPart, PromptPaper } from './protocol';

/** Appended to a section cut short, so the model (and a reader of the prompt) knows text is missing. */
export const TRIM_MARK = '\n[…]';

/**
 * The paper as the user turn of the prompt: labelled parts in the prompt's order. Content
 * is every non-abstract section under its heading, except a first section headed with the
 * paper's own title (a parser's block of author and affiliation lines): its text is shown
 * without a heading, since the title is not a section and is already under [TITLE]. This
 * text is stored with each draft, because the exporter must reproduce the user turn exactly.
 */
export function serializePaper(
  paper: PromptPaper,
  parts: readonly PaperPart[],
  sections: readonly PaperSection[] = paper.sections,
): string {
  const out: string[] = [];
  for (const part of parts) {
    const body = partText(paper, part, sections);
    if (body.trim()) out.push(`[${part}]\n${body.trim()}`);
  }
  return out.join('\n\n');
}

function partText(paper: PromptPaper, part: PaperPart, sections: readonly PaperSection[]): string {
  switch (part) {
    case 'TITLE':
      return paper.title;
    case 'ABSTRACT':
      return paper.abstract;
    case 'CAPTIONS':
      return paper.captions.join('\n');
    case 'CONTENT':
      return sections
        .filter((s) => s.kind !== 'abstract')
        .map((s, i) =>
          s.heading && !(i === 0 && isTitleHeading(s.heading, paper.title))
            ? `## ${s.heading}\n${s.text}`
            : s.text,
        )
        .join('\n\n');
  }
}

/** The abstract as the prompt shows it: the paper's own field, else its abstract section. */
export function abstractOf(abstract: string | null | undefined, sections: readonly PaperSection[]): string {
  if (abstract?.trim()) return abstract.trim();
  return sections
    .filter((s) => s.kind === 'abstract')
    .map((s) => s.text.trim())
    .join('\n\n');
}
