import { describe, expect, it } from 'vitest';
import { EngineSettings } from '../../shared/contract/engine';
import { budgetContext, classifyEstimate, gpuVramNeeded, resolveBatchSize } from './estimate';
import type { LoadSpec } from './protocol';
import { contextSizeFor, loadSpec } from './settings';
import { GIB, shapeFromGguf, vramBudget, type GgufLike } from './vram-budget';
import { REFERENCE_SHAPES } from '../../../test/support/reference-shapes';

// Mistral-7B-Instruct-v0.2's shape in Q4_K_M as a GGUF header would describe it (the
// tensor bytes of vram-budget.test.ts's MISTRAL_Q4): token_embd, output, then the blocks.
const HEADER = 1_000;
const EMBD = 73_728_000;
const OUTPUT = 107_520_000;
const FILE_SIZE = HEADER + 4_368_000_000;
const MISTRAL_Q4_GGUF: GgufLike = {
  metadata: {
    general: { architecture: 'llama' },
    llama: {
      block_count: 32,
      embedding_length: 4096,
      feed_forward_length: 14336,
      attention: { head_count: 32, head_count_kv: 8 },
    },
    tokenizer: { ggml: { tokens: new Array<string>(32_000).fill('t') } },
  },
  tensorInfo: [
    { name: 'token_embd.weight', fileOffset: HEADER },
    { name: 'output.weight', fileOffset: HEADER + EMBD },
    { name: 'blk.0.attn_q.weight', fileOffset: HEADER + EMBD + OUTPUT },
  ],
};
const ALL_LAYERS = 33; // node-llama-cpp's count: 32 blocks + the output layer

const spec = (over: Partial<LoadSpec> = {}): LoadSpec => ({
  gpu: 'auto',
  threads: 4,
  modelPath: '/m.gguf',
  adapters: [],
  gpuLayers: 'auto',
  contextSize: 13_312,
  batchSize: 512,
  flashAttention: true,
  kvCacheType: 'f16',
  sequences: 1,
  tokenPredictor: 'none',
  ...over,
});

/** An "N GB" card as the bench tables take it: N GiB with 0.5 GiB used by display and driver. */
const card = (n: number) => ({ vramTotal: n * GIB, vramFree: (n - 0.5) * GIB });
const gpuEstimate = (vramNeeded: number, c: { vramTotal: number; vramFree: number }) =>
  classifyEstimate({
    contextSize: 13_312,
    gpuLayers: ALL_LAYERS,
    backend: 'cuda',
    ramNeeded: 1 * GIB,
    ramFree: 32 * GIB,
    vramNeeded,
    ...c,
  });

