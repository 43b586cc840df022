import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLlama, LlamaLogLevel, readGgufFileInfo, type Llama } from 'node-llama-cpp';
import type { LoadSpec } from '../protocol';
import { budgetContext } from '../estimate';
import { GIB, shapeFromGguf, vramBudget, type ModelShape } from '../vram-budget';
import { makeTestModels } from '../engine.fixtures';
import { estimate, parallelism } from './llama';

/**
 * The worker's memory answers on a GPU, without one: the real CPU Llama with its GPU
 * properties overridden (a CUDA backend that offloads, a card with the VRAM each test
 * sets), on the tiny model, whose header and tensors are real.
 */
const modelPath = makeTestModels().mistral;
const TOTAL = 2 * GIB;
let llama: Llama;
let shape: ModelShape;
let vramFree = TOTAL;

const spec = (sequences = 1): LoadSpec => ({
  gpu: 'cuda',
  threads: 1,
  modelPath,
  adapters: [],
  gpuLayers: 'max',
  contextSize: 1024,
  batchSize: 512,
  flashAttention: true,
  kvCacheType: 'f16',
  sequences,
  tokenPredictor: 'none',
});
const budget = (sequences: number) => vramBudget(shape, budgetContext(spec(sequences), true)).total;
const cpu = () => ({ key: 'cpu', llama, requested: 'cpu' as const, threads: 1, fallbackReason: null });
const gpu = () => {
  const fake = Object.create(llama, {
    gpu: { value: 'cuda' },
    supportsGpuOffloading: { value: true },
    getVramState: {
      value: async () => ({ total: TOTAL, used: TOTAL - vramFree, free: vramFree, unifiedSize: 0 }),
    },
  }) as Llama;
  return { key: 'gpu', llama: fake, requested: 'cuda' as const, threads: 1, fallbackReason: null };
};

beforeAll(async () => {
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.error });
  shape = shapeFromGguf(
    await readGgufFileInfo(modelPath, { logWarnings: false }),
    (await stat(modelPath)).size,
  );
});
afterAll(async () => {
  await llama?.dispose();
});

describe('parallel drafts the worker allows', () => {
  it('is one on the CPU backend and with no layer on the GPU', async () => {
    expect(await parallelism(cpu(), spec(), 8, undefined)).toEqual({
      sequences: 1,
      reason: 'The CPU backend drafts one paper at a time.',
    });
    vramFree = TOTAL;
    expect((await parallelism(gpu(), { ...spec(), gpuLayers: 0 }, 8, undefined)).sequences).toBe(1);
  });

  it('is the most sequences whose VRAM budget fits, at most max', async () => {
    // Room for exactly three (a fit leaves 5 % of the card free), and the fourth over it.
    vramFree = budget(3) + 0.05 * TOTAL + 1;
    expect(budget(4)).toBeGreaterThan(vramFree - 0.05 * TOTAL);
    const three = await parallelism(gpu(), spec(), 8, undefined);
    expect(three.sequences).toBe(3);
    expect(three.reason).toMatch(/^3 parallel 1024-token sequences \(at most 8\)/);
    expect((await parallelism(gpu(), spec(), 2, undefined)).sequences).toBe(2);
  });

  it('counts the held context as free: a batch replaces or reuses it', async () => {
    const held = { spec: spec(3), gpuLayers: shape.layers + 1 };
    // The card of the last test with that 3-sequence context loaded: only the margin is left.
    vramFree = 0.05 * TOTAL + 1;
    expect((await parallelism(gpu(), spec(), 8, held)).sequences).toBe(3);
    // An interactive draft's estimate (one sequence) fits although the held context took the room.
    const e = await estimate(gpu(), spec(), held);
    expect(e.vramFree).toBeCloseTo(vramFree + budget(3), 0);
    expect(e.verdict).toBe('fits');
    expect((await estimate(gpu(), spec(), undefined)).verdict).toBe('wont_fit');
  });
});
