import { CONFERENCE } from '../../shared/templates';

/**
 * Turns an imported review's free text into the conference template's sections.
 *
 * Why conference: the imported datasets carry a rating and a confidence, which are exactly
 * that template's scores, and their reviews are written as Summary / Strengths / Weaknesses /
 * Questions / Limitations (the bulk set as "SUMMARY:", "STRENGTHS AND WEAKNESSES:",
 * "QUESTIONS:", "LIMITATIONS:"; some corpus files as "Summary:" etc.).
 *
 * Rules (deliberately conservative; the text is never rewritten, only cut at headings):
 * - A heading is a line that is just a known label, optionally in Markdown bold/heading
 *   markup, ending in a colon or not ("SUMMARY:", "## Strengths", "**Weaknesses**").
 *   Unknown labels stay inside the section they appear in.
 * - At least two known headings → structured. Text before the first heading joins Summary.
 * - "Strengths and weaknesses" is split at its first line that starts with a weaknesses
 *   marker ("Weaknesses", "Weakness:", "**Cons**", "Concerns:"); a line that is only a
 *   marker is dropped (the template heading replaces it). Without such a line the whole
 *   block goes to Strengths and the review is counted as `combinedUnsplit`.
 * - Otherwise (no recognizable structure) the whole text goes, untouched, into the first
 *   section (Summary) and the review is reported as unstructured, with a note on the review.
 */
export interface ParsedImportedReview {
  templateId: string;
  sections: Record<string, string>;
  structured: boolean;
  combinedUnsplit: boolean;
}

const LABELS: Record<string, string> = {
  summary: 'summary',
  'summary of the paper': 'summary',
  strengths: 'strengths',
  strength: 'strengths',
  weaknesses: 'weaknesses',
  weakness: 'weaknesses',
  questions: 'questions',
  'questions for authors': 'questions',
  limitations: 'limitations',
  'strengths and weaknesses': 'combined',
};

// "SUMMARY:", "## Strengths", "**Weaknesses:**", "#### **Strengths**" — the label alone.
const HEADING =
  /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*([A-Za-z][A-Za-z &]*?)[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*$/;
// A marker word followed by a colon or by the end of the line ("Weaknesses of X..." is prose).
const marker = (words: string) =>
  new RegExp(
    `^[ \\t]*(?:#{1,6}[ \\t]*)?(?:\\*\\*|__)?[ \\t]*(?:${words})[ \\t]*(?:\\*\\*|__)?[ \\t]*(?::[ \\t]*(?:\\*\\*|__)?|$)`,
    'i',
  );
const WEAK_MARKER = marker('weakness(?:es)?|cons|concerns');
const STRONG_MARKER = marker('strengths?|pros');

function label(line: string): string | undefined {
  const m = HEADING.exec(line);
  if (!m) return undefined;
  return LABELS[m[1]!.toLowerCase().replace(/\s+/g, ' ')];
}

export function parseImportedReview(text: string): ParsedImportedReview {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const parts: Array<{ id: string; lines: string[] }> = [{ id: 'summary', lines: [] }];
  let headings = 0;
  for (const line of lines) {
    const id = label(line);
    if (id) {
      headings++;
      parts.push({ id, lines: [] });
    } else parts[parts.length - 1]!.lines.push(line);
  }
  const sections: Record<string, string> = Object.fromEntries(CONFERENCE.sections.map((s) => [s.id, '']));
  if (headings < 2) {
    sections.summary = text.trim();
    return { templateId: CONFERENCE.id, sections, structured: false, combinedUnsplit: false };
  }
  let combinedUnsplit = false;
  const append = (id: string, body: string) => {
    const t = body.trim();
    if (!t) return;
    sections[id] = sections[id] ? `${sections[id]}\n\n${t}` : t;
  };
  for (const part of parts) {
    if (part.id !== 'combined') {
      append(part.id, part.lines.join('\n'));
      continue;
    }
    const split = splitCombined(part.lines);
    if (!split.weaknesses) combinedUnsplit = split.strengths.trim() !== '';
    append('strengths', split.strengths);
    append('weaknesses', split.weaknesses);
  }
  return { templateId: CONFERENCE.id, sections, structured: true, combinedUnsplit };
}

function stripMarker(lines: string[], marker: RegExp): string[] {
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return lines;
  const m = marker.exec(lines[first]!);
  if (!m) return lines;
  const rest = lines[first]!.slice(m[0].length).trim();
  return [...lines.slice(0, first), ...(rest ? [rest] : []), ...lines.slice(first + 1)];
}

/** Splits a "Strengths and weaknesses" block at its first weaknesses marker line (see above). */
export function splitCombined(lines: string[]): { strengths: string; weaknesses: string } {
  const at = lines.findIndex((l) => WEAK_MARKER.test(l));
  if (at < 0) return { strengths: stripMarker(lines, STRONG_MARKER).join('\n'), weaknesses: '' };
  return {
    strengths: stripMarker(lines.slice(0, at), STRONG_MARKER).join('\n'),
    weaknesses: stripMarker(lines.slice(at), WEAK_MARKER).join('\n'),
  };
}