describe('engine defaults from the H200 measurements', () => {
  it('turns flash attention on, leaves the batch size to the worker, f16 cache, every layer by node-llama-cpp, 16K context', () => {
    expect(EngineSettings.parse({})).toMatchObject({
      flashAttention: true,
      batchSize: null, // 2 048 where the GPU has room, else 512 (resolveBatchSize)
      kvCacheType: 'f16',
      gpuLayers: 'auto',
      contextSize: 16_384,
      sequences: 0, // batch pre-drafting: as many parallel drafts as fit
      tokenPredictor: 'none',
    });
    // The old values stay valid settings.
    expect(EngineSettings.parse({ flashAttention: 'auto', batchSize: 512, sequences: 1 })).toMatchObject({
      flashAttention: 'auto',
      batchSize: 512,
      sequences: 1,
    });
  });

  it("caps the default context at the model's trained context", () => {
    const s = EngineSettings.parse({});
    expect(contextSizeFor(s, { contextLength: 32_768 })).toBe(16_384);
    expect(contextSizeFor(s, { contextLength: 8_192 })).toBe(8_192); // Gemma-7B
    expect(contextSizeFor(s, { contextLength: 512 })).toBe(512); // a tiny test model
    expect(contextSizeFor(s, { contextLength: null })).toBe(16_384);
    expect(contextSizeFor(s, { contextLength: 0 })).toBe(16_384);
    expect(contextSizeFor({ ...s, contextSize: 2048 }, { contextLength: 32_768 })).toBe(2048);
    const model = { path: '/m.gguf', adapters: [], contextLength: 4096 } as unknown as Parameters<
      typeof loadSpec
    >[1];
    expect(loadSpec(s, model, contextSizeFor(s, model))).toMatchObject({
      contextSize: 4096,
      flashAttention: true,
      batchSize: null,
    }); // node-llama-cpp's 512
  });

  it('leaves an unset batch size to the worker, for one draft or a wave', () => {
    const s = EngineSettings.parse({});
    const model = { path: '/m.gguf', adapters: [], contextLength: 32_768 } as unknown as Parameters<
      typeof loadSpec
    >[1];
    expect(loadSpec(s, model, 13_312, 1).batchSize).toBeNull();
    expect(loadSpec(s, model, 13_312, 16).batchSize).toBeNull();
    expect(loadSpec({ ...s, batchSize: 256 }, model, 13_312, 16).batchSize).toBe(256);
  });

  it('reads prompts in 2 048-token batches where the whole budget still fits with margin, else 512', () => {
    const gpu = (free: number, total: number, gpuLayers = ALL_LAYERS) => ({
      shape: shapeFromGguf(MISTRAL_Q4_GGUF, FILE_SIZE),
      gpuLayers,
      vramFree: free * GIB,
      vramTotal: total * GIB,
      flashAttentionSupported: true,
    });
    const lone = spec({ batchSize: null, contextSize: 16_384 });
    expect(resolveBatchSize(lone, gpu(23.5, 24))).toBe(2048);
    // An 8 GB card: 7.08 GiB at 2 048 against 6.70 at 512 (a 16K context). With 7.5 GiB free
    // both fit; with 7.2 GiB free 2 048 would leave less than 5 % of the card: 512.
    expect(resolveBatchSize(lone, gpu(7.5, 8))).toBe(2048);
    expect(resolveBatchSize(lone, gpu(7.2, 8))).toBeNull();
    // A wave of 32 on an 80 GB card (57 GiB at 2 048).
    expect(resolveBatchSize(spec({ batchSize: null, sequences: 32 }), gpu(79, 80))).toBe(2048);
    // What the settings say; the CPU backend; a partial offload; a context smaller than 2 048.
    expect(resolveBatchSize(spec({ batchSize: 256 }), gpu(23.5, 24))).toBe(256);
    expect(resolveBatchSize(lone, null)).toBeNull();
    expect(resolveBatchSize(lone, gpu(23.5, 24, 20))).toBeNull();
    expect(resolveBatchSize(spec({ batchSize: null, contextSize: 1024 }), gpu(23.5, 24))).toBe(1024);
    expect(resolveBatchSize(spec({ batchSize: null, contextSize: 512 }), gpu(23.5, 24))).toBeNull();
  });

  it('keeps 512 where the bigger batch would cost the logits of a big vocabulary (Gemma: 1.5 GiB, no gain)', () => {
    const mistral = shapeFromGguf(MISTRAL_Q4_GGUF, FILE_SIZE);
    const room = (shape: typeof mistral) => ({
      shape,
      gpuLayers: shape.layers + 1,
      vramFree: 79 * GIB,
      vramTotal: 80 * GIB,
      flashAttentionSupported: true,
    });
    const gemma = {
      ...mistral,
      layers: 28,
      embd: 3072,
      heads: 16,
      kvHeads: 16,
      headDimK: 256,
      headDimV: 256,
      ff: 24_576,
      vocab: 256_000,
    };
    const lone = spec({ batchSize: null, contextSize: 13_312 });
    expect(resolveBatchSize(lone, room(mistral))).toBe(2048);
    expect(resolveBatchSize(lone, room(gemma))).toBeNull();
    expect(resolveBatchSize(spec({ batchSize: 2048, contextSize: 13_312 }), room(gemma))).toBe(2048);
  });
});

