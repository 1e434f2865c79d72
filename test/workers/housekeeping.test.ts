/**
 * The cron trigger on workerd with D1 (issue 16, part 4): each scheduled invocation removes the sessions and
 * sign-in records expired at its scheduled time and keeps the live ones; after an indicator change (a stale
 * signature) the kept sums are rebuilt over several invocations, each within its statement budget, until they
 * equal a full count of the same submissions.
 */
import { createScheduledController, env } from 'cloudflare:test';
import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema';
import type { Db } from '../../src/db';
import { getMeta, setMeta } from '../../src/queries/meta';
import { seedDemoSubmissions } from '../../src/seed/demo';
import { seedProgramme } from '../../src/seed/seed';
import { syntheticEvaluator } from '../../src/seed/users';
import worker, { type WorkerEnv } from '../../src/worker';
import { catchUpAggregates } from '../../src/workflows/aggregates';
import { housekeepingSlice } from '../../src/workflows/housekeeping';
import { countingD1 } from './counting-d1';

const db = drizzle(env.DB, { schema: s }) as unknown as Db;
const now = new Date('2026-11-20T09:00:00.000Z');
const at = (h: number) => new Date(now.getTime() + h * 3600_000).toISOString();
let stored = 0;
let recomputed: Awaited<ReturnType<typeof keptSums>>;

beforeAll(async () => {
  await seedProgramme(db);
  await db.insert(s.users).values([{ id: 900, ...syntheticEvaluator, passwordHash: 'disabled$x' }]);
  stored = await seedDemoSubmissions(db, now, 30);
  expect(await catchUpAggregates(db)).toBe(stored);
  recomputed = await keptSums();
  // Counted under other definitions: a stale signature, and sums that are not today's definitions'.
  await setMeta(db, 'indicator_catalogue', 'before-the-change');
  await db.update(s.indicatorAggregates).set({ numerator: 999 });
  const session = { userId: 900, kind: 'api' as const, csrfToken: 'c', createdAt: at(-48) };
  await db.insert(s.sessions).values([
    { ...session, tokenHash: 'expired', expiresAt: at(-1) },
    { ...session, tokenHash: 'live', expiresAt: at(1) },
  ]);
  await db.insert(s.signInFailures).values([
    { key: 'account:forgotten', failures: 3, lockedUntil: null, expiresAt: at(-1) },
    { key: 'account:remembered', failures: 3, lockedUntil: null, expiresAt: at(1) },
  ]);
}, 60_000);

/** D1 statements of each cron invocation (counting-d1.ts): D1 runs at most 1,000 per invocation (paid plan). */
const statements: number[] = [];

/** One cron invocation at `now`, as the runtime makes it. */
async function cronInvocation() {
  const d1 = countingD1(env.DB);
  await worker.scheduled(createScheduledController({ scheduledTime: now.getTime(), cron: '* * * * *' }), { ...env, DB: d1 } as unknown as WorkerEnv);
  statements.push(d1.statements);
}

const uncounted = async () => (await db.select({ id: s.submissions.id }).from(s.submissions).where(eq(s.submissions.revision, 0))).length;

describe('the scheduled handler on D1', () => {
  it('purges what expired, then rebuilds the kept sums over several invocations within their budget', async () => {
    // More rows than one invocation counts: a row costs at least two statements.
    expect(stored).toBeGreaterThan(housekeepingSlice.maxStatements / 2);
    await cronInvocation();
    expect((await db.select({ tokenHash: s.sessions.tokenHash }).from(s.sessions)).map((x) => x.tokenHash)).toEqual(['live']);
    expect((await db.select({ key: s.signInFailures.key }).from(s.signInFailures)).map((x) => x.key)).toEqual(['account:remembered']);
    expect(await getMeta(db, 'indicator_catalogue')).not.toBe('before-the-change');

    const left = [await uncounted()];
    expect(left[0]).toBeGreaterThan(0);
    expect(stored - left[0]).toBeLessThanOrEqual(housekeepingSlice.maxStatements / 2);
    while (left.at(-1)! > 0 && left.length < 50) {
      await cronInvocation();
      left.push(await uncounted());
    }
    expect(left.at(-1)).toBe(0);
    for (let i = 1; i < left.length; i++) expect(left[i - 1] - left[i]).toBeLessThanOrEqual(housekeepingSlice.maxStatements / 2);
    expect(await keptSums()).toEqual(recomputed);
    // Within the pass's own budget: counting, plus a few statements for the purges and the catalogue check.
    console.log(`housekeeping passes on D1: ${statements.join(', ')} statements`);
    for (const n of statements) expect(n).toBeLessThanOrEqual(housekeepingSlice.maxStatements + 10);
  });
});

/** Every kept sum and registered figure, in a stable order. */
async function keptSums() {
  const a = s.indicatorAggregates;
  const sums = await db.select().from(a).orderBy(asc(a.basis), asc(a.roundId), asc(a.dimension), asc(a.indicatorId), asc(a.category), asc(a.communeId));
  const figures = await db.select().from(s.registeredCounts).orderBy(asc(s.registeredCounts.roundId), asc(s.registeredCounts.communeId), asc(s.registeredCounts.figure));
  return { sums, figures };
}
