/**
 * The contract harness on workerd: the Worker's own fetch (src/worker.ts) over this test file's local D1,
 * migrated by test/workers/apply-migrations.ts and seeded here through the same `seedForTests` as on Node.
 * Resolved as `#contract-runtime` by vitest.workers.config.ts.
 */
import { env } from 'cloudflare:test';
import { exports } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import * as schema from '../../db/schema';
import type { Db } from '../../src/db';
import { seedForTests } from '../support/seeded';
import type { SeededRuntime } from './runtime';

export async function seededRuntime(): Promise<SeededRuntime> {
  const db = drizzle(env.DB, { schema }) as unknown as Db;
  await seedForTests(db);
  // A service binding's fetch follows redirects unless told not to; a client (and app.request on Node) sees them.
  const fetch = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`https://moc.example${path}`, { ...init, redirect: 'manual' }));
  return { name: 'workerd', db, fetch };
}