describe('the GPU estimate uses vram-budget.ts', () => {
  it('budgets the load from the GGUF header as vramBudget does for the shape', () => {
    const needed = gpuVramNeeded(MISTRAL_Q4_GGUF, FILE_SIZE, spec(), ALL_LAYERS, true);
    expect(needed / GIB).toBeCloseTo(6.33, 2); // the bench table's 6.33 GiB (measured 6.34)
    const q8 = gpuVramNeeded(MISTRAL_Q4_GGUF, FILE_SIZE, spec({ kvCacheType: 'q8_0' }), ALL_LAYERS, true);
    expect(q8 / GIB).toBeCloseTo(5.57, 2);
    const faOff = gpuVramNeeded(
      MISTRAL_Q4_GGUF,
      FILE_SIZE,
      spec({ flashAttention: false }),
      ALL_LAYERS,
      true,
    );
    expect(faOff / GIB).toBeCloseTo(7.55, 2);
    // Fewer layers on the GPU, less VRAM.
    expect(gpuVramNeeded(MISTRAL_Q4_GGUF, FILE_SIZE, spec(), 16, true)).toBeLessThan(needed);
  });

  it('budgets "auto" flash attention and unsupported models as off, an unset batch as 512', () => {
    expect(budgetContext(spec({ flashAttention: 'auto' }), true).flashAttention).toBe(false);
    expect(budgetContext(spec({ flashAttention: true }), false).flashAttention).toBe(false);
    expect(budgetContext(spec({ flashAttention: true }), true).flashAttention).toBe(true);
    expect(budgetContext(spec({ batchSize: null }), true).batchSize).toBe(512);
    // llama.cpp clamps the micro-batch to the context's cells.
    expect(budgetContext(spec({ batchSize: 512, contextSize: 256 }), true).batchSize).toBe(256);
  });

  it("classifies with verdict(): fits / tight / won't fit as the bench tables say", () => {
    const q4 = gpuVramNeeded(MISTRAL_Q4_GGUF, FILE_SIZE, spec(), ALL_LAYERS, true);
    // 6.33 GiB on an 8 GB card: fits (the old 80 %-of-free rule called it tight).
    expect(gpuEstimate(q4, card(8)).verdict).toBe('fits');
    const { verdict: _v, message: _m, ...input } = gpuEstimate(q4, card(8));
    expect(classifyEstimate(input).verdict).toBe('tight');
    // Less than 5 % of the card left: tight; more than free: won't fit.
    expect(gpuEstimate(7.2 * GIB, card(8)).verdict).toBe('tight');
    expect(gpuEstimate(7.6 * GIB, card(8)).verdict).toBe('wont_fit');
    // Mistral-7B F16 (15.58 GiB) on 16 / 24 GB cards.
    expect(gpuEstimate(15.58 * GIB, card(16)).verdict).toBe('wont_fit');
    expect(gpuEstimate(15.58 * GIB, card(24)).verdict).toBe('fits');
    const e = gpuEstimate(q4, card(8));
    expect(e).not.toHaveProperty('vramTotal');
    expect(e.message).toMatch(
      /^Fits: context 13312 with 33 GPU layers \(cuda\) needs 1\.00 GB RAM of 32\.00 GB free and 6\.33 GB VRAM of 7\.50 GB free\.$/,
    );
  });

  it('still lets RAM decide, and keeps the RAM rule on the CPU', () => {
    expect(gpuEstimate(1 * GIB, card(24)).verdict).toBe('fits');
    expect(
      classifyEstimate({
        contextSize: 4096,
        gpuLayers: ALL_LAYERS,
        backend: 'cuda',
        ramNeeded: 40 * GIB,
        ramFree: 32 * GIB,
        vramNeeded: 1 * GIB,
        ...card(24),
      }).verdict,
    ).toBe('wont_fit');
    const cpu = { contextSize: 4096, gpuLayers: 0, backend: 'cpu', vramNeeded: 0, vramFree: 0 };
    expect(classifyEstimate({ ...cpu, ramNeeded: 7 * GIB, ramFree: 10 * GIB }).verdict).toBe('fits');
    expect(classifyEstimate({ ...cpu, ramNeeded: 9 * GIB, ramFree: 10 * GIB }).verdict).toBe('tight');
    expect(classifyEstimate({ ...cpu, ramNeeded: 11 * GIB, ramFree: 10 * GIB }).verdict).toBe('wont_fit');
  });

  it('agrees with vramBudget on the shape it reads', () => {
    const needed = gpuVramNeeded(MISTRAL_Q4_GGUF, FILE_SIZE, spec({ sequences: 4 }), ALL_LAYERS, true);
    const direct = vramBudget(
      {
        ...REFERENCE_SHAPES['Mistral-7B Q4_K_M'],
        weightBytes: FILE_SIZE - HEADER,
        tokenEmbdBytes: EMBD,
        outputBytes: OUTPUT,
      },
      { contextSize: 13_312, sequences: 4, kvCacheType: 'f16', flashAttention: true, batchSize: 512 },
    ).total;
    expect(needed).toBe(direct);
  });
});
