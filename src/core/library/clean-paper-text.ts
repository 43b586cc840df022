import { CLEAN_TEXT_RULE, cleanText } from '../../shared/clean-text';
import type { PaperText } from '../../shared/paper';

/** The cleaning rule's id ("clean-text@1"), as recorded after a paper text's extractor version. */
export const CLEAN_TEXT_ID = CLEAN_TEXT_RULE.slice(0, CLEAN_TEXT_RULE.indexOf(':'));

/**
 * "<extractor>+clean-text@1": paper_texts keys a text by extractor version, so the version
 * says both what extracted the text and which rule cleaned it.
 */
export function cleanedVersion(extractorVersion: string): string {
  const suffix = `+${CLEAN_TEXT_ID}`;
  return extractorVersion.endsWith(suffix) ? extractorVersion : extractorVersion + suffix;
}

/**
 * A paper text with CLEAN_TEXT_RULE applied to every heading (one line), section text,
 * caption and hidden passage; a section left with neither heading nor text is dropped, and
 * so is an empty caption. Pages and kinds are kept.
 */
export function cleanPaperText(text: PaperText): PaperText {
  return {
    extractorVersion: cleanedVersion(text.extractorVersion),
    sections: text.sections
      .map((s) => ({ ...s, heading: cleanText(s.heading, { singleLine: true }), text: cleanText(s.text) }))
      .filter((s) => s.heading || s.text),
    captions: text.captions.map((c) => cleanText(c)).filter(Boolean),
    ...(text.footnotes ? { footnotes: text.footnotes.map((f) => cleanText(f)).filter(Boolean) } : {}),
    warnings: text.warnings.map((w) =>
      w.passages ? { ...w, passages: w.passages.map((p) => ({ ...p, text: cleanText(p.text) })) } : w,
    ),
  };
}
