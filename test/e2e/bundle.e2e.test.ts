import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../src/core/services';
import { createHandlers, dispatch, type Handlers } from '../../src/core/api';
import { forkSpawner } from '../../src/core/engine/spawner';
import { closeExtractPool } from '../../src/core/library/pdf/worker-client';
import { useBuiltWorkers, workerEntry } from '../../src/core/workers';
import { makeTestModels } from '../support/make-test-models';
import { fixturePdf } from '../support/corpus';
import { REPO_ROOT, tempDir } from '../support/temp';

/**
 * The desktop build's worker bundles (out/main/*-worker.js, emitted by `npm run build`) run
 * under plain Node here, as Electron's utilityProcess and worker threads would run them:
 * import a PDF through the bundled extractor, draft through the bundled engine worker,
 * export through the bundled exporter. No Electron binary is needed for this.
 */
const OUT = join(REPO_ROOT, 'out', 'main');
const built = ['engine-worker.js', 'extract-worker.js', 'export-worker.js'].every((f) =>
  existsSync(join(OUT, f)),
);

describe.skipIf(!built)('Electron build: bundled workers', () => {
  const dir = tempDir('prs-bundle-');
  let services: Services;
  let handlers: Handlers;
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const r = await dispatch(handlers, name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };

  beforeAll(() => {
    useBuiltWorkers(OUT);
    services = createServices({
      dataDir: join(dir.path, 'lib'),
      host: 'cli',
      engineSpawner: forkSpawner(workerEntry('engine-worker')),
    });
    handlers = createHandlers(services);
  });
  afterAll(async () => {
    await services?.close();
    await closeExtractPool();
    useBuiltWorkers(undefined);
    dir.remove();
  });

  it('imports, drafts, approves and exports through the bundled workers', async () => {
    const imported = await call<{ results: Array<{ status: string; id?: string }> }>('importPapers', {
      paths: [fixturePdf('iclr2017-gcrn.pdf')],
    });
    expect(imported.results[0]?.status).toBe('imported');
    const paperId = imported.results[0]!.id!;

    const models = await makeTestModels(join(dir.path, 'models'));
    await call('updateEngineSettings', { threads: 1, contextSize: 4096, maxTokens: 16 });
    const model = await call<{ id: string }>('addModel', { path: models.mistral });
    const finished = new Promise<{ endReason: string }>((resolve) => {
      const off = services.events.subscribe((event, payload) => {
        if (event === 'draftFinished') {
          off();
          resolve(payload as { endReason: string });
        }
      });
    });
    await call('startDraft', { paperId, modelId: model.id, seed: 7 });
    expect(['done', 'length']).toContain((await finished).endReason);

    await call('updateSettings', { annotator: 'Ada' });
    const review = await call<{ id: string }>('openReview', { paperId });
    await call('approveUnchanged', { reviewId: review.id });

    const out = join(dir.path, 'export');
    const result = await call<{ counts: { train: number; validation: number } }>('exportDataset', {
      format: 'messages',
      outDir: out,
      valRatio: 0,
      include: ['all'],
    });
    expect(result.counts.train).toBe(1);
    const record = JSON.parse(readFileSync(join(out, 'train.jsonl'), 'utf8').trim()) as {
      messages: Array<{ role: string }>;
    };
    // The tiny Mistral's template has no system role: the system text is folded into the user turn.
    expect(record.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});
