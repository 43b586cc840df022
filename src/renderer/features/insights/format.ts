import type { MeasureName } from '../../../shared/contract/insights';

/**
 * How each kind of number is shown. Tables show these strings; CSV files keep the raw
 * values (a script should not have to parse "33.3%").
 */
export type Kind = 'int' | 'share' | 'distance' | 'rate' | 'number' | 'minutes' | 'ms' | 'speed';

const cache = new Map<string, Intl.NumberFormat>();
function nf(lng: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = lng + JSON.stringify(opts);
  let f = cache.get(k);
  if (!f) cache.set(k, (f = new Intl.NumberFormat(lng, opts)));
  return f;
}

const fixed = (d: number): Intl.NumberFormatOptions => ({
  minimumFractionDigits: d,
  maximumFractionDigits: d,
});

export function formatValue(kind: Kind, v: number | null, lng: string, signed = false): string {
  if (v === null) return '–';
  const sign: Intl.NumberFormatOptions = signed ? { signDisplay: 'exceptZero' } : {};
  switch (kind) {
    case 'int':
      return nf(lng, { maximumFractionDigits: 0, ...sign }).format(v);
    case 'share':
      // A change in a share reads as percentage points, not as a percent of a percent.
      return signed
        ? `${nf(lng, { ...fixed(1), ...sign }).format(v * 100)} pp`
        : nf(lng, { style: 'percent', ...fixed(1) }).format(v);
    case 'distance':
      return nf(lng, { ...fixed(3), ...sign }).format(v);
    case 'rate':
    case 'speed':
      return nf(lng, { ...fixed(1), ...sign }).format(v);
    case 'number':
      return nf(lng, { ...fixed(2), ...sign }).format(v);
    case 'minutes':
      return `${nf(lng, { ...fixed(1), ...sign }).format(v / 60_000)} min`;
    case 'ms':
      return `${nf(lng, { maximumFractionDigits: 0, ...sign }).format(v)} ms`;
  }
}

export function formatRelative(v: number | null, lng: string): string {
  return v === null ? '–' : nf(lng, { style: 'percent', ...fixed(1), signDisplay: 'exceptZero' }).format(v);
}

export const MEASURE_KIND: Record<MeasureName, Kind> = {
  drafts: 'int',
  papersDrafted: 'int',
  approved: 'int',
  approvedUnchanged: 'int',
  unchangedShare: 'share',
  skipped: 'int',
  editDistanceMedian: 'distance',
  editDistanceMean: 'distance',
  pointRecall: 'share',
  pointPrecision: 'share',
  labelsPer100: 'rate',
  labelPer100: 'rate',
  scoreMeanAbsDiff: 'number',
  timeOnTaskMedianMs: 'minutes',
  timeOnTaskMeanMs: 'minutes',
  tokensPerSecondMedian: 'speed',
  ttftMedianMs: 'ms',
  sectionEditDistanceMedian: 'distance',
};

/** RFC 4180 CSV with a BOM, so spreadsheet apps read non-ASCII names correctly. */
export function toCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>,
): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** A palette readable on light and dark backgrounds (and in a PNG with either). */
export const COLORS = [
  '#2f5fd0',
  '#d9822b',
  '#2e9e6b',
  '#c23b5a',
  '#8a63d2',
  '#7a8799',
  '#b59a1b',
  '#1f9bb5',
];
