import type { Db } from '../store/open';
import { findReview, insertReview } from '../store/repos/reviews';
import { parseImportedReview } from './review-text';

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

/**
 * The annotator of the n-th review (1-based, in file order) of one paper from one source.
 * reviews is UNIQUE(paper_id, annotator), and a dataset's reviewers are different people,
 * so each gets its own annotator; the index keeps re-imports pointing at the same row.
 */
export function importAnnotator(source: string, n: number): string {
  return `import:${source}#${n}`;
}

/**
 * Stores a paper's dataset reviews as approved, human-written reviews (no draft). Already
 * stored with the same text and scores → counted as present; stored with something else →
 * a conflict, left untouched. Runs inside the caller's transaction.
 */
export function storeDatasetReviews(
  db: Db,
  paperId: string,
  source: string,
  reviews: readonly DatasetReview[],
  tally: ReviewTally,
  origin: string,
): void {
  reviews.forEach((r, i) => {
    const annotator = importAnnotator(source, i + 1);
    const parsed = parseImportedReview(r.text);
    const scores: Record<string, number> = {};
    if (typeof r.rating === 'number') scores.Rating = r.rating;
    if (typeof r.confidence === 'number') scores.Confidence = r.confidence;
    const existing = findReview(db, paperId, annotator);
    if (existing) {
      const same =
        JSON.stringify(existing.sections) === JSON.stringify(parsed.sections) &&
        JSON.stringify(existing.scores) === JSON.stringify(scores);
      if (same) tally.reviewsPresent++;
      else tally.conflicts.push({ paperId, annotator });
      return;
    }
    const notes = [`Imported from ${origin}.`];
    if (!parsed.structured) {
      tally.unstructured++;
      notes.push('No section headings were recognized: the whole review is kept in the first section.');
    } else if (parsed.combinedUnsplit) {
      notes.push('"Strengths and weaknesses" had no weaknesses marker: the whole block is under Strengths.');
    }
    insertReview(db, {
      paperId,
      annotator,
      templateId: parsed.templateId,
      draftId: null,
      sections: parsed.sections,
      scores,
      notes: notes.join(' '),
      status: 'approved',
      source: `import:${source}`,
    });
    tally.reviewsAdded++;
  });
}
