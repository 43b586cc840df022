import type { SourceForm } from './forms';

export interface FormSplit {
  /** Every section of the form's template, in order; "" only where the source has none. */
  sections: Record<string, string>;
  /** Section ids whose heading was found in the text. */
  found: string[];
}

const DECORATION = /^(?:#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*(.*?)[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*(?:\*\*|__)?$/;

function looseLabel(line: string): string {
  const m = DECORATION.exec(line.trim());
  return (m?.[1] ?? '').replace(/:$/, '').replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Splits a review into its form's sections by the form's own headings, never rewriting text.
 * - A heading is a line that is exactly the form's heading for a section ("SUMMARY:"). Only
 *   a section after the current one can start (headings come in the form's order), each once,
 *   so a reviewer's own "Questions:" inside Strengths and weaknesses stays part of it.
 * - Only where that finds fewer than two headings is a looser match tried (any case,
 *   Markdown "#"/"**" markup, colon optional), and kept if it finds more.
 * - Text before the first heading, or with no heading at all, goes to the first section:
 *   nothing is dropped. A section is empty only where the source has no text under it.
 */
export function splitByForm(text: string, form: SourceForm): FormSplit {
  const ids = form.template.sections.map((s) => s.id);
  if (ids.length === 1) return { sections: { [ids[0]!]: text.trim() }, found: [] };
  const exact = split(text, ids, (line, id) => line.trimEnd() === form.headings[id]);
  if (exact.found.length >= 2) return exact;
  const loose = split(text, ids, (line, id) => {
    const heading = form.headings[id];
    return heading !== undefined && looseLabel(line) === looseLabel(heading);
  });
  return loose.found.length > exact.found.length ? loose : exact;
}

function split(
  text: string,
  ids: readonly string[],
  isHeading: (line: string, id: string) => boolean,
): FormSplit {
  const lines: string[][] = ids.map(() => []);
  const found: string[] = [];
  let current = 0;
  for (const line of text.split('\n')) {
    // The next heading may be the current section's own (the text opens with "SUMMARY:").
    const at = ids.findIndex((id, i) => i >= current && !found.includes(id) && isHeading(line, id));
    if (at >= 0) {
      found.push(ids[at]!);
      current = at;
    } else lines[current]!.push(line);
  }
  const sections = Object.fromEntries(ids.map((id, i) => [id, lines[i]!.join('\n').trim()]));
  return { sections, found };
}
