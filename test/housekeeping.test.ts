/**
 * The background jobs (issue 16, part 4), as the cron trigger and Node's timer run them: a pass removes the
 * sessions and sign-in records expired by its `now` and keeps the live ones; after an indicator change (a stale
 * signature) the kept sums are rebuilt in bounded slices, each saying whether more remains, until they equal
 * a full recompute; Node's timer runs the passes until stopped.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import * as s from '../db/schema';
import { sha256Hex } from '../src/domain/crypto';
import { getMeta, setMeta } from '../src/queries/meta';
import { seedDemoSubmissions } from '../src/seed/demo';
import { catchUpAggregates } from '../src/workflows/aggregates';
import { housekeeping, type HousekeepingReport } from '../src/workflows/housekeeping';
import { startHousekeeping } from '../src/housekeeping-node';
import { apiAs, freshApp, people, webAs } from './support/app';

const t0 = new Date('2026-11-20T09:00:00.000Z');
const hours = (h: number) => new Date(t0.getTime() + h * 3600_000);
let t: Awaited<ReturnType<typeof freshApp>>;

beforeAll(async () => {
  t = await freshApp({ now: t0 });
});
afterAll(() => t.remove());

const accountKey = (email: string) => `account:${sha256Hex(email)}`;
const wrongPassword = (email: string) =>
  t.app.request('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'not-the-password' }) });

describe('a housekeeping pass', () => {
  it('removes the sessions and sign-in records expired by its time, and keeps the live ones', async () => {
    const web = await webAs(t.app, people.evaluatorLan); // a web session: 12 hours
    const api = await apiAs(t.app, people.managerHa); // an API token: 30 days
    expect((await wrongPassword('nobody@example.org')).status).toBe(401); // forgotten after 24 hours
    t.setNow(hours(20));
    expect((await wrongPassword('nobody-else@example.org')).status).toBe(401);
    const sessionsBefore = await t.db.select().from(s.sessions);
    const expiredSessions = sessionsBefore.filter((x) => x.expiresAt < hours(30).toISOString());
    expect(expiredSessions.map((x) => x.kind)).toEqual(['web']);
    const recordsBefore = await t.db.select().from(s.signInFailures);
    const expiredRecords = recordsBefore.filter((r) => r.expiresAt < hours(30).toISOString());
    expect(expiredRecords.map((r) => r.key)).toContain(accountKey('nobody@example.org'));

    t.setNow(hours(30));
    const report = await housekeeping({ db: t.db }, hours(30));
    expect(report).toMatchObject({ sessionsRemoved: expiredSessions.length, signInRecordsRemoved: expiredRecords.length });

    const sessions = await t.db.select().from(s.sessions);
    expect(sessions.length).toBe(sessionsBefore.length - expiredSessions.length);
    expect(sessions.every((x) => x.expiresAt > hours(30).toISOString())).toBe(true);
    expect((await api.get('/api/v1/models')).status).toBe(200);
    expect((await web.get('/')).status).toBe(302); // to the sign-in page
    const left = await t.db.select().from(s.signInFailures);
    expect(left.length).toBe(recordsBefore.length - expiredRecords.length);
    expect(left.every((r) => r.expiresAt > hours(30).toISOString())).toBe(true);
    expect(left.map((r) => r.key)).toContain(accountKey('nobody-else@example.org'));
    // Nothing more to remove: a second pass at the same time finds none.
    expect(await housekeeping({ db: t.db }, hours(30))).toMatchObject({ sessionsRemoved: 0, signInRecordsRemoved: 0 });
  });

  it('rebuilds the kept sums after an indicator change in slices, each within its budget, until they equal a full recompute', async () => {
    const stored = await seedDemoSubmissions(t.db, t0, 2);
    expect(await catchUpAggregates(t.db)).toBe(stored);
    const recomputed = await keptSums();
    const admin = await apiAs(t.app, people.admin);
    const indicators = async () => (await admin.get('/api/v1/models/yb-service-pilot/indicators')).json();
    const shown = await indicators();

    // Counted under other definitions: the signature is stale, and the sums are not those of today's definitions.
    await setMeta(t.db, 'indicator_catalogue', 'before-the-change');
    await t.db.update(s.indicatorAggregates).set({ numerator: 999 });
    const slice = { batchSize: 10, maxStatements: 40 };
    const reports: HousekeepingReport[] = [];
    do reports.push(await housekeeping({ db: t.db }, hours(30), slice));
    while (reports.at(-1)!.moreRemains && reports.length < 1000);

    expect(reports[0].rebuilt).toBe(true);
    expect(reports.slice(1).every((r) => !r.rebuilt)).toBe(true);
    expect(reports.length).toBeGreaterThan(Math.ceil(stored / 20));
    // A row costs at least two statements, and a slice also reads: never more than 19 rows in 40 statements.
    expect(Math.max(...reports.map((r) => r.counted))).toBeLessThanOrEqual(19);
    expect(reports.slice(0, -1).every((r) => r.moreRemains && r.counted > 0)).toBe(true);
    expect(reports.reduce((n, r) => n + r.counted, 0)).toBe(stored);
    expect(await getMeta(t.db, 'indicator_catalogue')).not.toBe('before-the-change');
    expect(await t.db.select().from(s.submissions).where(eq(s.submissions.revision, 0))).toEqual([]);
    expect(await keptSums()).toEqual(recomputed);
    expect(await indicators()).toEqual(shown);
  });
});

describe("Node's timer", () => {
  it('runs passes until stopped, and stop waits for a pass under way', async () => {
    const expired = { userId: 1, kind: 'web' as const, csrfToken: 'c', expiresAt: hours(-1).toISOString(), createdAt: hours(-13).toISOString() };
    await t.db.insert(s.sessions).values({ ...expired, tokenHash: 'expired-1' });
    const timer = startHousekeeping({ db: t.db, clock: () => t0 }, 5, (err) => {
      throw err;
    });
    await vi.waitFor(async () => expect(await t.db.select().from(s.sessions).where(eq(s.sessions.tokenHash, 'expired-1'))).toEqual([]));
    await timer.stop();
    await t.db.insert(s.sessions).values({ ...expired, tokenHash: 'expired-2' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await t.db.select().from(s.sessions).where(eq(s.sessions.tokenHash, 'expired-2'))).toHaveLength(1);
    await t.db.delete(s.sessions).where(eq(s.sessions.tokenHash, 'expired-2'));
  });
});

/** Every kept sum and registered figure, in a stable order. */
async function keptSums() {
  const a = s.indicatorAggregates;
  const sums = await t.db.select().from(a).orderBy(asc(a.basis), asc(a.roundId), asc(a.dimension), asc(a.indicatorId), asc(a.category), asc(a.communeId));
  const figures = await t.db.select().from(s.registeredCounts).orderBy(asc(s.registeredCounts.roundId), asc(s.registeredCounts.communeId), asc(s.registeredCounts.figure));
  return { sums, figures };
}
