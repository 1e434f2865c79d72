/**
 * Managers to models and sponsors to programmes or models (issue 12, part 2), set by admins: GET/PUT
 * /api/v1/users/{id}/scope and the page /users/:id/scope. A whole programme reaches every model in it, also one
 * created after. The person's next request sees the new scope.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { userModels, userProgrammes, users } from '../db/schema';
import { checkUserScope } from '../src/domain/user-scope';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
let admin: Awaited<ReturnType<typeof apiAs>>;
const json = (token: string | null, method: string, path: string, body?: unknown) =>
  t.app.request(path, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

/** A new account made as an admin would: POST /api/v1/users, then its invitation sets the password; its token. */
async function newAccount(email: string, role: 'manager' | 'sponsor' | 'evaluator', locale: 'vi' | 'en' = 'en') {
  const res = await json(admin.token, 'POST', '/api/v1/users', { email, name: email.split('@')[0], role, locale });
  expect(res.status).toBe(201);
  const { id, invitation } = (await res.json()) as { id: number; invitation: { url: string } };
  const password = `${email}-long-password`;
  expect((await json(null, 'POST', `/api/v1/invitations/${invitation.url.split('/invitations/')[1]}`, { password })).status).toBe(201);
  const signedIn = await json(null, 'POST', '/api/v1/tokens', { email, password });
  expect(signedIn.status).toBe(201);
  const { token } = (await signedIn.json()) as { token: string };
  const session = await t.app.request('/signin', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email, password, next: '/' }) });
  return { id, token, cookie: session.headers.get('set-cookie')!.split(';')[0] };
}

const modelIds = async (token: string) => ((await (await json(token, 'GET', '/api/v1/models')).json()) as { models: { id: string }[] }).models.map((m) => m.id).sort();
const rows = async () => ({
  models: await t.db.select().from(userModels).orderBy(userModels.userId, userModels.modelId),
  programmes: await t.db.select().from(userProgrammes).orderBy(userProgrammes.userId, userProgrammes.programmeId),
});

beforeAll(async () => {
  t = await freshApp();
  admin = await apiAs(t.app, people.admin);
});

describe('checkUserScope', () => {
  const known = { models: new Set(['hn-phu-chau', 'yb-service-pilot']), programmes: new Set(['hanoi-2015-2020']) };
  it('takes both lists (repeated ids once) for managers and sponsors; names each unknown id and a role that holds none', () => {
    expect(checkUserScope({ models: ['hn-phu-chau', 'hn-phu-chau'], programmes: ['hanoi-2015-2020'] }, 'sponsor', known, 'en')).toEqual({
      ok: true,
      scope: { models: ['hn-phu-chau'], programmes: ['hanoi-2015-2020'] },
    });
    const bad = checkUserScope({ models: ['hn-phu-chau', 'nowhere', 7], programmes: ['mars'] }, 'manager', known, 'en');
    expect(!bad.ok && bad.errors.map((e) => e.question)).toEqual(['models.1', 'models.2', 'programmes.0']);
    expect(checkUserScope({ models: [] }, 'manager', known, 'en')).toMatchObject({ ok: false, errors: [{ question: 'programmes' }] });
    const evaluator = checkUserScope({ models: ['hn-phu-chau'], programmes: [] }, 'evaluator', known, 'en');
    expect(!evaluator.ok && evaluator.errors).toEqual([{ question: 'models', message: expect.stringContaining('round page') }]);
    expect(checkUserScope({ models: [], programmes: [] }, 'evaluator', known, 'en')).toEqual({ ok: true, scope: { models: [], programmes: [] } });
  });
});

