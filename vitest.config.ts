import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/workers/**', 'node_modules/**'],
    setupFiles: ['test/support/cleanup.ts'],
    // Two files at a time on two cores (vitest's default would run one): browser tests mostly wait on Chromium
    // and the server, so a second worker roughly halves the suite (CI: 13.7 → ~8 minutes).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests poll the page; on two busy cores a second is not always enough.
    expect: { poll: { timeout: 10_000 } },
  },
});
