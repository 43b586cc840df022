import { roundMetric } from '../../shared/text-metrics';
import { HISTOGRAM_BINS, type EditDistanceStats, type PointOverlap } from '../../shared/contract/insights';
import { fractionValue, type Fraction } from './pair';

/**
 * Small, exact statistics. Values stay unrounded while measures are combined (a relative
 * change from rounded inputs would drift); roundDeep rounds the finished result once.
 */

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

/** Every number in a JSON-like value rounded to 6 decimals (integers are left as they are). */
export function roundDeep<T>(value: T): T {
  if (typeof value === 'number') return roundMetric(value) as T;
  if (Array.isArray(value)) return value.map(roundDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)])) as T;
  }
  return value;
}

/** Bin i holds [i/10, (i+1)/10); 1.0 goes in the last bin. Integer arithmetic keeps edges exact. */
export function binOf(f: Fraction): number {
  if (f.longer === 0) return 0;
  return Math.min(HISTOGRAM_BINS - 1, Math.floor((f.edits * HISTOGRAM_BINS) / f.longer));
}

export function distanceStats(fractions: readonly Fraction[]): EditDistanceStats {
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const f of fractions) histogram[binOf(f)]!++;
  const values = fractions.map(fractionValue);
  return { n: values.length, median: median(values), mean: mean(values), histogram };
}

export function pointOverlap(
  parts: ReadonlyArray<{ draftPoints: number; correctedPoints: number; matched: number }>,
): PointOverlap {
  let draftPoints = 0;
  let correctedPoints = 0;
  let matched = 0;
  for (const p of parts) {
    draftPoints += p.draftPoints;
    correctedPoints += p.correctedPoints;
    matched += p.matched;
  }
  return {
    draftPoints,
    correctedPoints,
    matched,
    recall: ratio(matched, correctedPoints),
    precision: ratio(matched, draftPoints),
  };
}
