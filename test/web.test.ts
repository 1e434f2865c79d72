import { beforeAll, describe, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { freshApp, people, testPassword, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;

beforeAll(async () => {
  t = await freshApp();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields),
});

describe('sign-in', () => {
  it('redirects to sign-in when nobody is signed in', async () => {
    const res = await t.app.request('/models');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/signin?next=%2Fmodels');
  });

  it('sets an httpOnly SameSite=Lax session cookie', async () => {
    const res = await t.app.request('/signin', form({ email: people.managerHa, password: testPassword }));
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('answers a wrong password with 422 and the form in Vietnamese; as an htmx fragment when htmx asks', async () => {
    const page = await t.app.request('/signin', form({ email: people.managerHa, password: 'wrong' }));
    expect(page.status).toBe(422);
    expect(await page.text()).toContain('Email hoặc mật khẩu không đúng.');
    const fragment = await t.app.request('/signin', form({ email: people.managerHa, password: 'wrong' }, { 'hx-request': 'true' }));
    expect(fragment.status).toBe(422);
    const html = await fragment.text();
    expect(html.startsWith('<form')).toBe(true);
    expect(html).toContain('Email hoặc mật khẩu không đúng.');
  });

  it('speaks English after the language switch', async () => {
    const res = await t.app.request('/signin', form({ email: people.managerHa, password: 'wrong' }, { cookie: 'moc_lang=en' }));
    expect(await res.text()).toContain('Wrong email or password.');
  });

  it('signs out and forgets the session', async () => {
    const ha = await webAs(t.app, people.managerHa);
    const out = await t.app.request('/signout', form({ _csrf: ha.csrf }, { cookie: ha.cookie }));
    expect(out.status).toBe(303);
    expect((await ha.get('/models')).status).toBe(302);
  });
});

describe('CSRF', () => {
  it('refuses a signed-in form post without the token, and one from another origin', async () => {
    const ha = await webAs(t.app, people.managerHa);
    expect((await t.app.request('/signout', form({}, { cookie: ha.cookie }))).status).toBe(403);
    const foreign = await t.app.request('/signout', form({ _csrf: ha.csrf }, { cookie: ha.cookie, origin: 'https://evil.example' }));
    expect(foreign.status).toBe(403);
    const body = { id: crypto.randomUUID(), commune: '09649', instrument: 'household', version: 1, answers: {} };
    const lan = await webAs(t.app, people.evaluatorLan);
    expect((await lan.postJson('/rounds/hn-phu-chau-midterm/submissions', body, { 'x-csrf-token': 'forged' })).status).toBe(403);
  });
});

describe('pages and scoping', () => {
  it('lists models and filters them by province and type, as a fragment for htmx', async () => {
    const admin = await webAs(t.app, people.admin);
    const all = await (await admin.get('/models')).text();
    expect(all).toContain('Phú Châu');
    expect(all).toContain('Yên Bái');
    const yenBai = await (await admin.get('/models?province=15', { 'hx-request': 'true' })).text();
    expect(yenBai).toContain('Yên Bái');
    expect(yenBai).not.toContain('Phú Châu');
    const abuse = await (await admin.get('/models?type=abuse-violence')).text();
    expect(abuse).toContain('Mê Linh');
    expect(abuse).not.toContain('xã Phú Châu');
  });

  it('shows a model page with communes, rounds with received/planned, and indicators', async () => {
    const ha = await webAs(t.app, people.managerHa);
    const html = await (await ha.get('/models/hn-phu-chau')).text();
    expect(html).toContain('09649');
    expect(html).toContain('0 / 60');
    expect(html).toContain('Người chăm sóc trẻ biết Tổng đài 111');
  });

  it('keeps an evaluator of Phú Châu out of Mê Linh’s other rounds', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    expect((await lan.get('/rounds/hn-phu-chau-midterm')).status).toBe(200);
    expect((await lan.get('/rounds/hn-me-linh-midterm')).status).toBe(200);
    expect((await lan.get('/rounds/hn-me-linh-baseline')).status).toBe(404);
    expect((await lan.get('/rounds/hn-me-linh-baseline/survey/household')).status).toBe(404);
    expect((await lan.get('/models/hn-hoa-lam')).status).toBe(404);
  });

  it('stores a web submission once and shows it to the manager but never to a sponsor', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const body = { id: crypto.randomUUID(), commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(seededRng(1), { knows111Rate: 1 }) };
    const res = await lan.postJson('/rounds/hn-phu-chau-midterm/submissions', body);
    expect(res.status).toBe(201);
    expect((await res.json()).redirect).toBe(`/submissions/${body.id}`);
    expect((await lan.postJson('/rounds/hn-phu-chau-midterm/submissions', body)).status).toBe(200);
    const round = await (await lan.get('/rounds/hn-phu-chau-midterm')).text();
    expect(round).toContain(`/submissions/${body.id}`);
    const ha = await webAs(t.app, people.managerHa);
    const detail = await ha.get(`/submissions/${body.id}`);
    expect(detail.status).toBe(200);
    expect(await detail.text()).toContain('Phú Châu');
    const wv = await webAs(t.app, people.sponsorWorldVision);
    expect((await wv.get(`/submissions/${body.id}`)).status).toBe(403);
  });

  it("counts per evaluator on the round page: a manager reads every evaluator's, an evaluator only their own", async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const minh = await webAs(t.app, people.evaluatorMinh);
    const send = (as: typeof lan, seed: number) => as.postJson('/rounds/hn-phu-chau-midterm/submissions', { id: crypto.randomUUID(), commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(seededRng(seed), { knows111Rate: 1 }) });
    expect((await send(lan, 31)).status).toBe(201);
    expect((await send(minh, 32)).status).toBe(201);
    const rows = async (as: typeof lan) => [...(await (await as.get('/rounds/hn-phu-chau-midterm')).text()).matchAll(/data-evaluator="([^"]+)"/g)].map((m) => m[1]);
    const ha = await webAs(t.app, people.managerHa);
    expect((await rows(ha)).length).toBeGreaterThanOrEqual(2);
    const lanRows = await rows(lan);
    expect(lanRows).toHaveLength(1);
    expect((await rows(ha)).filter((name) => !lanRows.includes(name)).length).toBeGreaterThanOrEqual(1);
    expect(await rows(minh)).not.toEqual(lanRows);
  });

  it('answers a web submission with bad answers with 422 and messages per question in the user’s language', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const answers = { ...householdAnswers(seededRng(2), { knows111Rate: 1 }), respondent_age: 7 };
    const body = { id: crypto.randomUUID(), commune: '09649', instrument: 'household', version: 1, answers };
    const vi = await lan.postJson('/rounds/hn-phu-chau-midterm/submissions', body);
    expect(vi.status).toBe(422);
    const problem = await vi.json();
    expect(problem.errors[0].question).toBe('respondent_age');
    const en = await lan.postJson('/rounds/hn-phu-chau-midterm/submissions', body, { cookie: `${lan.cookie}; moc_lang=en` });
    expect((await en.json()).title).toBe('Some answers are not valid.');
  });

  it('shows a sponsor aggregates of their model only, in English by default', async () => {
    const wv = await webAs(t.app, people.sponsorWorldVision);
    const model = await (await wv.get('/models/yb-service-pilot')).text();
    expect(model).toContain('Caregivers who know the 111 hotline');
    const round = await (await wv.get('/rounds/yb-service-pilot-midterm')).text();
    expect(round).toContain('Sponsors see aggregates only.');
    expect(round).not.toContain('/submissions/');
    expect((await wv.get('/models/hn-phu-chau')).status).toBe(404);
  });

  it('answers unknown pages with a 404 page and /healthz with ok', async () => {
    expect((await t.app.request('/nope')).status).toBe(404);
    expect(await (await t.app.request('/healthz')).json()).toEqual({ status: 'ok' });
  });
});
