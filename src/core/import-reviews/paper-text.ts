import { createHash } from 'node:crypto';
import { cleanText } from '../../shared/clean-text';
import type { PaperSection, PaperText, SectionKind } from '../../shared/paper';
import { isTitleHeading } from '../../shared/title';
import { cleanedVersion } from '../library/clean-paper-text';

/** One paper of a JSON Lines review dataset (the bulk set's shape; extra fields ignored). */
export interface DatasetPaper {
  paper_id: string;
  title: string;
  abstract?: string | null | undefined;
  venue?: string | null | undefined;
  sections: Array<{ heading: string; text: string }>;
  captions?: string[] | undefined;
}

/** v2: cleaned by CLEAN_TEXT_RULE, and the title/author lines before the Abstract are front matter. */
export const EXTRACTOR_VERSION = cleanedVersion('dataset-jsonl@2');

/**
 * A text-only paper's id: sha256 of a stable serialization of the dataset's text as given
 * (title, abstract, sections in order, captions) — the same role the PDF's bytes play for
 * other papers, so the same text imported twice, from any file, is the same paper. Taken
 * before cleaning, as a PDF's id is, so a later cleaning rule never changes a paper's id.
 */
export function textOnlyPaperId(p: DatasetPaper): string {
  const stable = JSON.stringify([
    p.title,
    p.abstract ?? '',
    p.sections.map((s) => [s.heading, s.text]),
    p.captions ?? [],
  ]);
  return createHash('sha256').update(stable).digest('hex');
}

const REFERENCES = /^\s*(?:\d+\.?\s*)?(references|bibliography|literature cited|works cited)\s*$/i;
const APPENDIX = /^\s*(?:appendix|appendices|supplementary material|supplemental material)\b/i;
const ABSTRACT = /^\s*abstract\s*$/i;
const MAX_FRONT = 16;
const MAX_FRONT_TEXT = 4000;

/**
 * The dataset paper with CLEAN_TEXT_RULE applied once: title and headings as one line,
 * abstract, section texts and captions as text; empty captions dropped. A title that cleans
 * to nothing falls back to the dataset's id (the paper needs a name).
 */
export function cleanDatasetPaper(p: DatasetPaper): DatasetPaper {
  return {
    paper_id: p.paper_id,
    venue: p.venue == null ? p.venue : cleanText(p.venue, { singleLine: true }),
    title: cleanText(p.title, { singleLine: true }) || p.paper_id,
    abstract: cleanText(p.abstract ?? ''),
    sections: p.sections.map((s) => ({
      heading: cleanText(s.heading, { singleLine: true }),
      text: cleanText(s.text),
    })),
    captions: (p.captions ?? []).map((c) => cleanText(c)).filter(Boolean),
  };
}

/**
 * The stored text of a cleaned dataset paper (cleanDatasetPaper). Section kinds, so fitting
 * can drop references and then appendices:
 * - the record's abstract field is the abstract (a section headed "Abstract" is then dropped
 *   as a second copy of it);
 * - "References" / "Bibliography" → references;
 * - "Appendix ..." → appendix, and every section after the references is appendix too (that
 *   is where "A Proofs", "B Additional results" and the NeurIPS checklist sit) — lettered
 *   headings are not trusted before the references because titles start with "A ...";
 * - everything else → body. Pages are [0, 0]: there is no PDF.
 * Front matter is not a section: the parser turns the title and each author line into a
 * "section" (headed "Jane Doe", text her affiliation) before the Abstract. Everything before
 * the first section headed "Abstract" — or, without one, a first section headed with the
 * title — becomes one section with an empty heading, so no author reads as a `##` heading;
 * its text keeps every line, less a heading that is just the title (already the [TITLE]).
 * Sections left with neither heading nor text are dropped.
 */
export function datasetPaperText(p: DatasetPaper): { text: PaperText; fullText: string } {
  const sections: PaperSection[] = [];
  const abstract = (p.abstract ?? '').trim();
  if (abstract) sections.push({ heading: 'Abstract', kind: 'abstract', text: abstract, pages: [0, 0] });
  const abstractAt = p.sections.findIndex((s) => ABSTRACT.test(s.heading));
  // Title and author blocks are short and few (the bulk set: at most 11, under 2,400 characters
  // each); longer or more "sections" before an Abstract heading are a body, left as it is.
  const frontMatter =
    abstractAt > 0 &&
    abstractAt <= MAX_FRONT &&
    p.sections.slice(0, abstractAt).every((s) => s.text.length <= MAX_FRONT_TEXT);
  const frontEnd = frontMatter ? abstractAt : isTitleHeading(p.sections[0]?.heading ?? '', p.title) ? 1 : 0;
  const front = p.sections
    .slice(0, frontEnd)
    .flatMap((s) => [isTitleHeading(s.heading, p.title) ? '' : s.heading, s.text])
    .filter(Boolean)
    .join('\n');
  if (front) sections.push({ heading: '', kind: 'body', text: front, pages: [0, 0] });
  let afterReferences = false;
  let inAppendix = false;
  for (const s of p.sections.slice(frontEnd)) {
    if (abstract && ABSTRACT.test(s.heading)) continue;
    if (!s.heading && !s.text) continue;
    let kind: SectionKind = 'body';
    if (REFERENCES.test(s.heading)) {
      kind = 'references';
      afterReferences = true;
    } else if (afterReferences || inAppendix || APPENDIX.test(s.heading)) {
      kind = 'appendix';
      inAppendix = true;
    } else if (!abstract && ABSTRACT.test(s.heading)) {
      kind = 'abstract';
    }
    sections.push({ heading: s.heading, kind, text: s.text, pages: [0, 0] });
  }
  const text: PaperText = {
    extractorVersion: EXTRACTOR_VERSION,
    sections,
    captions: p.captions ?? [],
    warnings: [{ code: 'no_pdf', message: 'Text-only paper brought in from a dataset: there is no PDF.' }],
  };
  const fullText = [
    p.title,
    ...sections.map((s) => (s.heading ? `${s.heading}\n${s.text}` : s.text)),
    ...text.captions,
  ].join('\n\n');
  return { text, fullText };
}
