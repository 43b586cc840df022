import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../services';
import type { BatchProgress } from '../../shared/contract/engine';
import { listBatchJobs, setJobStatus } from '../store/repos/draft-jobs';
import { getDraft, listDrafts } from '../store/repos/drafts';
import { setPaperStatus } from '../store/repos/papers';
import { readEngineSettings, writeEngineSettings } from './settings';
import {
  addTestPaper,
  makeTestModels,
  prose,
  section,
  testLibrary,
  type TestLibrary,
} from './engine.fixtures';
import { BatchQueue, type BatchEngine } from './batch';
import { insertModel } from '../../../test/support/dataset-store';

const models = makeTestModels();
const dir = mkdtempSync(join(tmpdir(), 'prs-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('batch pre-drafting', () => {
  it('drafts a queue with progress and ETA, and resumes after a restart', async () => {
    // First run: queue three papers, let one finish, then "crash" (close) with one running.
    const first = createServices({ dataDir: dir, host: 'cli' });
    writeEngineSettings(first.db, { threads: 1, contextSize: 1024, maxTokens: 8 });
    const papers = [1, 2, 3].map((i) => addTestPaper(first, { title: `Paper ${i}` }));
    const model = await first.engine.models.add(models.mistral);
    const seen: BatchProgress[] = [];
    first.events.subscribe((name, p) => {
      if (name === 'batchProgress') seen.push(p as BatchProgress);
    });
    const started = first.engine.batches.start(papers, { modelId: model.id, maxTokens: 8, seed: 1 });
    expect(started).toMatchObject({ total: 3, queued: 3, done: 0 });
    await new Promise<void>((resolve) => {
      const off = first.events.subscribe((name, p) => {
        if (name === 'batchProgress' && (p as BatchProgress).done === 1) {
          off();
          resolve();
        }
      });
    });
    await first.close();
    const afterDone = seen.find((p) => p.done === 1)!;
    expect(afterDone.etaMs).toBeGreaterThan(0);
    // Simulate a process that died mid-job: a job left 'running' in the database.
    const second = createServices({ dataDir: dir, host: 'cli' });
    const left = listBatchJobs(second.db, started.batchId).filter((j) => j.status !== 'done');
    expect(left.length).toBeGreaterThan(0);
    setJobStatus(second.db, left[0]!.id, 'running');
    second.engine.batches.resume(); // the app does this when it starts (the CLI does not)
    await second.engine.batches.idle();
    const final = second.engine.batches.progress(started.batchId);
    // "auto" (the default) on the CPU: one at a time.
    expect(final).toMatchObject({ total: 3, done: 3, queued: 0, running: 0, failed: 0, parallel: 1 });
    expect(final.parallelReason).toBe('The CPU backend drafts one paper at a time.');
    expect(final.etaMs).toBeNull(); // finished: no ETA left to show
    expect(listBatchJobs(second.db, started.batchId).every((j) => j.draftId)).toBe(true);
    await second.close();
  });

  it('leaves out papers already approved, skipped or rejected', async () => {
    const s = createServices({ dataDir: dir, host: 'cli' });
    const model = s.engine.models.list()[0]!;
    const papers = [7, 8, 9].map((i) => addTestPaper(s, { title: `Paper ${i}` }));
    setPaperStatus(s.db, papers[0]!, 'approved');
    setPaperStatus(s.db, papers[1]!, 'skipped');
    const b = s.engine.batches.cancel(
      s.engine.batches.start(papers, { modelId: model.id, maxTokens: 8 }).batchId,
    );
    expect(b).toMatchObject({ total: 1, leftOut: 2 });
    expect(listBatchJobs(s.db, b.batchId).map((j) => j.paperId)).toEqual([papers[2]]);
    expect(() => s.engine.batches.start(papers.slice(0, 2), { modelId: model.id })).toThrow(
      /already approved, skipped or rejected/,
    );
    await s.engine.batches.idle();
    await s.close();
  });

  it('cancels the rest of a batch', async () => {
    const s = createServices({ dataDir: dir, host: 'cli' });
    const model = s.engine.models.list()[0]!;
    const papers = [4, 5, 6].map((i) => addTestPaper(s, { title: `Paper ${i}` }));
    const b = s.engine.batches.start(papers, { modelId: model.id, maxTokens: 8 });
    const cancelled = s.engine.batches.cancel(b.batchId);
    expect(cancelled.cancelled + cancelled.done + cancelled.running).toBe(3);
    await s.engine.batches.idle();
    const final = s.engine.batches.progress(b.batchId);
    expect(final.queued).toBe(0);
    expect(final.done).toBeLessThanOrEqual(1);
    await s.close();
  });

  it('names the papers that failed and why, and drafts the rest', async () => {
    const s = createServices({ dataDir: dir, host: 'cli' });
    const model = s.engine.models.list()[0]!;
    const fine = addTestPaper(s, { title: 'A paper that fits' });
    // An abstract longer than the whole context: trimming body sections cannot make it fit.
    const huge = addTestPaper(s, {
      title: 'A paper too long',
      sections: [section('Abstract', 'abstract', prose(3000))],
    });
    const b = s.engine.batches.start([huge, fine], { modelId: model.id, maxTokens: 8 });
    await s.engine.batches.idle();
    const final = s.engine.batches.progress(b.batchId);
    expect(final).toMatchObject({ done: 1, failed: 1 });
    expect(final.failures).toEqual([
      {
        paperId: huge,
        title: 'A paper too long',
        error: expect.stringMatching(/does not fit even after trimming/),
      },
    ]);
    await s.close();
  });
});

