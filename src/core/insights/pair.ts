import { wordDistance, words } from '../../shared/text-metrics';
import type { ReviewTemplate } from '../../shared/templates';
import type { Db } from '../store/open';
import { matchPoints, splitPoints } from './points';
import type { DraftRow, ReviewRow } from './rows';

/**
 * What one (draft, approved review) pair contributes, computed once and then summed into
 * every group it belongs to. Distances are kept as integer fractions (word edits / longer
 * length) so histogram bins are exact, not at the mercy of floating point.
 */
export interface Fraction {
  edits: number;
  longer: number;
}

export interface SectionMeasure {
  templateId: string;
  sectionId: string;
  /** Null when draft and review both left the section empty: nothing to rewrite. */
  distance: Fraction | null;
  draftPoints: number;
  correctedPoints: number;
  matched: number;
}

export interface PairMeasure {
  templateId: string;
  distance: Fraction;
  sections: SectionMeasure[];
}

export function fraction(a: string, b: string): Fraction {
  const wa = words(a);
  const wb = words(b);
  return { edits: wordDistance(wa, wb), longer: Math.max(wa.length, wb.length) };
}

export function fractionValue(f: Fraction): number {
  return f.longer === 0 ? 0 : f.edits / f.longer;
}

/**
 * The sections a pair is compared over: the template's, in order, then any other keys
 * either side has (sorted), so text outside the template is not ignored.
 */
export function sectionIds(template: ReviewTemplate | undefined, a: object, b: object): string[] {
  const ids = template ? template.sections.map((s) => s.id) : [];
  const extra = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !ids.includes(k)).sort();
  return [...ids, ...extra];
}

export function measurePair(
  draft: DraftRow,
  review: ReviewRow,
  template: ReviewTemplate | undefined,
): PairMeasure {
  const templateId = draft.templateId ?? review.templateId;
  const ids = sectionIds(template, draft.sections, review.sections);
  const join = (s: Record<string, string>) => ids.map((id) => s[id] ?? '').join('\n');
  // A draft the parser could not split into sections is still compared, by its raw text.
  const draftText = Object.keys(draft.sections).length > 0 ? join(draft.sections) : draft.text;
  const sections = ids.map((sectionId): SectionMeasure => {
    const d = draft.sections[sectionId] ?? '';
    const r = review.sections[sectionId] ?? '';
    const m = matchPoints(splitPoints(d), splitPoints(r));
    return {
      templateId,
      sectionId,
      distance: d.trim() === '' && r.trim() === '' ? null : fraction(d, r),
      draftPoints: m.draftPoints,
      correctedPoints: m.correctedPoints,
      matched: m.matched,
    };
  });
  return { templateId, distance: fraction(draftText, join(review.sections)), sections };
}

/**
 * Measuring is the expensive part (word Levenshtein and point matching per section), and a
 * page changes filters often while reviews rarely change: measurements are kept per library
 * and reused while the draft and review texts (compared as stored JSON) and the template are
 * the same. Entries for pairs not seen in the latest call are dropped.
 */
interface Cached {
  draftJson: string;
  draftText: string;
  reviewJson: string;
  templateId: string | undefined;
  measure: PairMeasure;
}
const measured = new WeakMap<Db, Map<string, Cached>>();

export function measurePairs(
  db: Db,
  list: ReadonlyArray<{ draft: DraftRow; review: ReviewRow; template: ReviewTemplate | undefined }>,
): Map<string, PairMeasure> {
  const old = measured.get(db) ?? new Map<string, Cached>();
  const next = new Map<string, Cached>();
  const out = new Map<string, PairMeasure>();
  for (const { draft, review, template } of list) {
    const key = `${review.id}\u0000${draft.id}`;
    let c = old.get(key);
    if (
      !c ||
      c.draftJson !== draft.sectionsJson ||
      c.draftText !== draft.text ||
      c.reviewJson !== review.sectionsJson ||
      c.templateId !== template?.id
    ) {
      c = {
        draftJson: draft.sectionsJson,
        draftText: draft.text,
        reviewJson: review.sectionsJson,
        templateId: template?.id,
        measure: measurePair(draft, review, template),
      };
    }
    next.set(key, c);
    out.set(review.id, c.measure);
  }
  measured.set(db, next);
  return out;
}
