/**
 * Corrections with history over HTTP (issue 13, part 3): PUT and GET /api/v1/submissions/{id}. A manager's and
 * an evaluator's correction, each a new revision with who, when, why and each change old → new; a stale base is
 * 409, the same content again a 200 replay that writes nothing, bad answers and a missing reason 422; who may;
 * the kept sums move with each revision and equal a recompute; the audit entry.
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { canonicalAnswers, computeIndicator, indicatorCatalogue } from '../src/domain/indicators';
import { statesCountedIn, type Basis } from '../src/domain/review';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { submissionById } from '../src/queries/submissions';
import { apiAs, freshApp, people, webAs } from './support/app';
import { findInstrument, surveyFile } from './support/instruments';

let t: Awaited<ReturnType<typeof freshApp>>;
type Api = Awaited<ReturnType<typeof apiAs>> & { put: (path: string, body: unknown, headers?: Record<string, string>) => Response | Promise<Response> };
let admin: Api, ha: Api, lan: Api, minh: Api, sponsor: Api;
const rng = seededRng(31);
const phuChau = { round: 'hn-phu-chau-midterm', commune: '09649' };
const yenBai = { round: 'yb-service-pilot-midterm', commune: '04771' };

async function as(email: string): Promise<Api> {
  const api = await apiAs(t.app, email);
  const put = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.app.request(path, { method: 'PUT', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { ...api, put };
}

async function send(by: Api, at: { round: string; commune: string }, answers: Record<string, unknown>) {
  const id = crypto.randomUUID();
  const res = await by.post('/api/v1/submissions', { id, ...at, instrument: 'household', version: 1, answers });
  expect(res.status).toBe(201);
  return id;
}

const answersOf = async (id: string) => JSON.parse((await submissionById(t.db, id))!.answers) as Record<string, unknown>;
const revisionRows = (id: string) => t.db.select().from(s.submissionRevisions).where(eq(s.submissionRevisions.submissionId, id));
const editEntries = (id: string) => t.db.select().from(s.auditLog).where(and(eq(s.auditLog.action, 'submission.edit'), eq(s.auditLog.objectId, id)));

/** caregivers-know-111 in the round as kept, and recomputed from the stored answers of the states the basis counts. */
async function keptAndRecomputed(round: string, basis: Basis) {
  const a = s.indicatorAggregates;
  const [kept] = await t.db
    .select({ numerator: sql<number>`coalesce(sum(${a.numerator}), 0)`.mapWith(Number), denominator: sql<number>`coalesce(sum(${a.denominator}), 0)`.mapWith(Number) })
    .from(a)
    .where(and(eq(a.basis, basis), eq(a.roundId, round), eq(a.indicatorId, 'caregivers-know-111'), eq(a.dimension, 'all')));
  const rows = await t.db.select().from(s.submissions).where(and(eq(s.submissions.roundId, round), eq(s.submissions.instrumentSlug, 'household')));
  const counted = rows.filter((r) => statesCountedIn(basis).includes(r.reviewState));
  const def = indicatorCatalogue.find((d) => d.id === 'caregivers-know-111')!;
  const value = computeIndicator(def, counted.map((r) => canonicalAnswers(JSON.parse(r.answers), findInstrument(r.instrumentSlug, r.instrumentVersion)!.renamed ?? {})));
  return { kept, recomputed: { numerator: value.numerator, denominator: value.denominator } };
}

async function expectSumsEqualRecompute(round: string) {
  for (const basis of ['received', 'approved'] as const) {
    const { kept, recomputed } = await keptAndRecomputed(round, basis);
    expect(kept, basis).toEqual(recomputed);
  }
}

beforeAll(async () => {
  t = await freshApp();
  [admin, ha, lan, minh, sponsor] = await Promise.all([people.admin, people.managerHa, people.evaluatorLan, people.evaluatorMinh, people.sponsorWorldVision].map(as));
});

