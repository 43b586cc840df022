import type { WorkerHandle } from '../../engine/spawner';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { fixture } from './pdf.fixtures';
import { createExtractPool, spawnExtractWorker } from './worker-client';
import type { ExtractPool } from './worker-pool';

let pool: ExtractPool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

/** A pool whose workers the test can see (to kill one as a crash would). */
function tracked(opts: { size?: number; idleMs?: number } = {}) {
  const started: WorkerHandle[] = [];
  pool = createExtractPool({
    ...opts,
    spawn: () => {
      const w = spawnExtractWorker();
      started.push(w);
      return w;
    },
  });
  return { pool, started };
}

describe('ExtractPool', () => {
  it('reuses one worker for files extracted one after another', async () => {
    const { pool: p } = tracked({ size: 2 });
    const a = await p.run(fixture('iclr2017-gcrn.pdf'));
    const b = await p.run(fixture('acl2020-s2orc.pdf'), { maxPages: 2 });
    expect(a.meta.pages).toBe(6);
    expect(b.meta.pages).toBe(15);
    expect(p.spawned).toBe(1);
    expect(p.workers).toBe(1);
  });

  it('runs up to `size` files at once, in separate workers', async () => {
    const { pool: p } = tracked({ size: 2 });
    const [a, b, c] = await Promise.all([
      p.run(fixture('iclr2017-gcrn.pdf'), { maxPages: 1 }),
      p.run(fixture('iclr2017-gcrn.pdf'), { maxPages: 1 }),
      p.run(fixture('iclr2017-gcrn.pdf'), { maxPages: 1 }),
    ]);
    expect([a, b, c].map((r) => r.meta.pages)).toEqual([6, 6, 6]);
    expect(p.spawned).toBe(2);
  });

  it('a worker that dies fails only its file and is replaced', async () => {
    const { pool: p, started } = tracked({ size: 1 });
    const dying = p.run(fixture('acl2020-s2orc.pdf'), { onProgress: () => started[0]?.kill('SIGKILL') });
    const next = p.run(fixture('iclr2017-gcrn.pdf'), { maxPages: 1 });
    const err = await dying.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('internal');
    expect((await next).meta.pages).toBe(6);
    expect(p.spawned).toBe(2);
  });

  it('a worker-side error is an AppError with its code, and the worker stays', async () => {
    const { pool: p } = tracked({ size: 1 });
    const err = await p.run(fixture('bad-truncated-acl2020-s2orc.pdf')).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('bad_file');
    await p.run(fixture('iclr2017-gcrn.pdf'), { maxPages: 1 });
    expect(p.spawned).toBe(1);
  });

  it('a job aborted while queued never starts and costs no worker', async () => {
    const { pool: p } = tracked({ size: 1 });
    const ac = new AbortController();
    const first = p.run(fixture('iclr2017-gcrn.pdf'), { maxPages: 1 });
    const queued = p.run(fixture('iclr2017-gcrn.pdf'), {
      signal: ac.signal,
      onProgress: () => expect.fail('started'),
    });
    ac.abort();
    expect(((await queued.catch((e: unknown) => e)) as AppError).code).toBe('cancelled');
    expect((await first).meta.pages).toBe(6);
    expect(p.spawned).toBe(1);
  });

  it('ends its workers after being idle, and starts a fresh one when needed again', async () => {
    const { pool: p } = tracked({ size: 2, idleMs: 200 });
    await p.run(fixture('iclr2017-gcrn.pdf'), { maxPages: 1 });
    expect(p.workers).toBe(1);
    await new Promise((r) => setTimeout(r, 600));
    expect(p.workers).toBe(0);
    await p.run(fixture('iclr2017-gcrn.pdf'), { maxPages: 1 });
    expect(p.spawned).toBe(2);
  });
});
