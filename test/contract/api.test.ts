/**
 * The API contract, on Node + SQLite and on workerd + local D1 from this one file (harness.ts): sign-in and
 * tokens, who sees which models, a submission's 201/200/409/422/400 with their messages, and an import.
 * Every expectation holds on both runtimes; only ids and times that differ between runs are left out.
 */
import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '../../db/schema';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { people, seededApp, testPassword, type SeededApp } from './harness';

let t: SeededApp;
beforeAll(async () => {
  t = await seededApp();
});

const rows = async () => (await t.db.select({ n: count() }).from(submissions))[0].n;
const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  t.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('sign-in', () => {
  it('gives a token for the right password (201), which reads the API until it is revoked', async () => {
    const res = await postJson('/api/v1/tokens', { email: people.managerHa, password: testPassword });
    expect(res.status).toBe(201);
    const { token, expiresAt, ...rest } = (await res.json()) as { token: string; expiresAt: string };
    expect(rest).toEqual({});
    expect(token).toMatch(/^[A-Za-z0-9]{20,}$/);
    // API_TOKEN_TTL_DAYS: 30 days from the app's clock, within the minutes this file runs.
    expect(Math.abs(Date.parse(expiresAt) - Date.now() - 30 * 24 * 3600_000)).toBeLessThan(600_000);
    const authorization = `Bearer ${token}`;
    expect((await t.fetch('/api/v1/models', { headers: { authorization } })).status).toBe(200);
    expect((await t.fetch('/api/v1/tokens/current', { method: 'DELETE', headers: { authorization } })).status).toBe(204);
    const revoked = await t.fetch('/api/v1/models', { headers: { authorization } });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'bad_token', title: 'Mã truy cập không hợp lệ hoặc đã hết hạn.' });
  });

  it('refuses a wrong password (401), then waits after two (429 with Retry-After) without checking', async () => {
    const attempt = (password: string) => postJson('/api/v1/tokens', { email: people.evaluatorMinh, password }, { 'accept-language': 'en' });
    for (let i = 0; i < 2; i++) {
      const wrong = await attempt('not-the-password');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('content-type')).toContain('application/problem+json');
      expect(await wrong.json()).toEqual({ type: 'urn:moc:problem:bad_credentials', title: 'Wrong email or password.', status: 401, code: 'bad_credentials', errors: [] });
    }
    // SIGNIN_FAILURES_PER_ACCOUNT is 2 on both runtimes (contract/node.ts, vitest.workers.config.ts).
    const waiting = await attempt(testPassword);
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get('retry-after'))).toBe(30);
    expect(await waiting.json()).toMatchObject({ code: 'too_many_sign_ins', status: 429 });
  });

  it('answers 401 without a token, 400 for a body that is not JSON, 422 naming a missing field', async () => {
    expect(await (await t.fetch('/api/v1/models')).json()).toMatchObject({ status: 401, code: 'unauthenticated', title: 'Bạn cần đăng nhập.' });
    const malformed = await postJson('/api/v1/tokens', '{"email":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ code: 'malformed_json', title: 'Nội dung không phải JSON hợp lệ.' });
    const missing = await postJson('/api/v1/tokens', { email: people.admin });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ code: 'invalid_request' });
  });
});

describe('sign-in on the pages', () => {
  const signIn = (email: string, password: string) =>
    t.fetch('/signin', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password, next: '/models' }) });

  it('sends a visitor to the sign-in page, and back where they were going once signed in', async () => {
    const away = await t.fetch('/models');
    expect(away.status).toBe(302);
    expect(away.headers.get('location')).toBe('/signin?next=%2Fmodels');
    const wrong = await signIn(people.admin, 'not-the-password');
    // The form again, with its message and the email kept.
    expect(wrong.status).toBe(422);
    const form = await wrong.text();
    expect(form).toContain('Email hoặc mật khẩu không đúng.');
    expect(form).toContain('value="admin@example.org"');
    const right = await signIn(people.admin, testPassword);
    expect(right.status).toBe(303);
    expect(right.headers.get('location')).toBe('/models');
    const cookies = right.headers.get('set-cookie')!;
    expect(cookies).toMatch(/^moc_session=[A-Za-z0-9]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax, moc_user=\d+; Path=\/; Expires=[^;]+; Secure; SameSite=Lax$/);
    const page = await t.fetch('/models', { headers: { cookie: cookies.split(';')[0] } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('title="Đăng nhập với admin@example.org"');
  });
});

