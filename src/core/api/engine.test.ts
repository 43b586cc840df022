import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers, dispatch } from './index';
import { testLibrary, type TestLibrary } from '../engine/engine.fixtures';

let lib: TestLibrary | undefined;
afterEach(async () => {
  await lib?.close();
  lib = undefined;
});

describe('engine contract methods (no model needed)', () => {
  it('reads and validates engine settings, lists prompts, reports missing drafts', async () => {
    lib = testLibrary();
    const h = createHandlers(lib.services);
    const settings = await dispatch(h, 'getEngineSettings', {});
    expect(settings).toMatchObject({
      ok: true,
      value: {
        gpu: 'auto',
        threads: 1,
        flashAttention: true,
        batchSize: null,
        kvCacheType: 'f16',
        sequences: 0,
      },
    });
    const updated = await dispatch(h, 'updateEngineSettings', {
      gpu: 'cpu',
      batchSize: 256,
      kvCacheType: 'q8_0',
    });
    expect(updated).toMatchObject({
      ok: true,
      value: { gpu: 'cpu', batchSize: 256, kvCacheType: 'q8_0', threads: 1 },
    });
    const bad = await dispatch(h, 'updateEngineSettings', { gpu: 'tpu' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const prompts = await dispatch(h, 'listPrompts', {});
    expect(prompts).toMatchObject({ ok: true, value: [{ id: 'default@1', version: 1 }] });
    expect(await dispatch(h, 'getDraft', { draftId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await dispatch(h, 'stopDraft', { requestId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await dispatch(h, 'addModel', { path: '/no/such/model.gguf' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await dispatch(h, 'getEngineStatus', {})).toMatchObject({
      ok: true,
      value: { state: 'stopped', activeRequests: 0 },
    });
  });
});