describe('a manager given a model', () => {
  it('sees no model until an admin gives one; then the API lists it and its page opens, on the next request', async () => {
    const hoa = await newAccount('hoa.manager@example.org', 'manager');
    expect(await modelIds(hoa.token)).toEqual([]);
    expect((await t.app.request('/models/hn-phu-chau', { headers: { cookie: hoa.cookie } })).status).toBe(404);
    expect((await json(admin.token, 'GET', `/api/v1/users/${hoa.id}/scope`)).status).toBe(200);

    const res = await json(admin.token, 'PUT', `/api/v1/users/${hoa.id}/scope`, { models: ['hn-phu-chau'], programmes: [] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ models: ['hn-phu-chau'], programmes: [] });
    expect(await modelIds(hoa.token)).toEqual(['hn-phu-chau']);
    expect((await t.app.request('/models/hn-phu-chau', { headers: { cookie: hoa.cookie } })).status).toBe(200);
    expect((await t.app.request('/models/hn-duc-giang', { headers: { cookie: hoa.cookie } })).status).toBe(404);
    expect(await (await json(admin.token, 'GET', `/api/v1/users/${hoa.id}/scope`)).json()).toEqual({ models: ['hn-phu-chau'], programmes: [] });

    // Replaced whole: an empty scope takes it away again.
    expect((await json(admin.token, 'PUT', `/api/v1/users/${hoa.id}/scope`, { models: [], programmes: [] })).status).toBe(200);
    expect(await modelIds(hoa.token)).toEqual([]);
  });
});

describe('a sponsor given a programme', () => {
  it('sees every model of it and its indicators, and a model added to it afterwards', async () => {
    const unicef = await newAccount('unicef@example.org', 'sponsor');
    expect((await json(unicef.token, 'GET', '/api/v1/models/hn-me-linh/indicators')).status).toBe(404);
    expect((await json(admin.token, 'PUT', `/api/v1/users/${unicef.id}/scope`, { models: ['yb-service-pilot'], programmes: ['hanoi-2015-2020'] })).status).toBe(200);

    const hanoi = ((await (await json(admin.token, 'GET', '/api/v1/models')).json()) as { models: { id: string; programme: string }[] }).models
      .filter((m) => m.programme === 'hanoi-2015-2020')
      .map((m) => m.id);
    expect(hanoi.length).toBeGreaterThan(5);
    expect(await modelIds(unicef.token)).toEqual([...hanoi, 'yb-service-pilot'].sort());
    for (const id of hanoi) expect((await json(unicef.token, 'GET', `/api/v1/models/${id}/indicators`)).status, id).toBe(200);
    expect((await json(unicef.token, 'GET', '/api/v1/models/hnam-street-labour/indicators')).status).toBe(404);
    const overview = (await (await json(unicef.token, 'GET', '/api/v1/indicators')).json()) as { models: { id: string }[] };
    expect(overview.models.map((m) => m.id).sort()).toEqual([...hanoi, 'yb-service-pilot'].sort());

    const created = await json(admin.token, 'POST', '/api/v1/models', {
      id: 'hn-me-linh-2',
      name: { vi: 'Mô hình Mê Linh mở rộng', en: 'Me Linh extension' },
      type: 'community-cp',
      programme: 'hanoi-2015-2020',
      period: { start: '2018-01-01', end: '2020-12-31' },
      communes: ['09010'],
    });
    expect(created.status).toBe(201);
    expect(await modelIds(unicef.token)).toContain('hn-me-linh-2');
    expect((await json(unicef.token, 'GET', '/api/v1/models/hn-me-linh-2/indicators')).status).toBe(200);
    // Given a programme, not the model: the scope still names only the programme.
    expect(await (await json(admin.token, 'GET', `/api/v1/users/${unicef.id}/scope`)).json()).toEqual({ models: ['yb-service-pilot'], programmes: ['hanoi-2015-2020'] });
  });
});