/** Each model a person sees, with the rounds they see of it. */
async function modelsOf(email: string) {
  const res = await (await t.api(email)).get('/api/v1/models');
  expect(res.status).toBe(200);
  const { models } = (await res.json()) as { models: { id: string; rounds: { id: string }[]; communes: { code: string }[] }[] };
  return models.map((m) => [m.id, m.rounds.map((r) => r.id.slice(m.id.length + 1)), m.communes.map((c) => c.code)]);
}

describe('scoping', () => {
  it('shows an evaluator only the open rounds they are assigned, in their communes', async () => {
    expect(await modelsOf(people.evaluatorLan)).toEqual([
      ['hn-me-linh', ['midterm'], ['09010']],
      ['hn-phu-chau', ['midterm'], ['09649']],
    ]);
  });

  it("shows a manager their nine Hanoi models with every round, a sponsor the one it sponsors", async () => {
    const hanoi = await modelsOf(people.managerHa);
    expect(hanoi.map(([id]) => id)).toEqual(['hn-dai-dong', 'hn-duc-giang', 'hn-hoa-lam', 'hn-lien-hiep', 'hn-me-linh', 'hn-phu-chau', 'hn-phung-xa', 'hn-phuong-trung', 'hn-thach-than']);
    expect(new Set(hanoi.map(([, rounds]) => String(rounds)))).toEqual(new Set(['baseline,midterm,final']));
    expect(await modelsOf(people.sponsorWorldVision)).toEqual([['yb-service-pilot', ['baseline', 'midterm', 'final'], ['04663', '04675', '04732', '04771']]]);
    expect(await modelsOf(people.admin)).toHaveLength(14);
  });

  it("answers 404 for a model outside the caller's scope, 403 for what the role may not do", async () => {
    const ha = await t.api(people.managerHa);
    expect(await (await ha.get('/api/v1/models/yb-service-pilot/indicators')).json()).toMatchObject({ status: 404, code: 'not_found' });
    const lan = await t.api(people.evaluatorLan);
    expect(await (await lan.get('/api/v1/indicators')).json()).toMatchObject({ status: 403, code: 'forbidden' });
    const elsewhere = await lan.post('/api/v1/submissions', submission({ round: 'hn-hoa-lam-midterm', commune: '10402' }));
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.json()).toMatchObject({ code: 'not_assigned', title: 'Bạn không được phân công cho đợt đánh giá này.' });
  });
});

/** A household survey of Phú Châu's midterm with answers fixed by `seed`, so its content hash is too. */
function submission(overrides: Record<string, unknown> = {}, seed = 1) {
  return { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(seededRng(seed), { knows111Rate: 0.5 }), ...overrides };
}

