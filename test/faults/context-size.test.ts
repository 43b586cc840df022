import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from '../../src/core/api';
import {
  addTestPaper,
  makeTestModels,
  testLibrary,
  type TestLibrary,
} from '../../src/core/engine/engine.fixtures';
import type { ModelInfo } from '../../src/shared/contract/engine';

/**
 * A context size no machine can hold (2e9 tokens), or more than the model was trained on,
 * against the real contract and the real engine: one clear line within 1 s, before any
 * worker is asked to allocate it, and the engine still estimates a good size afterwards.
 */
let lib: TestLibrary;
let model: ModelInfo;
let paperId: string;
beforeAll(async () => {
  lib = testLibrary();
  model = await lib.services.engine.models.add(makeTestModels().mistral); // trained on 4096
  paperId = addTestPaper(lib.services);
});
afterAll(async () => {
  await lib?.close();
});

async function within1s<T>(p: Promise<T>): Promise<T> {
  const t0 = Date.now();
  const out = await p;
  expect(Date.now() - t0).toBeLessThan(1_000);
  return out;
}

describe('contextSize bounds', () => {
  it('refuses 2e9 at the contract, for drafting, planning and estimates', async () => {
    const handlers = createHandlers(lib.services);
    for (const [method, input] of [
      ['startDraft', { paperId, modelId: model.id, contextSize: 2e9 }],
      ['planDraft', { paperId, modelId: model.id, contextSize: 2e9 }],
      ['estimateModel', { modelId: model.id, contextSize: 2e9 }],
      ['updateEngineSettings', { contextSize: 2e9 }],
    ] as const) {
      const r = await within1s(dispatch(handlers, method, input));
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const message = (r as { error: { message: string } }).error.message;
      expect(message).toMatch(/contextSize/);
      expect(message).not.toContain('\n');
    }
  });

  it("refuses more than the model's trained context in core, before the worker is asked", async () => {
    const engine = lib.services.engine;
    const expected = `A context of 8192 tokens is larger than ${model.fileName} was trained on (4096 tokens).`;
    await expect(within1s(engine.estimate(model.id, 8192))).rejects.toMatchObject({
      code: 'invalid_input',
      message: expected,
    });
    await expect(
      within1s(engine.drafter.draft({ paperId, modelId: model.id, contextSize: 8192, maxTokens: 4 })),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expected });
  });

  it('still estimates the trained context afterwards', async () => {
    const est = await lib.services.engine.estimate(model.id, 4096);
    expect(est.verdict).toBe('fits');
  }, 60_000);
});
