import { cleanText } from '../../shared/clean-text';
import { findTemplate, type ReviewTemplate } from '../../shared/templates';
import type { Db } from '../store/open';
import { findReview, insertReview } from '../store/repos/reviews';
import type { SourceForm } from './forms';
import { mapReview } from './map-form';
import { parseImportedReview } from './review-text';
import { splitByForm } from './split-form';

export interface DatasetReview {
  text: string;
  rating?: number | null | undefined;
  confidence?: number | null | undefined;
}

export interface ReviewTally {
  reviewsAdded: number;
  reviewsPresent: number;
  unstructured: number;
  conflicts: Array<{ paperId: string; annotator: string }>;
}

/** How one source's reviews are read: its form (if known) and an optional mapping asked for. */
export interface ReviewReading {
  /** The source's own form; undefined → the generic reading onto conference@1. */
  form: SourceForm | undefined;
  /** Only with --map-to: the template the reviews are mapped onto. */
  mapTo?: ReviewTemplate | undefined;
}

/**
 * The annotator of the n-th review (1-based, in file order) of one paper from one source.
 * reviews is UNIQUE(paper_id, annotator), and a dataset's reviewers are different people,
 * so each gets its own annotator; the index keeps re-imports pointing at the same row.
 */
export function importAnnotator(source: string, n: number): string {
  return `import:${source}#${n}`;
}

interface ReadReview {
  templateId: string;
  sections: Record<string, string>;
  scores: Record<string, number>;
  unstructured: boolean;
  notes: string[];
}

/**
 * One review in its source's own form: text cleaned once (CLEAN_TEXT_RULE), split at the
 * form's headings, scores on the form's scales (a value outside the scale is left out of the
 * scores and named in the notes, never clamped or rescaled). Without a known form, the
 * generic reading onto conference@1 (review-text.ts). Mapped only when asked.
 */
export function readReview(r: DatasetReview, reading: ReviewReading): ReadReview {
  const text = cleanText(r.text);
  const notes: string[] = [];
  let templateId: string;
  let sections: Record<string, string>;
  let unstructured = false;
  let names = { rating: 'Rating', confidence: 'Confidence' };
  if (reading.form) {
    const t = reading.form.template;
    const split = splitByForm(text, reading.form);
    templateId = t.id;
    sections = split.sections;
    names = reading.form.scores;
    if (t.sections.length > 1 && split.found.length === 0) {
      unstructured = true;
      notes.push(`None of ${t.id}'s headings were found: the whole review is kept in the first section.`);
    } else if (t.sections.length > 1 && split.found.length < t.sections.length) {
      const missing = t.sections.filter((s) => !split.found.includes(s.id)).map((s) => s.title);
      notes.push(`Headings not in the source: ${missing.join(', ')}.`);
    }
  } else {
    const parsed = parseImportedReview(text);
    templateId = parsed.templateId;
    sections = parsed.sections;
    notes.push(`Source form not known: read onto ${templateId} by its headings.`);
    if (!parsed.structured) {
      unstructured = true;
      notes.push('No section headings were recognized: the whole review is kept in the first section.');
    } else if (parsed.combinedUnsplit) {
      notes.push('"Strengths and weaknesses" had no weaknesses marker: the whole block is under Strengths.');
    }
  }
  const template = findTemplate(templateId);
  const scores: Record<string, number> = {};
  const score = (name: string, value: number | null | undefined) => {
    if (typeof value !== 'number') return;
    const scale = template?.scores.find((s) => s.name === name);
    if (scale && value >= scale.min && value <= scale.max) scores[name] = value;
    else
      notes.push(
        `${name} ${value} left out: ${scale ? `outside ${templateId}'s ${scale.min}–${scale.max}` : `${templateId} has no ${name}`}.`,
      );
  };
  score(names.rating, r.rating);
  score(names.confidence, r.confidence);
  if (reading.mapTo) {
    const mapped = mapReview({ templateId, sections, scores }, reading.mapTo);
    return { ...mapped, unstructured, notes: [...notes, ...mapped.notes] };
  }
  return { templateId, sections, scores, unstructured, notes };
}

/**
 * Stores a paper's dataset reviews as approved, human-written reviews (no draft). Already
 * stored with the same template, text and scores → counted as present; stored with something
 * else → a conflict, left untouched. Runs inside the caller's transaction.
 */
export function storeDatasetReviews(
  db: Db,
  paperId: string,
  source: string,
  reviews: readonly DatasetReview[],
  tally: ReviewTally,
  origin: string,
  reading: ReviewReading = { form: undefined },
): void {
  reviews.forEach((r, i) => {
    const annotator = importAnnotator(source, i + 1);
    const read = readReview(r, reading);
    const existing = findReview(db, paperId, annotator);
    if (existing) {
      const same =
        existing.templateId === read.templateId &&
        JSON.stringify(existing.sections) === JSON.stringify(read.sections) &&
        JSON.stringify(existing.scores) === JSON.stringify(read.scores);
      if (same) tally.reviewsPresent++;
      else tally.conflicts.push({ paperId, annotator });
      return;
    }
    if (read.unstructured) tally.unstructured++;
    insertReview(db, {
      paperId,
      annotator,
      templateId: read.templateId,
      draftId: null,
      sections: read.sections,
      scores: read.scores,
      notes: [`Imported from ${origin}.`, ...read.notes].join(' '),
      status: 'approved',
      source: `import:${source}`,
    });
    tally.reviewsAdded++;
  });
}