/** Parallel batch drafting on the tiny model (CPU): N papers at once in one N-sequence context. */
describe('parallel batch pre-drafting', () => {
  /** Collects the batchProgress events until `off()`. */
  function progressOf(s: Services) {
    const seen: BatchProgress[] = [];
    const off = s.events.subscribe((name, p) => {
      if (name === 'batchProgress') seen.push(p as BatchProgress);
    });
    return { seen, off };
  }

  /** Resolves once `n` different drafts have streamed text. */
  function generating(s: Services, n: number): Promise<void> {
    const drafts = new Set<string>();
    return new Promise((resolve) => {
      const off = s.events.subscribe((name, p) => {
        if (name === 'draftDelta' && drafts.add((p as { draftId: string }).draftId).size === n) {
          off();
          resolve();
        }
      });
    });
  }

  it('drafts 5 papers 3 at a time, each with full provenance; a later draft reuses the context', async () => {
    const lib = testLibrary();
    try {
      const s = lib.services;
      writeEngineSettings(s.db, { sequences: 3 });
      const model = await s.engine.models.add(models.mistral);
      const papers = [1, 2, 3, 4, 5].map((i) => addTestPaper(s, { title: `Parallel ${i}` }));
      const { seen, off } = progressOf(s);
      const b = s.engine.batches.start(papers, { modelId: model.id, maxTokens: 8, seed: 1 });
      await s.engine.batches.idle();
      off();
      expect(s.engine.batches.progress(b.batchId)).toMatchObject({
        total: 5,
        done: 5,
        failed: 0,
        running: 0,
        parallel: 3,
      });
      expect(Math.max(...seen.map((p) => p.running))).toBe(3);
      expect(seen.at(-1)).toMatchObject({
        parallel: 3,
        parallelReason: 'The engine settings ask for 3 at a time.',
      });
      for (const job of listBatchJobs(s.db, b.batchId)) {
        const d = getDraft(s.db, job.draftId!)!;
        expect(d).toMatchObject({
          paperId: job.paperId,
          endReason: 'length',
          tokensOut: 8,
          backend: 'cpu',
          seed: 1,
          contextSize: 2048,
        });
        const prov = d.provenance as { messages: Array<{ role: string }>; renderedPrompt: string };
        // Mistral v0.2's template has no system role: one user turn, the system text folded in.
        expect(prov.messages.map((m) => m.role)).toEqual(['user']);
        expect(createHash('sha256').update(prov.renderedPrompt).digest('hex')).toBe(d.promptHash);
        // The CPU backend keeps node-llama-cpp's 512 (estimate.ts resolveBatchSize).
        expect(d.provenance).toMatchObject({
          engine: { sequences: 3, batchSize: 512, kvCacheType: 'f16', nodeLlamaCpp: '3.21.1' },
        });
      }
      // An interactive draft asks for one sequence (and the default batch size) and takes a
      // free one of the batch's context.
      const one = await s.engine.drafter.draft({ paperId: papers[0]!, modelId: model.id, maxTokens: 4 });
      expect(one.prepared.spec).toMatchObject({ sequences: 1, batchSize: null });
      expect(one.prepared.plan.loaded.reused).toBe(true);
      expect(getDraft(s.db, one.draftId)!.provenance).toMatchObject({
        engine: { sequences: 3, batchSize: 512 },
      });
    } finally {
      await lib.close();
    }
  });

  it('cancel stops every running draft of the batch; after a restart the rest is drafted', async () => {
    const first = testLibrary();
    let second: TestLibrary | undefined;
    try {
      // Long drafts (maxTokens comes from the settings: the jobs do not store it), so three
      // are still generating when the batch is cancelled or the app closes.
      writeEngineSettings(first.services.db, { sequences: 3, contextSize: 4096, maxTokens: 3000 });
      const engine = first.services.engine;
      const model = await engine.models.add(models.mistral);
      const papers = [1, 2, 3, 4, 5].map((i) => addTestPaper(first.services, { title: `Cancel ${i}` }));
      const b = engine.batches.start(papers, { modelId: model.id });
      await generating(first.services, 3);
      expect(engine.batches.cancel(b.batchId)).toMatchObject({ cancelled: 5, queued: 0, running: 0 });
      await engine.batches.idle();
      const drafts = papers.flatMap((p) => listDrafts(first.services.db, p));
      expect(drafts.map((d) => d.endReason)).toEqual(['stopped', 'stopped', 'stopped']);

      const again = engine.batches.start(papers, { modelId: model.id });
      await generating(first.services, 3);
      await first.services.close(); // stops the three; their jobs stay queued
      second = testLibrary(first.dir); // the same library, now with 32-token drafts
      const s = second.services;
      expect(listBatchJobs(s.db, again.batchId).map((j) => j.status)).toEqual(Array(5).fill('queued'));
      const { seen, off } = progressOf(s);
      s.engine.batches.resume();
      await s.engine.batches.idle();
      off();
      expect(s.engine.batches.progress(again.batchId)).toMatchObject({
        done: 5,
        queued: 0,
        running: 0,
        failed: 0,
        parallel: 3,
      });
      expect(Math.max(...seen.map((p) => p.running))).toBe(3);
      expect(
        listBatchJobs(s.db, again.batchId).every((j) => getDraft(s.db, j.draftId!)?.endReason === 'length'),
      ).toBe(true);
    } finally {
      await (second ?? first).close();
    }
  });

  it('says why: the setting, capped at the papers queued, or one where the engine cannot say', async () => {
    const lib = testLibrary();
    try {
      const s = lib.services;
      const modelId = insertModel(s.db);
      const papers = [1, 2].map((i) => addTestPaper(s, { title: `Why ${i}` }));
      const engine: BatchEngine = {
        draft: () => Promise.reject(new Error('not drafting in this test')),
        stop: () => undefined,
        parallelism: () => Promise.reject(new Error('model file gone')),
      };
      const queue = new BatchQueue(s.db, s.events, engine);
      const worked = async () => {
        const b = queue.start(papers, { modelId });
        await queue.idle();
        return queue.progress(b.batchId);
      };
      expect(await worked()).toMatchObject({
        parallel: 1,
        parallelReason: 'The engine could not say how many fit (model file gone): one paper at a time.',
      });
      writeEngineSettings(s.db, { sequences: 3 });
      expect(await worked()).toMatchObject({
        parallel: 2,
        parallelReason: 'The engine settings ask for 3 at a time; 2 papers are queued.',
      });
    } finally {
      await lib.close();
    }
  });

  it('"auto" drafts one paper at a time on the CPU', async () => {
    const lib = testLibrary();
    try {
      const model = await lib.services.engine.models.add(models.mistral);
      expect(readEngineSettings(lib.services.db).sequences).toBe(0);
      const answer = await lib.services.engine.parallelism({ paperId: 'any', modelId: model.id }, 8);
      expect(answer).toEqual({ sequences: 1, reason: 'The CPU backend drafts one paper at a time.' });
    } finally {
      await lib.close();
    }
  });
});
