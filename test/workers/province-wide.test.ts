/**
 * A province-wide installation on Workers + D1: 50 models of 12 communes, 150 rounds, 600 communes, written with
 * the seed's own inserts (queries/bound.ts insertsThatFit). D1 binds at most 100 parameters per statement, so any
 * list of rounds, models or communes bound one parameter each answers 500 here (Node's SQLite takes 32,766).
 * D1 also runs at most 1,000 statements per Worker invocation (paid plan; local D1 does not enforce it): the
 * heaviest requests are counted here (counting-d1.ts) against their budgets.
 */
import { env } from 'cloudflare:test';
import { count, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../db/schema';
import { atomically, type Db } from '../../src/db';
import { assignEveryCommune } from '../../src/queries/assignments';
import { insertsThatFit } from '../../src/queries/bound';
import { createSession } from '../../src/queries/sessions';
import { sessionCookie } from '../../src/middleware/auth';
import { checklistAnswers, householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { resetAggregates } from '../../src/queries/aggregates';
import { maxBulkApproval } from '../../src/workflows/review';
import { countingWorker } from './counting-d1';
import { base, call, fetchWorker } from './support';

const models = Array.from({ length: 50 }, (_, m) => `wide-${m}`);
const kinds = ['baseline', 'midterm', 'final'] as const;
const rounds = models.flatMap((modelId, m) => kinds.map((kind, k) => ({ id: `${modelId}-${kind}`, modelId, kind, plannedStart: `${2016 + 2 * k}-03-01`, plannedEnd: `${2016 + 2 * k}-04-30`, plannedSample: 60, status: m % 2 === 0 && k === 0 ? ('open' as const) : ('closed' as const) })));
const communes = Array.from({ length: 600 }, (_, i) => ({ id: 20_000 + i, code: String(60_000 + i), level: 'commune' as const, nameVi: `Xã ${i}`, nameEn: `Commune ${i}`, parentId: 10_001 + (i % 10), validFrom: '2008-08-01', validTo: null }));
const people = { admin: 501, manager: 502, evaluator: 503 };
const db = drizzle(env.DB, { schema: s }) as unknown as Db;

beforeAll(async () => {
  const districts = Array.from({ length: 10 }, (_, d) => ({ id: 10_001 + d, code: String(900 + d), level: 'district' as const, nameVi: `Huyện ${d}`, nameEn: `District ${d}`, parentId: 10_000, validFrom: '2008-08-01', validTo: null }));
  await atomically(db, [
    ...insertsThatFit(db, s.places, [{ id: 10_000, code: '96', level: 'province', nameVi: 'Tỉnh Rộng', nameEn: 'Wide province', parentId: null, validFrom: '2008-08-01', validTo: null }, ...districts, ...communes]),
    ...insertsThatFit(db, s.modelTypes, [{ id: 'wide-type', nameVi: 'Mô hình', nameEn: 'Model' }]),
    ...insertsThatFit(db, s.programmes, [{ id: 'wide', nameVi: 'Chương trình rộng', nameEn: 'Wide programme', provinceId: 10_000, periodStart: '2016-01-01', periodEnd: '2021-12-31' }]),
    ...insertsThatFit(db, s.models, models.map((id, m) => ({ id, programmeId: 'wide', typeId: 'wide-type', nameVi: `Mô hình ${m}`, nameEn: `Model ${m}`, periodStart: '2016-01-01', periodEnd: '2021-12-31' }))),
    ...insertsThatFit(db, s.modelPlaces, communes.map((c, i) => ({ modelId: models[Math.floor(i / 12)], placeId: c.id }))),
    ...insertsThatFit(db, s.rounds, rounds),
    ...insertsThatFit(db, s.roundInstruments, rounds.flatMap((r) => [{ roundId: r.id, slug: 'household', version: 1 }, { roundId: r.id, slug: 'commune-checklist', version: 1 }])),
    ...insertsThatFit(db, s.users, [
      // Signed in below by creating their sessions: no password to hash (scrypt takes seconds under this pool).
      { id: people.admin, email: 'admin@wide.example', name: 'Hoa', passwordHash: 'disabled$', role: 'admin' },
      { id: people.manager, email: 'manager@wide.example', name: 'Minh', passwordHash: 'disabled$', role: 'manager' },
      { id: people.evaluator, email: 'evaluator@wide.example', name: 'Lan', passwordHash: 'disabled$', role: 'evaluator' },
    ]),
    ...insertsThatFit(db, s.userModels, models.map((modelId) => ({ userId: 502, modelId }))),
    ...insertsThatFit(db, s.roundAssignments, rounds.map((r) => ({ userId: 503, roundId: r.id }))),
    assignEveryCommune(db, [503], rounds.map((r) => r.id)),
  ]);
});

/** An API token and a page session's cookie, as signing in would create them. */
async function signIn(userId: number) {
  const api = await createSession(db, userId, 'api', new Date(), 3_600_000);
  const web = await createSession(db, userId, 'web', new Date(), 3_600_000);
  return { token: api.token, cookie: `${sessionCookie}=${web.token}` };
}

const page = (path: string, cookie: string) => fetchWorker(path, { headers: { cookie } });

describe('150 rounds and 600 communes on D1', () => {
  it('answers the models, the indicators and the programme overview to the admin and to a manager of every model', async () => {
    for (const [who, userId] of [['admin', people.admin], ['manager', people.manager]] as const) {
      const { token, cookie } = await signIn(userId);
      const listed = await call('GET', '/api/v1/models', undefined, token);
      expect(listed.status, `${who} /api/v1/models: ${await listed.clone().text()}`).toBe(200);
      const body = await listed.json<{ models: { id: string; rounds: unknown[] }[] }>();
      expect(body.models.filter((m) => m.id.startsWith('wide-')).flatMap((m) => m.rounds)).toHaveLength(150);
      const indicators = await call('GET', '/api/v1/indicators', undefined, token);
      expect(indicators.status, `${who} /api/v1/indicators: ${await indicators.clone().text()}`).toBe(200);
      await indicators.arrayBuffer();
      const overview = await page('/programme', cookie);
      expect(overview.status, `${who} /programme`).toBe(200);
      expect(await overview.text()).toContain('data-model="wide-49"');
    }
  });

  it('answers the home page and the field kit to an evaluator of all 150 rounds', async () => {
    const { cookie } = await signIn(people.evaluator);
    for (const path of ['/', '/field/kit.json']) {
      const res = await page(path, cookie);
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
    }
  });
});

/** D1's statements per Worker invocation (paid plan), and the most an ordinary page or API read may send. */
const d1QueriesPerInvocation = 1000;
const ordinaryBudget = 100;

describe('D1 statements per request with 150 rounds', () => {
  it('keeps each heavy request within its budget: a bulk approval of the most ids allowed, the overview, roll-ups, the yearly report, a summary, a CSV', async () => {
    const send = countingWorker();
    const measured: string[] = [];
    async function counted(label: string, path: string, as: { token: string; cookie: string }, budget = ordinaryBudget, body?: unknown) {
      const headers = { authorization: `Bearer ${as.token}`, cookie: as.cookie, 'content-type': 'application/json' };
      const { res, statements } = await send(new Request(`${base}${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) }));
      expect(res.status, `${label}: ${await res.clone().text()}`).toBe(200);
      measured.push(`${label}: ${statements}`);
      expect(statements, label).toBeLessThanOrEqual(budget);
      return res;
    }
    const [evaluator, admin] = [await signIn(people.evaluator), await signIn(people.admin)];
    // The most one approval takes, in an open round, sent as one import.
    const rng = seededRng(16);
    const households = Array.from({ length: maxBulkApproval }, (_, i) => ({ id: crypto.randomUUID(), round: 'wide-0-baseline', commune: communes[i % 12].code, instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) }));
    const backup = { format: 'moc-backup', formatVersion: 1, exportedAt: new Date().toISOString(), exportedBy: 'evaluator@wide.example', submissions: households };
    const imported = await (await counted('import of 100 households', '/api/v1/imports', evaluator, ordinaryBudget, backup)).json<{ stored: number }>();
    expect(imported.stored).toBe(maxBulkApproval);
    const ids = households.map((h) => h.id);
    const approval = await counted(`approval of ${maxBulkApproval} ids`, '/api/v1/rounds/wide-0-baseline/approvals', admin, d1QueriesPerInvocation, { ids });
    expect((await approval.json<{ approved: string[] }>()).approved).toHaveLength(maxBulkApproval);
    for (const [label, path] of [
      ['models (API)', '/api/v1/models'],
      ['indicators (API)', '/api/v1/indicators'],
      ['overview', '/programme?round=baseline'],
      ['roll-up by district', '/programme/rollup?level=district&round=baseline'],
      ['roll-up by province, today', '/programme/rollup?level=province&boundaries=today&round=baseline'],
      ['yearly report', '/programmes/wide/report?year=2016'],
      ['programme summary', '/programmes/wide/summary'],
      ['model page', '/models/wide-0'],
      ['round page', '/rounds/wide-0-baseline'],
      ['CSV of a round', '/api/v1/exports/submissions.csv?round=wide-0-baseline&instrument=household'],
    ]) await counted(label, path, admin);
    for (const [label, path] of [['evaluator home', '/'], ['field kit', '/field/kit.json']]) await counted(label, path, evaluator);

    // The costliest approval: checklists not counted yet (after an indicator change, until housekeeping has
    // counted them again), each bringing its registered figures.
    const checklists = Array.from({ length: maxBulkApproval }, (_, i) => ({ id: crypto.randomUUID(), round: 'wide-2-baseline', commune: communes[24 + (i % 12)].code, instrument: 'commune-checklist', version: 1, answers: checklistAnswers(rng, { reportingYear: 2016, cscAssistedRate: 0.9 }) }));
    expect((await (await counted('import of 100 checklists', '/api/v1/imports', evaluator, ordinaryBudget, { ...backup, submissions: checklists })).json<{ stored: number }>()).stored).toBe(maxBulkApproval);
    await resetAggregates(db);
    const figuresOfRound = async () => (await db.select({ n: count() }).from(s.registeredCounts).where(eq(s.registeredCounts.roundId, 'wide-2-baseline')))[0].n;
    const figures = await figuresOfRound();
    expect(figures).toBeGreaterThan(0);
    await db.delete(s.registeredCounts).where(eq(s.registeredCounts.roundId, 'wide-2-baseline'));
    const uncounted = await counted(`approval of ${maxBulkApproval} uncounted checklists`, '/api/v1/rounds/wide-2-baseline/approvals', admin, d1QueriesPerInvocation, { ids: checklists.map((c) => c.id) });
    expect((await uncounted.json<{ approved: string[] }>()).approved).toHaveLength(maxBulkApproval);
    // Counted again with the approval, each commune's figures too (latest wins).
    expect(await figuresOfRound()).toBe(figures);
    console.log(`D1 statements per request, 150 rounds: ${measured.join('; ')}`);
  });
});
