import { createHash } from 'node:crypto';
import type { ExcludedCounts, ExportCheck, ExportRequest } from '../../shared/contract/dataset';

/**
 * The checks run on each record before it is written. A record failing a check is left
 * out, counted under the first check it fails and listed with its reason (the manifest's
 * `excluded`), unless the request keeps that check's records (then it is written and
 * counted as kept). Order: empty, duplicate, unchanged.
 *   empty      every section of the review is blank;
 *   duplicate  the same review text (compared word by word, whitespace ignored) as a record
 *              already written in this export;
 *   unchanged  dpo only: draft → review normalized edit distance below the threshold.
 * Always left out: dpo without a draft (noDraft), a paper that does not fit the target's
 * context even trimmed (doesNotFit). Left out on request: low-information answers.
 */
export interface RecordFacts {
  empty: boolean;
  reviewText: string;
  editDistance: number | null;
  lowInformation: boolean;
}

export interface Exclusion {
  review_id: string;
  paper_id: string;
  reason: string;
}

/** The manifest lists every exclusion; past this many it keeps counting but stops listing. */
export const MAX_LISTED_EXCLUSIONS = 100_000;

export function zeroCounts(): ExcludedCounts {
  return { empty: 0, duplicate: 0, unchanged: 0, noDraft: 0, doesNotFit: 0, lowInformation: 0 };
}

const REASONS: Record<keyof ExcludedCounts, string> = {
  empty: 'empty: every section of the review is blank',
  duplicate: 'duplicate: the same review text is already in this export',
  unchanged: 'unchanged: the review barely differs from its draft (edit distance below the dpo threshold)',
  noDraft: 'no draft: a dpo pair needs the model draft as its rejected side',
  doesNotFit: 'does not fit',
  lowInformation: 'low information: an answer is only "yes", "N/A" or the like (excluded on request)',
};

export class Checks {
  readonly excluded = zeroCounts();
  readonly kept = zeroCounts();
  readonly list: Exclusion[] = [];
  private readonly seen = new Set<string>();
  private readonly keep: Set<ExportCheck | 'all'>;

  constructor(private readonly req: Pick<ExportRequest, 'format' | 'threshold' | 'include' | 'exclude'>) {
    this.keep = new Set(req.include);
  }

  private keeps(c: ExportCheck): boolean {
    return this.keep.has('all') || this.keep.has(c);
  }

  /** Counts and lists one record left out; `detail` adds to the reason (e.g. the token numbers). */
  exclude(row: { review_id: string; paper_id: string }, why: keyof ExcludedCounts, detail?: string): void {
    this.excluded[why]++;
    if (this.list.length < MAX_LISTED_EXCLUSIONS) {
      this.list.push({
        review_id: row.review_id,
        paper_id: row.paper_id,
        reason: detail ? `${REASONS[why]}: ${detail}` : REASONS[why],
      });
    }
  }

  /** true: write the record (and remember its text for the duplicate check). */
  admit(row: { review_id: string; paper_id: string }, f: RecordFacts): boolean {
    if (this.req.format === 'dpo' && f.editDistance === null) {
      this.exclude(row, 'noDraft');
      return false;
    }
    if (f.lowInformation && this.req.exclude.includes('low_information')) {
      this.exclude(row, 'lowInformation');
      return false;
    }
    // words(t).join(' ') without the array: \s is exactly what \S+ leaves out, and trim()
    // strips that same set, so the key is the same for every text (checks.test.ts).
    const key = createHash('sha256').update(wordKey(f.reviewText)).digest('base64');
    const failed: ExportCheck[] = [];
    if (f.empty) failed.push('empty');
    if (this.seen.has(key)) failed.push('duplicate');
    if (this.req.format === 'dpo' && (f.editDistance ?? 0) < this.req.threshold) failed.push('unchanged');
    const blocking = failed.find((c) => !this.keeps(c));
    if (blocking) {
      this.exclude(row, blocking);
      return false;
    }
    for (const c of failed) this.kept[c]++;
    this.seen.add(key);
    return true;
  }
}

/** The review's words joined by single spaces (= words(text).join(' ')), for duplicates. */
export function wordKey(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
