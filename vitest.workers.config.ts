/** The Workers suite and the contract suite: the same app on workerd with a local D1, migrated from db/migrations. */
import { join } from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig(async () => {
  const migrations = await readD1Migrations(join(import.meta.dirname, 'db', 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        // Two wrong passwords before sign-in waits: each costs a full pure-JS scrypt at the Workers cost (~0.5 s on
        // local workerd, ~5 s under this test pool).
        miniflare: { bindings: { TEST_MIGRATIONS: migrations, SIGNIN_FAILURES_PER_ACCOUNT: '2' } },
      }),
    ],
    // The contract suite (test/contract/*.test.ts) runs here too, over the Worker's fetch and this file's D1.
    resolve: { alias: { '#contract-runtime': join(import.meta.dirname, 'test', 'contract', 'workerd.ts') } },
    test: {
      include: ['test/workers/**/*.test.ts', 'test/contract/**/*.test.ts'],
      setupFiles: ['./test/workers/apply-migrations.ts'],
      testTimeout: 60_000,
      // Hooks sign in too (a Workers-cost scrypt, seconds under this pool, more on two busy cores).
      hookTimeout: 60_000,
    },
  };
});
