import { describe, expect, it } from 'vitest';
import { GIB, MIB, gpuWeightBytes, kvCacheBytes, maxSequences, planContext, verdict, vramBudget, type ModelShape } from './vram-budget';

// Mistral-7B-Instruct-v0.2 in Q4_K_M and Gemma-7B in Q4_K_M, tensor bytes as llama-quantize writes them.
const MISTRAL_Q4: ModelShape = {
  layers: 32, embd: 4096, heads: 32, kvHeads: 8, headDimK: 128, headDimV: 128, ff: 14336, vocab: 32000,
  weightBytes: 4_368_000_000, tokenEmbdBytes: 73_728_000, outputBytes: 107_520_000, tiedOutput: false,
};
const GEMMA_Q4: ModelShape = {
  layers: 28, embd: 3072, heads: 16, kvHeads: 16, headDimK: 256, headDimV: 256, ff: 24576, vocab: 256000,
  weightBytes: 5_330_000_000, tokenEmbdBytes: 645_120_000, outputBytes: 0, tiedOutput: true,
};
const ctx = { contextSize: 13_312, sequences: 1, kvCacheType: 'f16' as const, flashAttention: true, batchSize: 512 };

describe('vram budget', () => {
  it('counts the KV cache from the shape', () => {
    // 13 312 cells × 32 layers × 8 heads × (128 + 128) × 2 bytes = 1.625 GiB
    expect(kvCacheBytes(MISTRAL_Q4, ctx)).toBe(1.625 * GIB);
    expect(kvCacheBytes(MISTRAL_Q4, { ...ctx, kvCacheType: 'q8_0' })).toBeCloseTo((1.625 * GIB * 34) / 64, 0);
    // Gemma-7B keeps 16 KV heads of 256: 3.5× Mistral's cache per token.
    expect(kvCacheBytes(GEMMA_Q4, ctx)).toBe(13_312 * 28 * 16 * 512 * 2);
    // Sequences multiply the cells; the total is padded to 256.
    expect(kvCacheBytes(MISTRAL_Q4, { ...ctx, contextSize: 1000, sequences: 3 })).toBe(3072 * 32 * 8 * 256 * 2);
  });

  it('keeps token_embd off the GPU unless the output projection is tied to it', () => {
    expect(gpuWeightBytes(MISTRAL_Q4)).toBe(MISTRAL_Q4.weightBytes - MISTRAL_Q4.tokenEmbdBytes);
    expect(gpuWeightBytes(GEMMA_Q4)).toBe(GEMMA_Q4.weightBytes);
    // layers (not layers + 1): the output layer stays on the CPU
    expect(gpuWeightBytes(MISTRAL_Q4, 32)).toBe(MISTRAL_Q4.weightBytes - MISTRAL_Q4.tokenEmbdBytes - MISTRAL_Q4.outputBytes);
    expect(gpuWeightBytes(MISTRAL_Q4, 0)).toBe(0);
    expect(vramBudget(MISTRAL_Q4, ctx, 0).total).toBe(0);
  });

  it('adds the KQ matrix only without flash attention', () => {
    const on = vramBudget(MISTRAL_Q4, ctx);
    const off = vramBudget(MISTRAL_Q4, { ...ctx, flashAttention: false });
    expect(off.compute - on.compute).toBe(1.5 * 512 * 13_312 * 32 * 4);
    expect(on.total).toBe(on.weights + on.kvCache + on.compute + on.overhead);
  });

  it('classifies with a margin of 5% of the card', () => {
    expect(verdict(7 * GIB, 8 * GIB)).toBe('fits');
    expect(verdict(7.8 * GIB, 8 * GIB)).toBe('tight');
    expect(verdict(8.1 * GIB, 8 * GIB)).toBe('wont_fit');
  });

  it('plans f16 where it fits, q8_0 where only that fits, fewer layers last', () => {
    expect(planContext(MISTRAL_Q4, { contextSize: 13_312 }, 23 * GIB, 24 * GIB)).toMatchObject({ kvCacheType: 'f16', verdict: 'fits', gpuLayers: 33 });
    const gemma12 = planContext(GEMMA_Q4, { contextSize: 13_312 }, 11.5 * GIB, 12 * GIB);
    expect(gemma12.kvCacheType).not.toBe('f16');
    expect(gemma12.verdict).not.toBe('wont_fit');
    const tiny = planContext(GEMMA_Q4, { contextSize: 13_312 }, 3 * GIB, 4 * GIB);
    expect(tiny.gpuLayers).toBeLessThan(29);
    expect(tiny.budget.total).toBeLessThanOrEqual(3 * GIB);
  });

  it('picks the parallel sequences that fit, at least one', () => {
    const c = { contextSize: 13_312, kvCacheType: 'f16' as const, flashAttention: true, batchSize: 512 };
    const n80 = maxSequences(MISTRAL_Q4, c, 79 * GIB, 80 * GIB);
    expect(n80).toBeGreaterThanOrEqual(16);
    expect(vramBudget(MISTRAL_Q4, { ...c, sequences: n80 }).total).toBeLessThanOrEqual(79 * GIB - 4 * GIB);
    expect(maxSequences(MISTRAL_Q4, c, 2 * GIB)).toBe(1);
    expect(maxSequences(MISTRAL_Q4, c, 500 * GIB, 500 * GIB, 8)).toBe(8);
    expect(MIB).toBe(1024 * 1024);
  });
});
