import { createHash } from 'node:crypto';
import type { ExcludedCounts, ExportCheck, ExportRequest } from '../../shared/contract/dataset';

/**
 * The checks run on each record before it is written. A record failing a check is left
 * out and counted under the first check it fails, unless the request keeps that check's
 * records (then it is written and counted as kept). Order: empty, duplicate, unchanged,
 * trimmed.
 *   empty      every section of the review is blank;
 *   duplicate  the same review text (compared word by word, whitespace ignored) as a record
 *              already written in this export;
 *   unchanged  dpo only: draft → review normalized edit distance below the threshold;
 *   trimmed    the paper text in the user turn was cut to fit the context.
 * dpo also needs a draft; a review without one is always left out (noDraft).
 */
export interface RecordFacts {
  empty: boolean;
  reviewText: string;
  editDistance: number | null;
  trimmed: boolean;
}

export function zeroCounts(): ExcludedCounts {
  return { empty: 0, duplicate: 0, unchanged: 0, trimmed: 0, noDraft: 0 };
}

export class Checks {
  readonly excluded = zeroCounts();
  readonly kept = zeroCounts();
  private readonly seen = new Set<string>();
  private readonly keep: Set<ExportCheck | 'all'>;

  constructor(private readonly req: Pick<ExportRequest, 'format' | 'threshold' | 'include'>) {
    this.keep = new Set(req.include);
  }

  private keeps(c: ExportCheck): boolean {
    return this.keep.has('all') || this.keep.has(c);
  }

  /** true: write the record (and remember its text for the duplicate check). */
  admit(f: RecordFacts): boolean {
    if (this.req.format === 'dpo' && f.editDistance === null) {
      this.excluded.noDraft++;
      return false;
    }
    // words(t).join(' ') without the array: \s is exactly what \S+ leaves out, and trim()
    // strips that same set, so the key is the same for every text (checks.test.ts).
    const key = createHash('sha256').update(wordKey(f.reviewText)).digest('base64');
    const failed: ExportCheck[] = [];
    if (f.empty) failed.push('empty');
    if (this.seen.has(key)) failed.push('duplicate');
    if (this.req.format === 'dpo' && (f.editDistance ?? 0) < this.req.threshold) failed.push('unchanged');
    if (f.trimmed) failed.push('trimmed');
    const blocking = failed.find((c) => !this.keeps(c));
    if (blocking) {
      this.excluded[blocking]++;
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