describe('PUT /api/v1/submissions/{id}', () => {
  it('a manager corrects an answer: a new revision with who, why and old → new, sums moved, audit entry', async () => {
    const answers = { ...householdAnswers(rng, { knows111Rate: 0 }), knows_111: 'no' };
    const id = await send(lan, phuChau, answers);
    const before = await keptAndRecomputed(phuChau.round, 'received');
    const res = await ha.put(`/api/v1/submissions/${id}`, { answers: { ...answers, knows_111: 'yes' }, reason: 'Gọi lại hộ: họ biết 111', baseRevision: 1 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { revision: number; status: string; corrected: boolean; changes: unknown[] };
    expect(body).toMatchObject({ id, revision: 2, status: 'received', corrected: true, changes: [{ question: 'knows_111', old: 'no', new: 'yes' }] });
    expect((await answersOf(id)).knows_111).toBe('yes');
    const after = await keptAndRecomputed(phuChau.round, 'received');
    expect(after.kept.numerator).toBe(before.kept.numerator + 1);
    await expectSumsEqualRecompute(phuChau.round);

    const [revision] = await revisionRows(id);
    expect(revision).toMatchObject({ revision: 2, reason: 'Gọi lại hộ: họ biết 111', revisedAt: '2026-11-20T09:00:00.000Z' });
    expect(JSON.parse(revision.changes)).toEqual([{ question: 'knows_111', old: 'no', new: 'yes' }]);
    const entries = await editEntries(id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ objectType: 'submission', objectId: id });
    expect(JSON.parse(entries[0].detail!)).toMatchObject({ revision: 2, baseRevision: 1, reason: 'Gọi lại hộ: họ biết 111', questions: ['knows_111'] });

    const read = await ha.get(`/api/v1/submissions/${id}`);
    expect(read.status).toBe(200);
    const record = (await read.json()) as { revision: number; status: string; answers: Record<string, unknown>; revisions: { revision: number; reason: string; revisedBy: { name: string }; changes: unknown[] }[] };
    expect(record).toMatchObject({ id, revision: 2, status: 'received', answers: { knows_111: 'yes' } });
    expect(record.revisions).toEqual([expect.objectContaining({ revision: 2, reason: 'Gọi lại hộ: họ biết 111', changes: [{ question: 'knows_111', old: 'no', new: 'yes' }] })]);
  });

  it('the same content again is a 200 replay that writes nothing; a stale base with other answers is 409', async () => {
    const answers = { ...householdAnswers(rng, { knows111Rate: 0 }), knows_111: 'no' };
    const id = await send(lan, phuChau, answers);
    const corrected = { answers: { ...answers, knows_111: 'unsure' }, reason: 'Ghi nhầm', baseRevision: 1 };
    expect((await ha.put(`/api/v1/submissions/${id}`, corrected)).status).toBe(200);
    const replay = await ha.put(`/api/v1/submissions/${id}`, corrected);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ revision: 2, corrected: false, changes: [] });
    expect(await revisionRows(id)).toHaveLength(1);
    expect(await editEntries(id)).toHaveLength(1);

    const stale = await ha.put(`/api/v1/submissions/${id}`, { answers: { ...answers, knows_111: 'yes' }, reason: 'Khác', baseRevision: 1 });
    expect(stale.status).toBe(409);
    expect((await answersOf(id)).knows_111).toBe('unsure');
    expect(await revisionRows(id)).toHaveLength(1);
    // On the current revision it goes through: revision 3.
    const next = await ha.put(`/api/v1/submissions/${id}`, { answers: { ...answers, knows_111: 'yes' }, reason: 'Khác', baseRevision: 2 });
    expect(await next.json()).toMatchObject({ revision: 3 });
    await expectSumsEqualRecompute(phuChau.round);
  });

  it('answers the form refuses are 422 with its messages in the user’s language, and nothing changes', async () => {
    const answers = householdAnswers(rng, { knows111Rate: 0.5 });
    const id = await send(lan, phuChau, answers);
    const res = await ha.put(`/api/v1/submissions/${id}`, { answers: { ...answers, knows_111: 'maybe' }, reason: 'x', baseRevision: 1 }, { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { code: string; errors: { question: string; message: string }[] };
    expect(problem.code).toBe('invalid_answers');
    expect(problem.errors.map((e) => e.question)).toContain('knows_111');
    const missing = await ha.put(`/api/v1/submissions/${id}`, { answers: { ...answers, knows_111: 'yes' }, baseRevision: 1 });
    expect(missing.status).toBe(422);
    expect(((await missing.json()) as { errors: { question: string }[] }).errors.map((e) => e.question)).toEqual(['reason']);
    const blank = await ha.put(`/api/v1/submissions/${id}`, { answers: { ...answers, knows_111: 'yes' }, reason: '  ', baseRevision: 0 });
    expect(((await blank.json()) as { errors: { question: string }[] }).errors.map((e) => e.question)).toEqual(['reason', 'baseRevision']);
    expect((await answersOf(id)).knows_111).toBe(answers.knows_111);
    expect((await submissionById(t.db, id))!.contentRevision).toBe(1);
    expect(await revisionRows(id)).toHaveLength(0);
  });

  it('an evaluator corrects their own submission only while it has issues; it then goes back for review', async () => {
    const answers = { ...householdAnswers(rng, { knows111Rate: 0 }), knows_111: 'no', hamlet: 'Thôn 3', household_number: '12' };
    const id = await send(lan, phuChau, answers);
    const fix = { answers: { ...answers, knows_111: 'yes', household_number: '21' }, reason: 'Sửa theo nhận xét', baseRevision: 1 };
    const refused = await lan.put(`/api/v1/submissions/${id}`, fix);
    expect(refused.status).toBe(403);
    expect((await ha.post(`/api/v1/submissions/${id}/reviews`, { status: 'approved' })).status).toBe(201);
    expect((await ha.post(`/api/v1/submissions/${id}/reviews`, { status: 'has_issues', comment: 'Số hộ sai' })).status).toBe(201);
    await expectSumsEqualRecompute(phuChau.round);
    expect((await minh.put(`/api/v1/submissions/${id}`, fix)).status).toBe(404);
    expect((await sponsor.put(`/api/v1/submissions/${id}`, fix)).status).toBe(403);
    const res = await lan.put(`/api/v1/submissions/${id}`, fix);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ revision: 2, status: 'received' });
    const row = (await submissionById(t.db, id))!;
    expect(row.householdCode).toBe('09649|thôn 3|21');
    await expectSumsEqualRecompute(phuChau.round);
    // Back for review: Lan may not correct it again until it is sent back.
    expect((await lan.put(`/api/v1/submissions/${id}`, { ...fix, answers: { ...fix.answers, knows_111: 'no' }, baseRevision: 2 })).status).toBe(403);
    const record = (await (await lan.get(`/api/v1/submissions/${id}`)).json()) as { reviews: { status: string; comment: string | null }[]; revisions: { changes: { question: string }[] }[] };
    expect(record.reviews.map((r) => r.status)).toEqual(['approved', 'has_issues']);
    expect(record.reviews[1].comment).toBe('Số hộ sai');
    expect(record.revisions[0].changes.map((c) => c.question)).toEqual(['household_number', 'knows_111']);
  });

  it('an admin corrects anywhere; a manager beyond their models gets 404', async () => {
    const answers = householdAnswers(rng, { knows111Rate: 0.5 });
    const id = await send(admin, yenBai, answers);
    const body = { answers: { ...answers, knows_111: answers.knows_111 === 'yes' ? 'no' : 'yes' }, reason: 'Nhập lại', baseRevision: 1 };
    expect((await ha.put(`/api/v1/submissions/${id}`, body)).status).toBe(404);
    expect((await ha.get(`/api/v1/submissions/${id}`)).status).toBe(404);
    expect((await admin.put(`/api/v1/submissions/${id}`, body)).status).toBe(200);
    await expectSumsEqualRecompute(yenBai.round);
    expect((await admin.put(`/api/v1/submissions/${crypto.randomUUID()}`, body)).status).toBe(404);
  });
});

