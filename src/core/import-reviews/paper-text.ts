import { createHash } from 'node:crypto';
import type { PaperSection, PaperText, SectionKind } from '../../shared/paper';

/** One paper of a JSON Lines review dataset (the bulk set's shape; extra fields ignored). */
export interface DatasetPaper {
  paper_id: string;
  title: string;
  abstract?: string | null | undefined;
  venue?: string | null | undefined;
  sections: Array<{ heading: string; text: string }>;
  captions?: string[] | undefined;
}

export const EXTRACTOR_VERSION = 'dataset-jsonl@1';

/**
 * A text-only paper's id: sha256 of a stable serialization of the text the model will read
 * (title, abstract, sections in order, captions) — the same role the PDF's bytes play for
 * other papers, so the same text imported twice, from any file, is the same paper.
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

/**
 * Section kinds, so fitting can drop references and then appendices:
 * - the record's abstract field is the abstract (a section headed "Abstract" is then dropped
 *   as a second copy of it);
 * - "References" / "Bibliography" → references;
 * - "Appendix ..." → appendix, and every section after the references is appendix too (that
 *   is where "A Proofs", "B Additional results" and the NeurIPS checklist sit) — lettered
 *   headings are not trusted before the references because titles start with "A ...";
 * - everything else → body. Pages are [0, 0]: there is no PDF.
 */
export function datasetPaperText(p: DatasetPaper): { text: PaperText; fullText: string } {
  const sections: PaperSection[] = [];
  const abstract = (p.abstract ?? '').trim();
  if (abstract) sections.push({ heading: 'Abstract', kind: 'abstract', text: abstract, pages: [0, 0] });
  let afterReferences = false;
  let inAppendix = false;
  for (const s of p.sections) {
    if (abstract && ABSTRACT.test(s.heading)) continue;
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
  const fullText = [p.title, ...sections.map((s) => `${s.heading}\n${s.text}`), ...text.captions].join(
    '\n\n',
  );
  return { text, fullText };
}
