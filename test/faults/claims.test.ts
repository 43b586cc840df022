import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { insertModel } from '../support/dataset-store';
import { createServices } from '../../src/core/services';
import { seedPaper } from '../../src/core/review/seed.fixtures';
import { insertJobs, listBatchJobs } from '../../src/core/store/repos/draft-jobs';
import { REPO_ROOT, tempDir } from '../support/temp';

/** Two processes claiming from one batch at the same instant: every job is claimed exactly once. */
const temp = tempDir('prs-claims-');
afterAll(() => temp.remove());

const JOBS = 600;

function claimer(batchId: string, startAt: number): Promise<{ pid: number; claimed: string[] }> {
  return promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'test/support/claim-jobs-process.ts'),
      temp.path,
      batchId,
      String(startAt),
    ],
    { cwd: REPO_ROOT, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
  ).then((r) => JSON.parse(r.stdout) as { pid: number; claimed: string[] });
}

describe('atomic job claims across processes', () => {
  it(`${JOBS} jobs, two processes: each claimed once, none lost, both took part`, async () => {
    const s = createServices({ dataDir: temp.path, host: 'cli' });
    const paper = seedPaper(s, 'P');
    const model = insertModel(s.db);
    const batchId = randomUUID();
    insertJobs(
      s.db,
      batchId,
      Array.from({ length: JOBS }, () => ({ id: randomUUID(), paperId: paper, modelId: model, options: {} })),
    );
    // Far enough ahead for both to have started (tsx start-up on a busy 2-core box).
    const startAt = Date.now() + 15_000;
    const [a, b] = await Promise.all([claimer(batchId, startAt), claimer(batchId, startAt)]);
    const all = [...a.claimed, ...b.claimed];
    expect(new Set(all).size, 'a job was claimed twice').toBe(all.length);
    expect(all.length).toBe(JOBS);
    expect(a.claimed.length, 'the first process claimed nothing: no race was tested').toBeGreaterThan(0);
    expect(b.claimed.length, 'the second process claimed nothing: no race was tested').toBeGreaterThan(0);
    // Each job names the process that claimed it, and it is the one that reported it.
    const owners = new Map(listBatchJobs(s.db, batchId).map((j) => [j.id, j.ownerId]));
    expect(new Set(a.claimed.map((id) => owners.get(id))).size).toBe(1);
    expect(new Set(b.claimed.map((id) => owners.get(id))).size).toBe(1);
    expect(listBatchJobs(s.db, batchId).every((j) => j.status === 'running')).toBe(true);
    await s.close();
  }, 180_000);
});
