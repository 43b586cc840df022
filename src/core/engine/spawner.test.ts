import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { workerEnv } from './spawner';

describe('workerEnv', () => {
  it('gives the engine worker one libuv pool thread per core (at least 4), so parallel drafts sample at once', () => {
    const env = workerEnv({ PATH: '/bin' });
    expect(env.PATH).toBe('/bin');
    expect(Number(env.UV_THREADPOOL_SIZE)).toBe(Math.min(64, Math.max(4, os.availableParallelism())));
  });

  it('keeps a pool size the user chose', () => {
    expect(workerEnv({ UV_THREADPOOL_SIZE: '7' }).UV_THREADPOOL_SIZE).toBe('7');
  });
});
