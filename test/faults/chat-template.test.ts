import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDER_LIMIT_MS } from '../../src/core/engine/bounded-jinja';
import { renderChat } from '../../src/core/engine/chat-prompt';
import {
  addTestPaper,
  makeTestModels,
  testLibrary,
  type TestLibrary,
} from '../../src/core/engine/engine.fixtures';
import { runExport } from '../../src/core/export/run';
import { getDraft, listDrafts } from '../../src/core/store/repos/drafts';
import { insertReview } from '../../src/core/store/repos/reviews';
import { MISTRAL_INSTRUCT_V02 } from '../support/gguf/chat-templates';

/**
 * Chat templates that never finish, against the one renderer drafting and export share, the
 * real export: each fails with one line within the render limit (2 s) plus slack.
 */
const FOREVER = '{% for i in range(10**9) %}x{% endfor %}';
// Each range is allowed (1e5), together 1e10 steps: only the deadline can stop it.
const NESTED = '{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}';
// Slack for a loaded CI machine (measured 2.0–2.2 s on a quiet 2-core box, 5.8 s at load 27).
const SLACK_MS = 4_000;

/** The tiny Mistral model with its template overwritten in place (same length, so the file stays valid). */
function modelWithTemplate(source: string, template: string, out: string): string {
  const bytes = readFileSync(source);
  const original = Buffer.from(MISTRAL_INSTRUCT_V02);
  const at = bytes.indexOf(original);
  if (at < 0 || template.length > original.length) throw new Error('template does not fit');
  Buffer.from(template.padEnd(original.length, ' ')).copy(bytes, at);
  writeFileSync(out, bytes);
  return out;
}

async function timed<T>(p: Promise<T>): Promise<{ error: string; ms: number }> {
  const t0 = Date.now();
  const error = await p.then(
    () => 'finished without error',
    (e: unknown) => `${(e as { code?: string }).code}: ${(e as Error).message}`,
  );
  return { error, ms: Date.now() - t0 };
}

describe('chat templates that never finish: the shared renderer', () => {
  const tpl = (source: string) => ({ source, bosToken: '<s>', eosToken: '</s>' });
  const turns = [{ role: 'user' as const, content: 'hi' }];

  it('refuses range(10**9) at once, before building the list', () => {
    const t0 = Date.now();
    expect(() => renderChat(tpl(FOREVER), turns)).toThrow(
      "The model's chat template was stopped: it asked for range() of 1000000000 items (at most 100000).",
    );
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('stops 10^10 nested steps at the 2 s deadline', () => {
    const t0 = Date.now();
    expect(() => renderChat(tpl(NESTED), turns)).toThrow(
      "The model's chat template was stopped: it ran longer than 2 s.",
    );
    const ms = Date.now() - t0;
    expect(ms).toBeGreaterThanOrEqual(RENDER_LIMIT_MS);
    expect(ms).toBeLessThan(RENDER_LIMIT_MS + SLACK_MS);
  });
});

/**
 * Drafting renders in the engine worker through the same renderChat (worker/render.ts); the
 * export renders in its thread through it too. The export is driven end to end here.
 */
describe('chat templates that never finish: export', () => {
  const models = makeTestModels();
  let lib: TestLibrary;
  let paperId: string;
  let nested: string;

  beforeAll(() => {
    lib = testLibrary();
    paperId = addTestPaper(lib.services);
    nested = modelWithTemplate(models.mistral, NESTED, join(lib.dir, 'nested-template.gguf'));
  });
  afterAll(async () => {
    await lib?.close();
  });

  it('fails an export for that model with one line within the limit', async () => {
    insertReview(lib.services.db, {
      paperId,
      annotator: 'ann',
      templateId: 'four-part@1',
      status: 'approved',
      sections: { significance: 'A review.' },
    });
    const ctx = { db: lib.services.db, dataDir: lib.services.paths.root, schemaVersion: 1 };
    const r = await timed(
      runExport(ctx, { format: 'messages', outDir: join(lib.dir, 'out'), valRatio: 0, forModel: nested }),
    );
    expect(r.error).toBe("unsupported: The model's chat template was stopped: it ran longer than 2 s.");
    // The export loads the model's vocabulary in its thread first (about a second on a quiet
    // machine, over a minute at load 27 on the 2-core dev box); the template adds at most its limit.
    console.log(`export with a looping template refused in ${r.ms} ms`);
    expect(r.ms).toBeLessThan(150_000);
  }, 180_000);
});

/**
 * Drafting end to end: the real engine (its worker process, llama.cpp) asked to draft with a
 * model whose template never finishes. The draft fails with one line within the render limit
 * (plus slack and the model load), leaves no running draft, and the engine drafts the next
 * request with a sound model as if nothing had happened.
 */
describe('chat templates that never finish: drafting', () => {
  const models = makeTestModels();
  let lib: TestLibrary;
  let paperId: string;

  beforeAll(() => {
    lib = testLibrary();
    paperId = addTestPaper(lib.services);
  });
  afterAll(async () => {
    await lib?.close();
  });

  it('fails that draft with one line within the limit, and the next draft with a sound model works', async () => {
    const engine = lib.services.engine;
    const looping = await engine.models.add(
      modelWithTemplate(models.mistral, NESTED, join(lib.dir, 'looping-template.gguf')),
    );
    const sound = await engine.models.add(models.mistral, 'sound');
    const r = await timed(engine.drafter.draft({ paperId, modelId: looping.id, maxTokens: 8, seed: 1 }));
    expect(r.error).toBe("unsupported: The model's chat template was stopped: it ran longer than 2 s.");
    console.log(`draft with a looping template refused in ${r.ms} ms`);
    // The worker loads the model first (seconds on a quiet box, far more at load 20+), then
    // the template adds at most its limit.
    expect(r.ms).toBeLessThan(120_000);
    const drafts = listDrafts(lib.services.db, paperId);
    expect(drafts.filter((d) => d.endReason === 'running')).toEqual([]);

    const ok = await engine.drafter.draft({ paperId, modelId: sound.id, maxTokens: 8, seed: 1 });
    expect(getDraft(lib.services.db, ok.draftId)).toMatchObject({ endReason: 'length', tokensOut: 8 });
  }, 240_000);
});
