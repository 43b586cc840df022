import { defineConfig } from 'vitest/config';

// End-to-end tests: the real web host on a temporary data dir, driven in Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts', 'test/faults/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false, // two cores: one browser at a time
    pool: 'forks',
  },
});
