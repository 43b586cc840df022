import { z } from 'zod';
import type { Db } from '../store/open';
import { getPaper, insertPaper, savePaperText } from '../store/repos/papers';
import { identifyForm } from './forms';
import { cleanDatasetPaper, datasetPaperText, textOnlyPaperId } from './paper-text';
import { storeDatasetReviews, type ReviewReading, type ReviewTally } from './store-reviews';

/** One line of a JSON Lines review dataset (the bulk set's shape); unknown fields ignored. */
export const DatasetLine = z.object({
  paper_id: z.string().min(1),
  title: z.string().min(1),
  abstract: z.string().nullish(),
  venue: z.string().nullish(),
  sections: z.array(z.object({ heading: z.string(), text: z.string() })),
  captions: z.array(z.string()).optional(),
  reviews: z.array(
    z.object({ text: z.string(), rating: z.number().nullish(), confidence: z.number().nullish() }),
  ),
});
export type DatasetLine = z.infer<typeof DatasetLine>;

export interface PaperTally extends ReviewTally {
  papersAdded: number;
  papersPresent: number;
}

/**
 * A dataset paper becomes a text-only paper (no PDF; id from its text as given, external_id
 * the dataset's id, the venue as a tag), its text cleaned once (CLEAN_TEXT_RULE), marked
 * approved since it arrives with finished human reviews; then its reviews are stored in the
 * form its venue names (reading.form, when the import names one, wins). Call inside a
 * transaction.
 */
export function storeDatasetPaper(
  db: Db,
  p: DatasetLine,
  source: string,
  origin: string,
  tally: PaperTally,
  reading: ReviewReading = { form: undefined },
): void {
  const id = textOnlyPaperId(p);
  const clean = cleanDatasetPaper(p);
  if (getPaper(db, id)) {
    tally.papersPresent++;
  } else {
    const { text, fullText } = datasetPaperText(clean);
    insertPaper(db, {
      id,
      title: clean.title,
      abstract: clean.abstract || null,
      hasPdf: false,
      source: `import:${source}`,
      externalId: p.paper_id,
      status: p.reviews.length > 0 ? 'approved' : 'new',
      tags: clean.venue ? [clean.venue] : [],
    });
    savePaperText(db, id, text, fullText);
    tally.papersAdded++;
  }
  const form = reading.form ?? identifyForm(p.venue, source);
  storeDatasetReviews(db, id, source, p.reviews, tally, origin, { ...reading, form });
}