describe('GET /api/v1/submissions/{id}', () => {
  it('is 403 for sponsors, and each read is an audit entry', async () => {
    const id = await send(lan, phuChau, householdAnswers(rng, { knows111Rate: 0.5 }));
    expect((await sponsor.get(`/api/v1/submissions/${id}`)).status).toBe(403);
    expect((await lan.get(`/api/v1/submissions/${id}`)).status).toBe(200);
    expect((await minh.get(`/api/v1/submissions/${id}`)).status).toBe(404);
    const views = await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.action, 'submission.view'), eq(s.auditLog.objectId, id)));
    expect(views).toHaveLength(1);
    expect(JSON.parse(views[0].detail!)).toEqual({ via: 'api' });
  });
});

describe('pages', () => {
  it('the submission page shows each correction old → new; the evaluator sees what to correct on the home page, the field list and the kit', async () => {
    const answers = { ...householdAnswers(rng, { knows111Rate: 0 }), knows_111: 'no' };
    const id = await send(lan, phuChau, answers);
    const [haWeb, lanWeb] = await Promise.all([webAs(t.app, people.managerHa), webAs(t.app, people.evaluatorLan)]);
    // Only those who may correct it now get the link and the page.
    expect(await (await haWeb.get(`/submissions/${id}`)).text()).toContain(`href="/submissions/${id}/edit"`);
    expect(await (await lanWeb.get(`/submissions/${id}`)).text()).not.toContain(`/submissions/${id}/edit`);
    expect((await lanWeb.get(`/submissions/${id}/edit`)).status).toBe(403);

    expect((await ha.post(`/api/v1/submissions/${id}/reviews`, { status: 'has_issues', comment: 'Hỏi lại câu 111' })).status).toBe(201);
    const home = await (await lanWeb.get('/')).text();
    expect(home).toContain(`data-issue="${id}"`);
    expect(home).toContain('Hỏi lại câu 111');
    // The instrument by its title and version, not its slug.
    expect(/<li data-issue="[^"]+">(.*?)<\/li>/s.exec(home)![1]).toMatch(/ · Phiếu khảo sát hộ gia đình \(người chăm sóc trẻ\) \(v\d\) · /);
    const { issues } = (await (await lanWeb.get('/field/issues.json')).json()) as { issues: { id: string; comment: string; revision: number }[] };
    // Instruments by their titles, as the page names them (not the slug).
    expect(issues.find((i) => i.id === id)).toMatchObject({ comment: 'Hỏi lại câu 111', revision: 1, instrumentVi: expect.stringMatching(/[^a-z_-]/), instrumentEn: expect.any(String) });
    const { urls } = (await (await lanWeb.get('/field/kit.json')).json()) as { urls: string[] };
    expect(urls).toContain(`/submissions/${id}/edit`);
    expect(urls).not.toContain(`/submissions/${id}`);

    const edit = await lanWeb.get(`/submissions/${id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.headers.get('cache-control')).toBe('private, no-cache');
    const page = await edit.text();
    expect(page).toContain('Hỏi lại câu 111');
    expect(page).toContain('"baseRevision":1');

    // The field queue puts the correction to the web route, with the session's CSRF token.
    const put = (web: typeof lanWeb, body: unknown) => t.app.request(`/submissions/${id}`, { method: 'PUT', headers: { cookie: web.cookie, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': web.csrf }, body: JSON.stringify(body) });
    const res = await put(lanWeb, { answers: { ...answers, knows_111: 'yes' }, reason: 'Hộ nói lại là biết', baseRevision: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ revision: 2, status: 'received', redirect: `/submissions/${id}` });
    // Back for review: not Lan's to correct again; a manager's correction of the old revision is stale.
    expect((await put(lanWeb, { answers: { ...answers, knows_111: 'unsure' }, reason: 'x', baseRevision: 2 })).status).toBe(403);
    expect((await put(haWeb, { answers: { ...answers, knows_111: 'unsure' }, reason: 'x', baseRevision: 1 })).status).toBe(409);
    expect(await (await lanWeb.get('/field/issues.json')).json()).toEqual({ issues: [] });
    expect((await (await lanWeb.get('/field/kit.json')).json()).urls).not.toContain(`/submissions/${id}/edit`);

    const record = await (await haWeb.get(`/submissions/${id}`)).text();
    // Old → new as the form reads them (Không → Có), with the question's title.
    expect(record).toMatch(/<tr data-question="knows_111"><td>[^<]*111[^<]*<code>knows_111<\/code><\/td><td data-old="true">Không<\/td><td data-new="true">Có<\/td><\/tr>/);
    expect(record).toContain('Hộ nói lại là biết');
    expect(record).toContain('<b data-current-revision="true">2</b>');
    // Without a session nothing is corrected.
    expect((await t.app.request(`/submissions/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBeGreaterThanOrEqual(400);
  });
});

describe('personal answers', () => {
  it('an admin reads them masked in the record and its changes, and a correction keeps the stored ones instead of •••', async () => {
    // Household v3 marks hamlet, household number and comments personal, also in v1 answers.
    const released = await admin.post('/api/v1/instruments', { slug: 'household', version: 3, json: surveyFile('household.v3.json'), renamed: { hotline_111: 'knows_111' }, release: true });
    expect(released.status).toBe(201);
    const answers = { ...householdAnswers(rng, { knows111Rate: 0, hamlet: 'Thôn Riêng', householdNumber: '7' }), knows_111: 'no' };
    const id = await send(lan, phuChau, answers);
    expect((await ha.put(`/api/v1/submissions/${id}`, { answers: { ...answers, household_number: '8' }, reason: 'Số hộ', baseRevision: 1 })).status).toBe(200);
    const record = (await (await admin.get(`/api/v1/submissions/${id}`)).json()) as { answers: Record<string, unknown>; personalMasked: boolean; revisions: { changes: unknown[] }[] };
    expect(record.answers.hamlet).toBe('•••');
    expect(record.personalMasked).toBe(true);
    expect(record.revisions[0].changes).toEqual([{ question: 'household_number', old: '•••', new: '•••' }]);
    // Hà (the model's manager) reads them.
    const managers = (await (await ha.get(`/api/v1/submissions/${id}`)).json()) as { revisions: { changes: unknown[] }[] };
    expect(managers.revisions[0].changes).toEqual([{ question: 'household_number', old: '7', new: '8' }]);

    // The admin sends back what they read, ••• included, with another answer corrected.
    const res = await admin.put(`/api/v1/submissions/${id}`, { answers: { ...record.answers, knows_111: 'yes' }, reason: 'Gọi lại', baseRevision: 2 });
    expect(res.status).toBe(200);
    const stored = await answersOf(id);
    expect(stored).toMatchObject({ hamlet: 'Thôn Riêng', household_number: '8', knows_111: 'yes' });
    expect(JSON.stringify(stored)).not.toContain('•••');
    expect((await submissionById(t.db, id))!.householdCode).toBe('09649|thôn riêng|8');
  });
});
