import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../services';
import type { BatchProgress } from '../../shared/contract/engine';
import { listBatchJobs, setJobStatus } from '../store/repos/draft-jobs';
import { writeEngineSettings } from './settings';
import { addTestPaper, makeTestModels } from './testing';

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
    expect(final).toMatchObject({ total: 3, done: 3, queued: 0, running: 0, failed: 0 });
    expect(listBatchJobs(second.db, started.batchId).every((j) => j.draftId)).toBe(true);
    await second.close();
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
});
