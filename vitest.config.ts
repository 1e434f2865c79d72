import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The contract suite's runtime (test/contract/harness.ts); vitest.workers.config.ts maps it to workerd.
  resolve: { alias: { '#contract-runtime': join(import.meta.dirname, 'test', 'contract', 'node.ts') } },
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
