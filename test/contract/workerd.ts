/**
 * The contract harness on workerd: the Worker's own fetch (src/worker.ts) over this test file's local D1,
 * migrated by test/workers/apply-migrations.ts and seeded here through the same `seedForTests` as on Node.
 * Resolved as `#contract-runtime` by vitest.workers.config.ts.
 *
 * The Worker's D1 binding counts the statements each request sends (test/workers/counting-d1.ts), and a request
 * over `statementBudget` fails the test that made it, naming the request: D1 allows 1,000 queries per
 * invocation (paid plan) and local D1 does not enforce it. Requests go one at a time so that each count is
 * its own; `afterAll` logs each file's costliest requests.
 */
import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { afterAll, expect } from 'vitest';
import * as schema from '../../db/schema';
import type { Db } from '../../src/db';
import { countingWorker } from '../workers/counting-d1';
import { seedForTests } from '../support/seeded';
import type { SeededRuntime } from './runtime';

/** The most D1 statements one request of the contract suite may send: a tenth of D1's 1,000 per invocation. */
export const statementBudget = 100;

/** Each request this file sent to the Worker, with the D1 statements it cost. */
export const statementsPerRequest: { request: string; status: number; statements: number }[] = [];

afterAll(() => {
  const costliest = [...statementsPerRequest].sort((a, b) => b.statements - a.statements).slice(0, 5);
  if (costliest.length > 0) console.log(`D1 statements, costliest requests of ${statementsPerRequest.length}: ${costliest.map((r) => `${r.request} ${r.status}: ${r.statements}`).join('; ')}`);
});

export async function seededRuntime(): Promise<SeededRuntime> {
  const db = drizzle(env.DB, { schema }) as unknown as Db;
  await seedForTests(db);
  const send = countingWorker();
  async function counted(path: string, init?: RequestInit) {
    // A client (and app.request on Node) sees redirects: not followed.
    const request = new Request(`https://moc.example${path}`, { ...init, redirect: 'manual' });
    const { res, statements } = await send(request);
    const name = `${request.method} ${path}`;
    statementsPerRequest.push({ request: name, status: res.status, statements });
    expect(statements, `D1 statements of ${name}`).toBeLessThanOrEqual(statementBudget);
    return res;
  }
  let previous: Promise<unknown> = Promise.resolve();
  const fetch = (path: string, init?: RequestInit) => {
    const res = previous.then(() => counted(path, init));
    previous = res.catch(() => undefined);
    return res;
  };
  return { name: 'workerd', db, fetch };
}