describe('POST /api/v1/submissions', () => {
  it('stores a submission once: 201, then 200 with the same body (also for its id in upper case), one row', async () => {
    const lan = await t.api(people.evaluatorLan);
    const body = submission();
    const before = await rows();
    const first = await lan.post('/api/v1/submissions', body);
    expect(first.status).toBe(201);
    const stored = await first.json();
    // The content hash is the same on both runtimes: SHA-256 of the kept answers, keys sorted.
    expect(stored).toEqual({ id: body.id, round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, contentHash: '9f16df470a1a6f031f113027d593400eef1882c0dd71ae8712a11a641f273078', receivedAt: expect.stringMatching(iso) });
    const again = await lan.post('/api/v1/submissions', body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(stored);
    expect(await (await lan.post('/api/v1/submissions', { ...body, id: body.id.toUpperCase() })).json()).toEqual(stored);
    expect(await rows()).toBe(before + 1);
  });

  it('answers 409 for the same id with other content, and stores nothing', async () => {
    const lan = await t.api(people.evaluatorLan);
    const body = submission({}, 2);
    expect((await lan.post('/api/v1/submissions', body)).status).toBe(201);
    const before = await rows();
    const other = await lan.post('/api/v1/submissions', { ...body, answers: { ...body.answers, household_number: 'other-999' } }, { 'accept-language': 'en' });
    expect(other.status).toBe(409);
    expect(await other.json()).toEqual({ type: 'urn:moc:problem:conflict', title: 'This submission id was already used with other content.', status: 409, code: 'conflict', errors: [] });
    expect(await rows()).toBe(before);
  });

  it('answers 422 naming each invalid answer, in Vietnamese and in English, and stores nothing', async () => {
    const lan = await t.api(people.evaluatorLan);
    const before = await rows();
    const body = submission({ answers: { ...submission().answers, respondent_age: 'tuổi', knows_111: 'maybe' } });
    const vi = await lan.post('/api/v1/submissions', body);
    expect(vi.status).toBe(422);
    expect(await vi.json()).toEqual({
      type: 'urn:moc:problem:invalid_answers',
      title: 'Phiếu còn câu trả lời chưa hợp lệ.',
      status: 422,
      code: 'invalid_answers',
      errors: [
        { question: 'respondent_age', message: 'Giá trị nên là kiểu số.' },
        { question: 'knows_111', message: 'Câu trả lời không nằm trong các lựa chọn.' },
      ],
    });
    const en = await lan.post('/api/v1/submissions', body, { 'accept-language': 'en' });
    expect(await en.json()).toMatchObject({
      title: 'Some answers are not valid.',
      errors: [
        { question: 'respondent_age', message: 'The value should be numeric.' },
        { question: 'knows_111', message: 'The answer is not one of the choices.' },
      ],
    });
    expect(await rows()).toBe(before);
  });

  it('answers 422 for an unknown round and a bad envelope, 400 for a body that does not parse', async () => {
    const lan = await t.api(people.evaluatorLan);
    const before = await rows();
    expect(await (await lan.post('/api/v1/submissions', submission({ round: 'no-such-round' }))).json()).toMatchObject({ status: 422, code: 'unknown_round', title: 'Không có đợt đánh giá này.' });
    expect(await (await lan.post('/api/v1/submissions', submission({ id: 'not-a-uuid' }))).json()).toMatchObject({ status: 422, code: 'invalid_request' });
    const garbage = await lan.post('/api/v1/submissions', '{"id":');
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ code: 'malformed_json' });
    expect(await rows()).toBe(before);
  });
});

describe('POST /api/v1/imports', () => {
  it('stores each item of a backup once, answering per item in file order', async () => {
    const lan = await t.api(people.evaluatorLan);
    const sent = submission({}, 3);
    expect((await lan.post('/api/v1/submissions', sent)).status).toBe(201);
    const fresh = submission({ commune: '09010', round: 'hn-me-linh-midterm' }, 4);
    const invalid = submission({ answers: { ...submission().answers, knows_111: 'maybe' } });
    const before = await rows();
    const backup = { format: 'moc-backup', formatVersion: 1, exportedAt: '2026-11-19T09:00:00.000Z', exportedBy: people.evaluatorLan, submissions: [sent, fresh, invalid] };
    const res = await lan.post('/api/v1/imports', backup);
    // Small enough to be answered at once whatever a large import does (issue 16, part 5).
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      results: [
        { id: sent.id, status: 200 },
        { id: fresh.id, status: 201 },
        { id: invalid.id, status: 422, code: 'invalid_answers', title: 'Phiếu còn câu trả lời chưa hợp lệ.', errors: [{ question: 'knows_111', message: 'Câu trả lời không nằm trong các lựa chọn.' }] },
      ],
      stored: 1,
      alreadyThere: 1,
      refused: 1,
    });
    expect(await rows()).toBe(before + 1);
  });
});
