import { defineConfig } from 'vitest/config';

// Unit and integration tests sit next to the code; end-to-end tests have their own config.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    // Browser cases of the fault suite need the built renderer: they run with the e2e config.
    exclude: ['test/e2e/**', 'test/faults/**/*.e2e.test.ts', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
