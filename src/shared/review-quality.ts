/**
 * Answers that carry no information as training targets: a form's Limitations question
 * answered "yes", a "N/A" under Questions. They are the reviewer's own words and are kept
 * as imported; an export uses this to flag them rather than teach a model to write "yes".
 */
const LOW_INFORMATION = new Set([
  'yes',
  'no',
  'n/a',
  'n.a',
  'na',
  'nan',
  'nil',
  'null',
  'none',
  'nothing',
  'not applicable',
  'no comment',
  'no comments',
]);

// Leading/trailing punctuation and symbols ("Yes.", "- N/A -", "**none**") do not add meaning.
const EDGE = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

const LONGEST_TOKEN_WITH_EDGES = 64;
const ONLY_EDGE = /^[\s\p{P}\p{S}]*$/u;

/** True when the whole answer is a low-information token (case-insensitive, punctuation-trimmed). */
export function isLowInformation(answer: string): boolean {
  const trimmed = answer.trim();
  if (!trimmed) return false; // empty is a different finding (an empty section), not this one
  // Every listed token is short: a longer answer is low-information only if it has no word
  // at all (checked in one pass that stops at the first letter, unlike the trim below).
  if (trimmed.length > LONGEST_TOKEN_WITH_EDGES) return ONLY_EDGE.test(trimmed);
  const token = trimmed.replace(EDGE, '').replace(/\s+/g, ' ').toLowerCase();
  return token === '' || LOW_INFORMATION.has(token);
}

/** The ids of the sections whose whole answer is a low-information token, in the object's order. */
export function lowInformationSections(sections: Record<string, string>): string[] {
  return Object.entries(sections)
    .filter(([, text]) => isLowInformation(text))
    .map(([id]) => id);
}
