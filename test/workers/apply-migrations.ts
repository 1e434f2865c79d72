import { applyD1Migrations, env } from 'cloudflare:test';

// The same drizzle-kit migrations wrangler applies (migrations_dir), on this test's local D1.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
