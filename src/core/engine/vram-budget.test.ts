import { describe, expect, it } from 'vitest';
import {
  GIB,
  MIB,
  gpuWeightBytes,
  kvCacheBytes,
  maxSequences,
  planContext,
  shapeFromGguf,
  verdict,
  vramBudget,
  type KvType,
  type ModelShape,
} from './vram-budget';
import { REFERENCE_SHAPES } from '../../../test/support/reference-shapes';

// The reference shapes (Mistral-7B and Gemma-7B in Q4_K_M) with their weights rounded, so the
// arithmetic below can be checked by hand.
const MISTRAL_Q4: ModelShape = { ...REFERENCE_SHAPES['Mistral-7B Q4_K_M'], weightBytes: 4_368_000_000 };
const GEMMA_Q4: ModelShape = { ...REFERENCE_SHAPES['Gemma-7B Q4_K_M'], weightBytes: 5_330_000_000 };
const ctx = {
  contextSize: 13_312,
  sequences: 1,
  kvCacheType: 'f16' as const,
  flashAttention: true,
  batchSize: 512,
};

describe('vram budget', () => {
  it('counts the KV cache from the shape', () => {
    // 13 312 cells × 32 layers × 8 heads × (128 + 128) × 2 bytes = 1.625 GiB
    expect(kvCacheBytes(MISTRAL_Q4, ctx)).toBe(1.625 * GIB);
    expect(kvCacheBytes(MISTRAL_Q4, { ...ctx, kvCacheType: 'q8_0' })).toBeCloseTo((1.625 * GIB * 34) / 64, 0);
    // Gemma-7B keeps 16 KV heads of 256: 3.5× Mistral's cache per token.
    expect(kvCacheBytes(GEMMA_Q4, ctx)).toBe(13_312 * 28 * 16 * 512 * 2);
    // Sequences multiply the cells; the total is padded to 256.
    expect(kvCacheBytes(MISTRAL_Q4, { ...ctx, contextSize: 1000, sequences: 3 })).toBe(
      3072 * 32 * 8 * 256 * 2,
    );
  });

  it('keeps token_embd off the GPU unless the output projection is tied to it', () => {
    expect(gpuWeightBytes(MISTRAL_Q4)).toBe(MISTRAL_Q4.weightBytes - MISTRAL_Q4.tokenEmbdBytes);
    expect(gpuWeightBytes(GEMMA_Q4)).toBe(GEMMA_Q4.weightBytes);
    // layers (not layers + 1): the output layer stays on the CPU
    expect(gpuWeightBytes(MISTRAL_Q4, 32)).toBe(
      MISTRAL_Q4.weightBytes - MISTRAL_Q4.tokenEmbdBytes - MISTRAL_Q4.outputBytes,
    );
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
    expect(planContext(MISTRAL_Q4, { contextSize: 13_312 }, 23 * GIB, 24 * GIB)).toMatchObject({
      kvCacheType: 'f16',
      verdict: 'fits',
      gpuLayers: 33,
    });
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

// Peaks nvidia-smi measured while the engine worker drafted 12K-token prompts on an H200
// (bench/results/gpu-H200-2026-11-28.md), with the shapes of the files drafted from.
const MEASURED_MISTRAL_Q4 = REFERENCE_SHAPES['Mistral-7B Q4_K_M'];
const MEASURED_MISTRAL_F16 = REFERENCE_SHAPES['Mistral-7B F16'];
const MEASURED_GEMMA_Q4 = REFERENCE_SHAPES['Gemma-7B Q4_K_M'];
const PEAKS: Array<[ModelShape, { kv: KvType; fa: boolean; batch: number; seqs: number }, number]> = [
  [MEASURED_MISTRAL_Q4, { kv: 'f16', fa: true, batch: 512, seqs: 1 }, 6.34],
  [MEASURED_MISTRAL_Q4, { kv: 'f16', fa: false, batch: 512, seqs: 1 }, 7.55],
  [MEASURED_MISTRAL_Q4, { kv: 'q8_0', fa: true, batch: 512, seqs: 1 }, 5.58],
  [MEASURED_MISTRAL_Q4, { kv: 'f16', fa: true, batch: 2048, seqs: 1 }, 6.72],
  [MEASURED_MISTRAL_Q4, { kv: 'f16', fa: true, batch: 512, seqs: 16 }, 30.72],
  [MEASURED_MISTRAL_Q4, { kv: 'q8_0', fa: true, batch: 512, seqs: 16 }, 19.27],
  [MEASURED_MISTRAL_F16, { kv: 'f16', fa: true, batch: 512, seqs: 1 }, 15.69],
  [MEASURED_MISTRAL_F16, { kv: 'f16', fa: false, batch: 512, seqs: 1 }, 16.79],
  [MEASURED_GEMMA_Q4, { kv: 'f16', fa: true, batch: 512, seqs: 1 }, 11.75],
  [MEASURED_GEMMA_Q4, { kv: 'q8_0', fa: true, batch: 512, seqs: 1 }, 9.08],
  [MEASURED_GEMMA_Q4, { kv: 'f16', fa: false, batch: 512, seqs: 1 }, 12.0],
];

describe('vram budget against measured peaks', () => {
  it.each(PEAKS.map((p, i) => [i, ...p] as const))('case %i within -2%..+4%', (_i, shape, c, peakGiB) => {
    const b = vramBudget(shape, {
      contextSize: 13_312,
      sequences: c.seqs,
      kvCacheType: c.kv,
      flashAttention: c.fa,
      batchSize: c.batch,
    });
    const err = b.total / (peakGiB * GIB) - 1;
    expect(err).toBeGreaterThan(-0.02);
    expect(err).toBeLessThan(0.04);
  });
});

describe('shapeFromGguf', () => {
  it('reads the shape and the tensor sizes from a header', () => {
    const info = {
      metadata: {
        general: { architecture: 'gemma' },
        gemma: {
          block_count: 28,
          embedding_length: 3072,
          feed_forward_length: 24576,
          attention: { head_count: 16, head_count_kv: 16, key_length: 256, value_length: 256 },
        },
        tokenizer: { ggml: { tokens: new Array(256_000).fill('x') } },
      },
      tensorInfo: [
        { name: 'output_norm.weight', fileOffset: 1000 + 645_120_000 },
        { name: 'token_embd.weight', fileOffset: 1000 },
        { name: 'blk.0.attn_q.weight', fileOffset: 1000 + 645_120_000 + 12_288 },
      ],
    };
    const s = shapeFromGguf(info, 1000 + 700_000_000);
    expect(s).toMatchObject({
      layers: 28,
      embd: 3072,
      heads: 16,
      kvHeads: 16,
      headDimK: 256,
      ff: 24576,
      vocab: 256_000,
      tiedOutput: true,
    });
    expect(s.tokenEmbdBytes).toBe(645_120_000);
    expect(s.weightBytes).toBe(700_000_000);
  });

  it('defaults head dims and KV heads the llama way', () => {
    const s = shapeFromGguf(
      {
        metadata: {
          general: { architecture: 'llama' },
          llama: {
            block_count: 32,
            embedding_length: 4096,
            feed_forward_length: 14336,
            vocab_size: 32000,
            attention: { head_count: 32, head_count_kv: 8 },
          },
        },
        tensorInfo: [{ name: 'output.weight', fileOffset: 0 }],
      },
      100,
    );
    expect(s).toMatchObject({
      headDimK: 128,
      headDimV: 128,
      kvHeads: 8,
      vocab: 32000,
      tiedOutput: false,
      outputBytes: 100,
    });
  });
});
