import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { BatchProgress } from '../../../shared/contract/engine';
import { getDraft, listDrafts } from '../../store/repos/drafts';
import { getReview, insertReview } from '../../store/repos/reviews';
import { sha256Text } from '../chat-prompt';
import { writeEngineSettings } from '../settings';
import {
  addTestPaper,
  makeTestModels,
  prose,
  section,
  testLibrary,
  type TestLibrary,
} from '../engine.fixtures';
import {
  SKIP_LLAMA_SERVER,
  freePort,
  requireLlamaServerBinary,
  startLlamaServer,
  type RunningServer,
} from '../../../../test/support/llama-server';
import { runCliProcess } from '../../../../test/support/run-cli';
import { call } from './http';

/**
 * The served-model backend against a real llama.cpp llama-server (the commit node-llama-cpp
 * ships, built by `npm run build:llama-server`) on loopback, with the tiny test GGUFs:
 * stream, stop, errors, a server killed mid-draft and restarted, a wave of 8 batch drafts,
 * model mismatch and API keys. No mock stands in for the server.
 */
const models = makeTestModels();
const ALIAS = 'tiny-mistral';
const SLOTS = 8;

describe.skipIf(SKIP_LLAMA_SERVER)('drafting through llama-server', { timeout: 120_000 }, () => {
  let bin: string;
  let server: RunningServer;
  let port: number;
  let lib: TestLibrary;
  let modelId: string;

  const start = (p = port) =>
    startLlamaServer(bin, {
      model: models.mistral,
      alias: ALIAS,
      port: p,
      parallel: SLOTS,
      context: 2048 * SLOTS,
    });

  beforeAll(async () => {
    bin = requireLlamaServerBinary();
    port = await freePort();
    server = await start();
    lib = testLibrary();
    writeEngineSettings(lib.services.db, { maxTokens: 24 });
    modelId = (
      await lib.services.engine.models.addServer({
        url: `${server.url}/v1`,
        name: ALIAS,
        gguf: models.mistral,
      })
    ).id;
  }, 90_000);

  afterAll(async () => {
    await lib?.close();
    await server?.stop();
  });

  it('streams a draft whose prompt is the app rendering, byte for byte, with provenance', async () => {
    const { engine } = lib.services;
    const paperId = addTestPaper(lib.services);
    const deltas: string[] = [];
    const out = await engine.drafter.draft(
      { paperId, modelId, seed: 7, maxTokens: 24 },
      { onDelta: (t) => deltas.push(t) },
    );
    expect(deltas.length).toBeGreaterThan(0);
    expect(deltas.join('')).toBe(out.result.text);
    expect(out.result.tokensOut).toBeGreaterThan(0);
    expect(['done', 'length']).toContain(out.result.endReason);
    const d = getDraft(lib.services.db, out.draftId)!;
    expect(d.backend).toBe(`openai:${server.url}`);
    expect(d.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(d.seed).toBe(7);
    expect(d.promptHash).toBe(sha256Text(d.provenance.renderedPrompt as string));
    expect(d.provenance.server).toEqual({ url: server.url, model: ALIAS });

    // The local engine (node-llama-cpp in its worker) renders and tokenizes the same paper:
    // the same text, byte for byte, and as many tokens as the server counted and ran.
    const local = await engine.models.add(models.mistral);
    const localOut = await engine.drafter.draft({ paperId, modelId: local.id, maxTokens: 1, seed: 1 });
    expect(out.prepared.plan.prompt.text).toBe(localOut.prepared.plan.prompt.text);
    expect(d.promptHash).toBe(getDraft(lib.services.db, localOut.draftId)?.promptHash);
    expect(out.result.tokensIn).toBe(localOut.prepared.plan.prompt.tokens);
    engine.models.remove(local.id);
  });

  it('registers a served model and drafts with it from the CLI (--model server:NAME), naming the backend in the --json line', async () => {
    // A library of its own: this process's library holds the writer role (it drafts above),
    // and a second process may not draft beside it (test/faults/two-processes.test.ts).
    const cli = testLibrary();
    const paperId = addTestPaper(cli.services);
    await cli.services.close();
    const add = runCliProcess([
      'models',
      'add',
      '--server',
      `${server.url}/v1`,
      '--name',
      ALIAS,
      '--data-dir',
      cli.dir,
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const r = runCliProcess([
      'draft',
      paperId,
      '--model',
      `server:${ALIAS}`,
      '--max-tokens',
      '8',
      '--seed',
      '3',
      '--json',
      '--data-dir',
      cli.dir,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({
      paperId,
      backend: `openai:${server.url}`,
      server: { url: server.url, model: ALIAS },
    });
    expect(summary.promptSha256).toMatch(/^[0-9a-f]{64}$/);

    const missing = runCliProcess(['draft', paperId, '--model', 'server:nope', '--data-dir', cli.dir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      'paper-review: No served model named "nope"; add it with "models add --server URL --name nope".',
    );
    await cli.close();
  });

  it('stops a draft mid-stream and keeps its text', async () => {
    const { engine } = lib.services;
    const paperId = addTestPaper(lib.services);
    let requestId = '';
    const out = await engine.drafter.draft(
      { paperId, modelId, seed: 1, maxTokens: 1200 },
      {
        onStart: (i) => (requestId = i.requestId),
        onDelta: () => engine.drafter.stop(requestId),
      },
    );
    expect(out.result.endReason).toBe('stopped');
    expect(out.result.tokensOut).toBeLessThan(1200);
    expect(getDraft(lib.services.db, out.draftId)).toMatchObject({
      endReason: 'stopped',
      text: out.result.text,
    });
  });

  it('reports a 4xx with the server message, and refuses a model the server does not serve', async () => {
    const err = await call({ url: server.url, key: null }, '/v1/completions', {
      body: { prompt: { bad: true } },
      timeoutMs: 10_000,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(
      new RegExp(`^The server at ${server.url} answered /v1/completions with 4\\d\\d: .+`),
    );

    const wrong = await lib.services.engine.models
      .addServer({ url: server.url, name: 'not-served' })
      .catch((e: unknown) => e);
    expect((wrong as AppError).code).toBe('not_found');
    expect((wrong as AppError).message).toBe(
      `The server at ${server.url} serves "${ALIAS}", not "not-served".`,
    );
  });

  it('fails a draft as data when the server is killed mid-stream, loses nothing, and drafts again after a restart', async () => {
    const { engine, db } = lib.services;
    const paperId = addTestPaper(lib.services);
    const first = await engine.drafter.draft({ paperId, modelId, seed: 2, maxTokens: 8 });
    const review = insertReview(db, {
      paperId,
      annotator: 'ann',
      templateId: first.prepared.template.id,
      sections: { s: 'kept' },
    });

    let killed: Promise<void> | null = null;
    const err = await engine.drafter
      .draft({ paperId, modelId, seed: 3, maxTokens: 1200 }, { onDelta: () => (killed ??= server.kill()) })
      .catch((e: unknown) => e);
    await killed;
    expect((err as AppError).code).toBe('engine_crashed');
    expect((err as AppError).message).toMatch(
      /^The server at http:\/\/127\.0\.0\.1:\d+ (closed the stream mid-draft|ended the stream)/,
    );
    const drafts = listDrafts(db, paperId);
    expect(drafts).toHaveLength(2);
    expect(drafts.find((d) => d.id !== first.draftId)?.endReason).toBe('error');
    expect(getDraft(db, first.draftId)?.text).toBe(first.result.text);
    expect(getReview(db, review.id)?.sections).toEqual({ s: 'kept' });

    // Down: a clear error, no hang.
    const down = await engine.drafter.draft({ paperId, modelId, maxTokens: 4 }).catch((e: unknown) => e);
    expect((down as AppError).message).toMatch(/is not reachable \(ECONNREFUSED\)/);

    server = await start();
    const again = await engine.drafter.draft({ paperId, modelId, seed: 2, maxTokens: 8 });
    expect(['done', 'length']).toContain(again.result.endReason);
  });

  it('pre-drafts a batch of 8 with 8 requests in flight (the server has 8 slots)', async () => {
    const { engine } = lib.services;
    const papers = Array.from({ length: 8 }, (_, i) =>
      addTestPaper(lib.services, {
        title: `Wave ${i}`,
        sections: [section('Intro', 'body', prose(60, i + 1))],
      }),
    );
    let maxRunning = 0;
    let maxInFlight = 0;
    const off = lib.services.events.subscribe((name, p) => {
      if (name === 'batchProgress') maxRunning = Math.max(maxRunning, (p as BatchProgress).running);
    });
    // Requests open on the server at once (plans and streams), sampled as they run.
    const poll = setInterval(
      () => (maxInFlight = Math.max(maxInFlight, engine.client.server.activeRequests)),
      5,
    );
    const b = engine.batches.start(papers, { modelId, maxTokens: 48, seed: 5 });
    await engine.batches.idle();
    clearInterval(poll);
    off();
    const final = engine.batches.progress(b.batchId);
    expect(final).toMatchObject({ done: 8, failed: 0, parallel: 8 });
    expect(final.parallelReason).toMatch(/runs 8 requests at once/);
    expect(maxRunning).toBe(8);
    expect(maxInFlight).toBe(8);
  });
});

describe.skipIf(SKIP_LLAMA_SERVER)('a llama-server with an API key', { timeout: 120_000 }, () => {
  let server: RunningServer;
  let lib: TestLibrary;

  beforeAll(async () => {
    server = await startLlamaServer(requireLlamaServerBinary(), {
      model: models.mistral,
      alias: ALIAS,
      apiKey: 'sekrit-123',
    });
    lib = testLibrary();
  }, 90_000);

  afterAll(async () => {
    await lib?.close();
    await server?.stop();
  });

  it('refuses a wrong key clearly, keeps the right one outside library.db (0600) and drafts with it', async () => {
    const { engine, db } = lib.services;
    const wrong = await engine.models
      .addServer({ url: server.url, name: ALIAS, key: 'nope' })
      .catch((e: unknown) => e);
    expect((wrong as AppError).code).toBe('unauthorized');
    expect((wrong as AppError).message).toMatch(
      /^The server at http:\/\/127\.0\.0\.1:\d+ refused the API key \(401: .+\)\.$/,
    );

    const m = await engine.models.addServer({ url: server.url, name: ALIAS, key: 'sekrit-123' });
    const out = await engine.drafter.draft({
      paperId: addTestPaper(lib.services),
      modelId: m.id,
      maxTokens: 4,
      seed: 1,
    });
    expect(out.result.tokensOut).toBeGreaterThan(0);
    expect(out.modelSha256).toBeNull();

    const keyFile = join(lib.dir, 'secrets', 'server-keys.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toEqual({ [m.id]: 'sekrit-123' });
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(join(lib.dir, 'library.db')).includes('sekrit-123')).toBe(false);
    expect(JSON.stringify(engine.models.get(m.id))).not.toContain('sekrit');
  });
});
