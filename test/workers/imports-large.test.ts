/**
 * Imports that fit (issue 16, part 5): a 5,000-item backup file, the most the API accepts, imported through the
 * Worker on a local D1 within D1's 1,000 queries per invocation (paid plan; local D1 does not enforce it, so
 * the test counts the statements the request sends), each item answered as on Node (test/imports-large.test.ts,
 * the same file and answers), each submission stored once and counted once; imported again, nothing is added.
 * One item at a time, the import cost 6 statements an item: ~30,000 for this file.
 */
import { env } from 'cloudflare:test';
import { count, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema';
import type { Db } from '../../src/db';
import { maxBackupItems } from '../../src/domain/backup';
import { resetAggregates } from '../../src/queries/aggregates';
import { createSession } from '../../src/queries/sessions';
import { seedProgramme } from '../../src/seed/seed';
import { seedDemoUsers } from '../../src/seed/users';
import { catchUpAggregates } from '../../src/workflows/aggregates';
import { keptState, lan, largeImport } from '../support/large-import';
import { countingWorker } from './counting-d1';
import { base } from './support';

const db = drizzle(env.DB, { schema: s }) as unknown as Db;
const { file, sentBefore, expected } = largeImport(maxBackupItems);
/** D1's queries per Worker invocation on the paid plan. */
const d1QueriesPerInvocation = 1000;
let token = '';

beforeAll(async () => {
  await seedProgramme(db);
  // The demo people of Node's tests; passwords are not used (the session is created below), so no scrypt cost.
  await seedDemoUsers(db, 'unused', { N: 2, r: 1, p: 1 }, false, async () => new Uint8Array(32));
  const [user] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, lan));
  token = (await createSession(db, user.id, 'api', new Date(), 3_600_000)).token;
}, 60_000);

const counted = countingWorker();
/** One request to the Worker over a D1 binding that counts its statements. */
const send = (method: string, path: string, body: unknown) =>
  counted(new Request(`${base}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) }));

const storedRows = async () => (await db.select({ n: count() }).from(s.submissions))[0].n;

describe('a 5,000-item import on Workers with D1', () => {
  it('answers every item as on Node within one invocation’s D1 queries, each submission stored and counted once', async () => {
    for (const item of sentBefore) expect((await send('POST', '/api/v1/submissions', { ...item, evaluator: undefined })).res.status).toBe(201);
    const { res, statements } = await send('POST', '/api/v1/imports', file);
    expect(res.status).toBe(200);
    const report = await res.json<{ results: { id: string; status: number }[]; stored: number; alreadyThere: number; refused: number }>();
    expect(report.results.map((r) => r.status)).toEqual(expected);
    expect(report.results.map((r) => r.id)).toEqual(file.submissions.map((item) => item.id));
    expect(statements).toBeLessThanOrEqual(d1QueriesPerInvocation / 2);

    // One row per submission: the file's new ones and those sent before.
    const distinct = expected.filter((x) => x === 201).length + sentBefore.length;
    expect(report).toMatchObject({ stored: distinct - sentBefore.length, alreadyThere: expected.filter((x) => x === 200).length });
    expect(await storedRows()).toBe(distinct);

    // Counted once each: the kept sums equal counting every stored row again. Each round's registered figures are
    // its last checklist's in file order (same reference date: the later replaces the earlier, as sent one by one).
    const kept = await keptState(db);
    const lastChecklist = new Map(file.submissions.flatMap((item, i) => (item.instrument === 'commune-checklist' && expected[i] === 201 ? [[item.round, item.id] as const] : [])));
    expect(new Set(kept.figures.map((f) => `${f.roundId} ${f.submissionId}`))).toEqual(new Set([...lastChecklist].map(([round, id]) => `${round} ${id}`)));
    await resetAggregates(db);
    expect(await catchUpAggregates(db)).toBe(distinct);
    expect((await keptState(db)).sums).toEqual(kept.sums);

    const again = await send('POST', '/api/v1/imports', file);
    const second = await again.res.json<{ results: { status: number }[]; stored: number }>();
    expect(second.stored).toBe(0);
    expect(second.results.map((r) => r.status)).toEqual(expected.map((x) => (x === 201 ? 200 : x)));
    expect(again.statements).toBeLessThanOrEqual(d1QueriesPerInvocation / 2);
    console.log(`import of ${file.submissions.length} items on D1: ${statements} statements; imported again: ${again.statements}`);
    expect(await storedRows()).toBe(distinct);
  });
});
