import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { ModelInfo, RunningDraft } from '../../shared/contract/engine';
import { createHandlers, dispatch } from '../api';
import { listDrafts } from '../store/repos/drafts';
import { addTestPaper, makeTestModels, testLibrary, type TestLibrary } from './engine.fixtures';

/**
 * Cancelling a model load and reattaching to a running draft, on the real worker with the
 * tiny models. The tiny model loads in milliseconds, so this file's worker holds every load
 * for LOAD_DELAY_MS first (the worker's test-only PRS_ENGINE_TEST_LOAD_DELAY_MS hook, read
 * from the environment it is forked with); a cancel cuts that wait short and the real
 * node-llama-cpp loadModel then sees an aborted loadSignal.
 */
const LOAD_DELAY_MS = 3000;
process.env.PRS_ENGINE_TEST_LOAD_DELAY_MS = String(LOAD_DELAY_MS);

const models = makeTestModels();
let lib: TestLibrary;
let mistral: ModelInfo;

beforeAll(async () => {
  lib = testLibrary();
  mistral = await lib.services.engine.models.add(models.mistral);
});
afterAll(async () => {
  await lib?.close();
  delete process.env.PRS_ENGINE_TEST_LOAD_DELAY_MS;
});

describe('cancel a model load, reattach to a running draft', () => {
  it('a cancelled load fails the pending draft with "cancelled" and the engine stays usable', async () => {
    const engine = lib.services.engine;
    const h = createHandlers(lib.services);
    const paperId = addTestPaper(lib.services, { title: 'Cancel my load' });
    const loadStarted = new Promise<void>((resolve) => {
      const off = lib.services.events.subscribe((name) => {
        if (name !== 'modelLoadProgress') return;
        off();
        resolve();
      });
    });
    const pending = engine.track(mistral.id, () =>
      engine.drafter.draft({ paperId, modelId: mistral.id, maxTokens: 8, seed: 1 }),
    );
    const failed = pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    await loadStarted;
    expect(engine.getStatus().state).toBe('loading');
    const t0 = Date.now();
    expect(await dispatch(h, 'cancelModelLoad', { modelId: mistral.id })).toEqual({
      ok: true,
      value: { cancelled: 1 },
    });
    const err = await failed;
    expect(Date.now() - t0).toBeLessThan(LOAD_DELAY_MS); // cut short, not waited out
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'cancelled', message: 'Loading the model was cancelled.' });
    expect(listDrafts(lib.services.db, paperId)).toEqual([]); // nothing was generated, so no draft row
    expect(engine.getStatus()).toMatchObject({ state: 'idle', lastError: null, restarts: 0 });
    // Nothing left to cancel; the same worker loads the model and drafts.
    expect(await dispatch(h, 'cancelModelLoad', { modelId: mistral.id })).toEqual({
      ok: true,
      value: { cancelled: 0 },
    });
    const next = await engine.drafter.draft({ paperId, modelId: mistral.id, maxTokens: 8, seed: 1 });
    expect(next.result.tokensOut).toBe(8);
    expect(engine.client.restarts).toBe(0);
  });

  it('getRunningDrafts returns the running draft with its text so far, then nothing once it ends', async () => {
    const engine = lib.services.engine;
    const h = createHandlers(lib.services);
    const paperId = addTestPaper(lib.services, { title: 'Come back to me' });
    const other = addTestPaper(lib.services, { title: 'Another paper' });
    let streamed = '';
    let snapshot: unknown;
    let checked: Promise<void> | undefined;
    const out = await engine.drafter.draft(
      { paperId, modelId: mistral.id, maxTokens: 2000, contextSize: 4096, seed: 4 },
      {
        onDelta: (text, tokensOut) => {
          streamed += text;
          if (checked || tokensOut < 8) return;
          const [running] = engine.drafter.runningFor(paperId);
          snapshot = { running, streamed, tokensOut };
          // Through the contract too, then stop it the way the panel's Stop does.
          checked = (async () => {
            const r = (await dispatch(h, 'getRunningDrafts', { paperId })) as {
              ok: true;
              value: RunningDraft[];
            };
            expect(r.value).toHaveLength(1);
            const d = r.value[0]!;
            expect(d.requestId).toBe(running!.requestId);
            expect(d.textSoFar.startsWith(running!.textSoFar)).toBe(true); // it only grows
            expect(await dispatch(h, 'getRunningDrafts', { paperId: other })).toEqual({
              ok: true,
              value: [],
            });
            expect(await dispatch(h, 'stopDraft', { requestId: d.requestId })).toEqual({
              ok: true,
              value: {},
            });
          })();
        },
      },
    );
    await checked;
    const s = snapshot as {
      running: { draftId: string; paperId: string; textSoFar: string; tokensOut: number };
      streamed: string;
      tokensOut: number;
    };
    expect(s.running).toMatchObject({
      draftId: out.draftId,
      paperId,
      textSoFar: s.streamed,
      tokensOut: s.tokensOut,
    });
    expect(out.result.endReason).toBe('stopped');
    expect(out.result.text.startsWith(s.running.textSoFar)).toBe(true);
    expect(await dispatch(h, 'getRunningDrafts', { paperId })).toEqual({ ok: true, value: [] });
  });
});
