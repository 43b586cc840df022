import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { writeSparseLlama } from '../../../test/support/gguf/models';
import { addTestPaper, testLibrary, type TestLibrary } from './engine.fixtures';

let lib: TestLibrary;
beforeAll(() => {
  lib = testLibrary();
});
afterAll(async () => {
  await lib?.close();
});

describe('a model too big for this machine', () => {
  it("is registered with a won't-fit estimate and refused before loading, with the numbers", async () => {
    // Mistral-7B's shape in f32 (~29 GB) as a sparse file: no disk used, more than the RAM here.
    const file = join(lib.dir, 'mistral-7b-shape-f32.gguf');
    const size = writeSparseLlama(file);
    const engine = lib.services.engine;
    const model = await engine.models.add(file);
    engine.models.close(); // do not hash 29 GB of zeros
    expect(model).toMatchObject({ architecture: 'llama', contextLength: 32768, sizeBytes: size });
    expect(model.parameters).toBeGreaterThan(6.9e9); // 7B shape, tiny vocabulary
    const est = await engine.estimate(model.id, 4096);
    expect(est.verdict).toBe('wont_fit');
    expect(est.ramNeeded).toBeGreaterThan(est.ramFree);
    const paperId = addTestPaper(lib.services);
    const err = await engine.drafter.draft({ paperId, modelId: model.id }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('out_of_memory');
    expect((err as AppError).message).toMatch(
      /^mistral-7b-shape-f32\.gguf will not fit in memory: Won't fit: context \d+ with 0 GPU layers \(cpu\) needs [\d.]+ GB RAM of [\d.]+ GB free\.$/,
    );
    expect(engine.getStatus().state).not.toBe('crashed');
  });
});