describe('refusals', () => {
  it('422 for unknown ids and for an evaluator or admin, 404 for no such account, 403 for non-admins; nothing changes', async () => {
    const { id: haId } = (await t.db.select({ id: users.id }).from(users).where(eq(users.email, people.managerHa)))[0];
    const { id: lanId } = (await t.db.select({ id: users.id }).from(users).where(eq(users.email, people.evaluatorLan)))[0];
    const { id: adminId } = (await t.db.select({ id: users.id }).from(users).where(eq(users.email, people.admin)))[0];
    const before = await rows();

    const unknown = await json(admin.token, 'PUT', `/api/v1/users/${haId}/scope`, { models: ['hn-phu-chau', 'atlantis'], programmes: ['hanoi-2015-2020', 'mars'] });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { errors: { question: string }[] }).errors.map((e) => e.question)).toEqual(['models.1', 'programmes.1']);
    const lan = await json(admin.token, 'PUT', `/api/v1/users/${lanId}/scope`, { models: ['hn-phu-chau'], programmes: [] });
    expect(lan.status).toBe(422);
    expect(((await lan.json()) as { errors: { question: string; message: string }[] }).errors).toEqual([{ question: 'models', message: expect.stringContaining('trang của đợt đánh giá') }]);
    const inEnglish = await t.app.request(`/api/v1/users/${lanId}/scope`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ models: [], programmes: ['hanoi-2015-2020'] }),
    });
    expect(((await inEnglish.json()) as { errors: { question: string; message: string }[] }).errors).toEqual([{ question: 'programmes', message: expect.stringContaining('on the round page') }]);
    expect((await json(admin.token, 'PUT', `/api/v1/users/${adminId}/scope`, { models: [], programmes: ['hanoi-2015-2020'] })).status).toBe(422);
    expect((await json(admin.token, 'PUT', `/api/v1/users/${haId}/scope`, { models: ['hn-phu-chau'] })).status).toBe(422);
    expect((await json(admin.token, 'PUT', `/api/v1/users/${haId}/scope`, ['hn-phu-chau'])).status).toBe(422);
    expect((await json(admin.token, 'PUT', '/api/v1/users/999999/scope', { models: [], programmes: [] })).status).toBe(404);
    expect((await json(admin.token, 'GET', '/api/v1/users/999999/scope')).status).toBe(404);
    for (const who of [people.managerHa, people.sponsorWorldVision, people.evaluatorLan]) {
      const as = await apiAs(t.app, who);
      expect((await json(as.token, 'PUT', `/api/v1/users/${haId}/scope`, { models: [], programmes: [] })).status, who).toBe(403);
      expect((await json(as.token, 'GET', `/api/v1/users/${haId}/scope`)).status, who).toBe(403);
    }
    expect(await rows()).toEqual(before);
    // Ha reaches something (models as seeded, or a programme once the pages' test below has run): not a no-op check.
    const haReaches = [...before.models, ...before.programmes].filter((row) => row.userId === haId);
    expect(haReaches.length).toBeGreaterThan(0);
  });
});

describe('the pages', () => {
  it('/users shows what each manager and sponsor reaches with a link; the scope page saves, and refuses in Vietnamese (422) keeping the ticks', async () => {
    const web = await webAs(t.app, people.admin);
    const list = await (await web.get('/users')).text();
    const ha = /<tr data-user="manager@example\.org">([\s\S]*?)<\/tr>/.exec(list)?.[1] ?? '';
    const haId = /href="\/users\/(\d+)\/scope"/.exec(ha)?.[1];
    expect(haId).toBeDefined();
    expect(ha).toMatch(/data-reach/);
    expect(/<tr data-user="evaluator@example\.org">([\s\S]*?)<\/tr>/.exec(list)?.[1]).not.toMatch(/\/scope"/);

    const page = await (await web.get(`/users/${haId}/scope`)).text();
    expect(page).toMatch(/name="programmes" value="hanoi-2015-2020"/);
    expect(page).toMatch(/<input type="checkbox" name="models" value="hn-phu-chau" checked/);

    const post = (body: URLSearchParams) => t.app.request(`/users/${haId}/scope`, { method: 'POST', headers: { cookie: web.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body });
    const before = await rows();
    const refused = await post(new URLSearchParams([['_csrf', web.csrf], ['models', 'hn-phu-chau'], ['models', 'khong-co'], ['programmes', 'yen-bai-2018-2020']]));
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Không có mô hình này. (khong-co)');
    expect(html).toMatch(/role="alert"/);
    expect(html).toMatch(/name="programmes" value="yen-bai-2018-2020" checked/);
    expect(await rows()).toEqual(before);

    const saved = await post(new URLSearchParams([['_csrf', web.csrf], ['programmes', 'yen-bai-2018-2020']]));
    expect(saved.status).toBe(200);
    expect(await (await json(admin.token, 'GET', `/api/v1/users/${haId}/scope`)).json()).toEqual({ models: [], programmes: ['yen-bai-2018-2020'] });
    const after = await (await web.get('/users')).text();
    expect(/<tr data-user="manager@example\.org">([\s\S]*?)<\/tr>/.exec(after)?.[1]).toMatch(/Yen Bai|Yên Bái/);
  });
});
