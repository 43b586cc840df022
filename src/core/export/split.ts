import { createHash } from 'node:crypto';

export type Split = 'train' | 'validation';

/**
 * Deterministic split by paper: u = the first 48 bits of sha256("<seed>:<paperId>") as a
 * fraction of 2^48, in [0, 1); validation when u < ratio. Every review of a paper lands on
 * the same side, the same seed always gives the same split, and a different seed reshuffles.
 */
export function splitUnit(seed: number, paperId: string): number {
  const digest = createHash('sha256').update(`${seed}:${paperId}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

export function splitOf(seed: number, paperId: string, valRatio: number): Split {
  return splitUnit(seed, paperId) < valRatio ? 'validation' : 'train';
}
