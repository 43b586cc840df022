import type { DraftRow, ReviewRow } from './rows';

/**
 * How drafts fall into groups. Model, adapter set and round are properties of a draft (its
 * reviews follow it); the annotator is a property of a review, so an annotator's group holds
 * only the drafts that annotator reviewed.
 */
export type DraftDimension = 'model' | 'adapter' | 'round';

export interface GroupKey {
  key: string | null;
  label: string;
}

export function draftKey(d: DraftRow, by: DraftDimension): GroupKey {
  switch (by) {
    case 'model': {
      // A deleted model leaves its sha256 on the draft; still one group per model file.
      const key = d.modelId ?? (d.modelSha256 ? `sha256:${d.modelSha256}` : null);
      return { key, label: d.modelFile ?? d.modelSha256?.slice(0, 12) ?? '' };
    }
    case 'adapter': {
      if (d.adapters.length === 0) return { key: null, label: '' };
      const parts = d.adapters.map((a) => {
        const name = a.path ? baseName(a.path) : (a.sha256 ?? '?');
        return {
          id: `${a.sha256 ?? a.path ?? '?'}@${a.scale ?? 1}`,
          label: a.scale !== undefined && a.scale !== 1 ? `${name} ×${a.scale}` : name,
        };
      });
      parts.sort((a, b) => a.id.localeCompare(b.id));
      return { key: parts.map((p) => p.id).join('+'), label: parts.map((p) => p.label).join(' + ') };
    }
    case 'round':
      return { key: d.round, label: d.round ?? '' };
  }
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

export interface Bucket {
  key: string | null;
  label: string;
  drafts: DraftRow[];
  reviews: ReviewRow[];
}

export function groupByDraft(
  drafts: readonly DraftRow[],
  reviews: readonly ReviewRow[],
  by: DraftDimension,
): Bucket[] {
  const buckets = new Map<string | null, Bucket>();
  const ofDraft = new Map<string, Bucket>();
  for (const d of drafts) {
    const { key, label } = draftKey(d, by);
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { key, label, drafts: [], reviews: [] }));
    b.drafts.push(d);
    ofDraft.set(d.id, b);
  }
  for (const r of reviews) ofDraft.get(r.draftId)?.reviews.push(r);
  return sortBuckets([...buckets.values()]);
}

export function groupByAnnotator(drafts: readonly DraftRow[], reviews: readonly ReviewRow[]): Bucket[] {
  const byId = new Map(drafts.map((d) => [d.id, d]));
  const buckets = new Map<string, Bucket>();
  const seen = new Set<string>(); // annotator + draft id, so a draft counts once per annotator
  for (const r of reviews) {
    let b = buckets.get(r.annotator);
    if (!b) buckets.set(r.annotator, (b = { key: r.annotator, label: r.annotator, drafts: [], reviews: [] }));
    b.reviews.push(r);
    const d = byId.get(r.draftId);
    const k = `${r.annotator}\u0000${r.draftId}`;
    if (d && !seen.has(k)) {
      seen.add(k);
      b.drafts.push(d);
    }
  }
  return sortBuckets([...buckets.values()]);
}

/** Natural order ("round 2" before "round 10"); the "none" group last. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}

function sortBuckets(list: Bucket[]): Bucket[] {
  return list.sort((a, b) => {
    if (a.key === null || b.key === null) return a.key === null ? (b.key === null ? 0 : 1) : -1;
    return naturalCompare(a.label || a.key, b.label || b.key);
  });
}
