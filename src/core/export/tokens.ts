/**
 * Token counts for the dataset card. With a target model they are exact (its tokenizer,
 * loaded vocabulary-only: target.ts); with no model at all they fall back to
 * ceil(characters / 4) — a rule of thumb for English BPE vocabularies — and the card and
 * manifest say which.
 */
export const APPROX_TOKEN_METHOD = 'approximate: ceil(characters / 4) (no model to count with)';

export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface LengthStats {
  records: number;
  min: number;
  median: number;
  p95: number;
  p99: number;
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
      p99: at(0.99),
      max: v.at(-1) ?? 0,
      mean: v.length ? Math.round(total / v.length) : 0,
      total,
    };
  }
}

export interface SplitLengthStats {
  prompt: LengthStats;
  completion: LengthStats;
  total: LengthStats;
}

/** Prompt, completion and whole-sequence lengths of one split. */
export class SplitLengths {
  private readonly prompt = new LengthCollector();
  private readonly completion = new LengthCollector();
  private readonly total = new LengthCollector();

  add(prompt: number, completion: number): void {
    this.prompt.add(prompt);
    this.completion.add(completion);
    this.total.add(prompt + completion);
  }

  stats(): SplitLengthStats {
    return { prompt: this.prompt.stats(), completion: this.completion.stats(), total: this.total.stats() };
  }
}
