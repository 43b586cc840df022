import { describe, expect, it } from 'vitest';
import {
  normalizedCharEditDistance,
  normalizedEditDistance,
  sequenceDistance,
  wordDistance,
  words,
} from './text-metrics';

describe('text metrics', () => {
  it('splits words on whitespace only', () => {
    expect(words('  The model,\n\tis  good. ')).toEqual(['The', 'model,', 'is', 'good.']);
    expect(words('')).toEqual([]);
  });

  it('word-level distance counts inserted, deleted and substituted words', () => {
    expect(wordDistance(words('a b c'), words('a x c'))).toBe(1);
    expect(wordDistance(words('a b c'), words('a c'))).toBe(1);
    expect(wordDistance(words('a b c'), words('a b c d e'))).toBe(2);
    expect(wordDistance([], words('a b'))).toBe(2);
  });

  it('normalizes by the longer text and treats whitespace as irrelevant', () => {
    expect(normalizedEditDistance('a b c d', 'a b x d')).toBe(0.25);
    expect(normalizedEditDistance('a  b\n\nc', 'a b c')).toBe(0);
    expect(normalizedEditDistance('', '')).toBe(0);
    expect(normalizedEditDistance('', 'a')).toBe(1);
    expect(normalizedEditDistance('Good paper', 'good paper')).toBe(0.5);
  });

  it('agrees with the plain dynamic programme on random texts', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const vocab = ['the', 'model', 'is', 'novel', 'weak', 'claims', 'data', 'a', 'b'];
    for (let t = 0; t < 50; t++) {
      const mk = () =>
        Array.from({ length: Math.floor(rnd() * 80) }, () => vocab[Math.floor(rnd() * vocab.length)]!);
      const a = mk();
      const b = mk();
      const ids = new Map<string, number>();
      const enc = (ws: string[]) => ws.map((w) => ids.get(w) ?? (ids.set(w, ids.size), ids.size - 1));
      expect(wordDistance(a, b)).toBe(sequenceDistance(enc(a), enc(b)));
    }
  });

  it('character level uses the same normalization', () => {
    expect(normalizedCharEditDistance('kitten', 'sitting')).toBeCloseTo(3 / 7, 12);
    expect(normalizedCharEditDistance('', '')).toBe(0);
  });
});
