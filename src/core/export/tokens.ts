/**
 * Token counts for the dataset card. The export runs in a worker thread that cannot load
 * the model, so lengths are approximated as ceil(characters / 4) — a common rule of thumb
 * for English BPE vocabularies — and the card and manifest say so.
 */
export const TOKEN_METHOD = 'approximate: ceil(characters / 4)';

export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface LengthStats {
  records: number;
  min: number;
  median: number;
  p95: number;
  max: number;
  mean: number;
  total: number;
}

/** Collects one number per record (a few bytes each, fine for any realistic export). */
export class LengthCollector {
  private readonly values: number[] = [];

  add(n: number): void {
    this.values.push(n);
  }

  stats(): LengthStats {
    const v = [...this.values].sort((a, b) => a - b);
    const at = (q: number) => (v.length ? v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)]! : 0);
    const total = v.reduce((a, b) => a + b, 0);
    return {
      records: v.length,
      min: v[0] ?? 0,
      median: at(0.5),
      p95: at(0.95),
      max: v.at(-1) ?? 0,
      mean: v.length ? Math.round(total / v.length) : 0,
      total,
    };
  }
}
