import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp';
import { insertModel } from '../../../test/support/dataset-store';
import { createServices, type Services } from '../services';
import { seedPaper } from '../review/seed.fixtures';
import { claimNextJob, insertJobs, listBatchJobs } from '../store/repos/draft-jobs';
import type { Db } from '../store/open';
import { processAlive } from './identity';
import { listProcesses, writerProcess } from './processes';
import { recoverOrphans } from './recovery';

/** A pid that surely belonged to a process that has exited (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(r.stdout);
}

function addDeadProcess(db: Db, opts: { writer?: boolean } = {}): string {
  const id = randomUUID();
  db.prepare(
    'INSERT INTO processes (instance_id, pid, hostname, kind, started_at, writer) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(id, deadPid(), hostname(), 'web', new Date(Date.now() - 60_000).toISOString(), opts.writer ? 1 : 0);
  return id;
}

function addRunningDraft(db: Db, paperId: string, ownerId: string | null): string {
  const id = randomUUID();
  db.prepare(
    "INSERT INTO drafts (id, paper_id, text, end_reason, created_at, owner_id) VALUES (?, ?, 'partial', 'running', ?, ?)",
  ).run(id, paperId, new Date().toISOString(), ownerId);
  return id;
}

const endOf = (db: Db, id: string) => db.prepare('SELECT end_reason, text FROM drafts WHERE id = ?').get(id);

describe('ownership of running work', () => {
  let dir: ReturnType<typeof tempDir>;
  let s: Services;
  beforeEach(() => {
    dir = tempDir();
    s = createServices({ dataDir: dir.path, host: 'cli' });
  });
  afterEach(async () => {
    await s.close();
    dir.remove();
  });

  it('tells live processes from dead ones, and a reused pid from its first owner', () => {
    expect(
      processAlive({
        pid: process.pid,
        hostname: hostname(),
        started_at: listProcesses(s.db)[0]!.started_at,
      }),
    ).toBe(true);
    expect(
      processAlive({ pid: process.pid, hostname: hostname(), started_at: '2001-01-01T00:00:00.000Z' }),
    ).toBe(false);
    expect(
      processAlive({ pid: deadPid(), hostname: hostname(), started_at: '2001-01-01T00:00:00.000Z' }),
    ).toBe(false);
    // Another machine's process (a library on a shared folder): never taken as dead.
    expect(
      processAlive({ pid: deadPid(), hostname: `not-${hostname()}`, started_at: '2001-01-01T00:00:00.000Z' }),
    ).toBe(true);
  });

  it("recovers only a dead process's drafts and jobs, keeping the text", () => {
    const paper = seedPaper(s, 'P');
    const model = insertModel(s.db);
    const dead = addDeadProcess(s.db);
    const theirs = addRunningDraft(s.db, paper, dead);
    const mine = addRunningDraft(s.db, paper, s.instanceId);
    const legacy = addRunningDraft(s.db, paper, null);
    insertJobs(
      s.db,
      'b',
      [1, 2, 3].map(() => ({ id: randomUUID(), paperId: paper, modelId: model, options: {} })),
    );
    s.db.prepare("UPDATE draft_jobs SET status = 'running', owner_id = ? WHERE rowid = 1").run(dead);
    s.db.prepare("UPDATE draft_jobs SET status = 'running', owner_id = ? WHERE rowid = 2").run(s.instanceId);

    expect(recoverOrphans(s.db)).toEqual({ processes: 1, drafts: 2, jobs: 1 });
    expect(endOf(s.db, theirs)).toEqual({ end_reason: 'error', text: 'partial' });
    expect(endOf(s.db, legacy)).toMatchObject({ end_reason: 'error' });
    expect(endOf(s.db, mine)).toMatchObject({ end_reason: 'running' });
    expect(listBatchJobs(s.db, 'b').map((j) => [j.status, j.ownerId])).toEqual([
      ['queued', null],
      ['running', s.instanceId],
      ['queued', null],
    ]);
    expect(listProcesses(s.db).map((p) => p.instance_id)).toEqual([s.instanceId]);
    // A second process opening the library changes nothing of a live one's work.
    const other = createServices({ dataDir: dir.path, host: 'cli' });
    expect(endOf(s.db, mine)).toMatchObject({ end_reason: 'running' });
    return other.close();
  });

  it('claims each job once, oldest first, naming the owner', () => {
    const paper = seedPaper(s, 'P');
    const model = insertModel(s.db);
    insertJobs(
      s.db,
      'b',
      [1, 2].map(() => ({ id: randomUUID(), paperId: paper, modelId: model, options: {} })),
    );
    const [first, second] = listBatchJobs(s.db, 'b');
    expect(claimNextJob(s.db, 'b', 'me')).toMatchObject({ id: first!.id, status: 'running', ownerId: 'me' });
    expect(claimNextJob(s.db, 'b', 'you')).toMatchObject({ id: second!.id, ownerId: 'you' });
    expect(claimNextJob(s.db, 'b', 'me')).toBeNull();
    expect(claimNextJob(s.db, 'other-batch', 'me')).toBeNull();
  });
});

describe('the writer role', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('is taken by the app at start and refused to a CLI with a one-line reason', async () => {
    const app = createServices({ dataDir: dir.path, host: 'web' });
    const cli = createServices({ dataDir: dir.path, host: 'cli' });
    expect(writerProcess(cli.db)?.instance_id).toBe(app.instanceId);
    expect(() => cli.ensureWriter()).toThrow(
      `The library is in use by pid ${process.pid} (the web host, npm run serve); draft from there, or close it and try again.`,
    );
    app.ensureWriter(); // the holder may ask again
    await app.close();
    cli.ensureWriter(); // released on close
    expect(writerProcess(cli.db)?.instance_id).toBe(cli.instanceId);
    await cli.close();
  });

  it("is taken over from a holder that died, recovering that holder's draft", async () => {
    const s = createServices({ dataDir: dir.path, host: 'cli' });
    const dead = addDeadProcess(s.db, { writer: true });
    const draft = addRunningDraft(s.db, seedPaper(s, 'P'), dead);
    s.ensureWriter();
    expect(writerProcess(s.db)?.instance_id).toBe(s.instanceId);
    expect(endOf(s.db, draft)).toMatchObject({ end_reason: 'error' });
    await s.close();
  });
});
