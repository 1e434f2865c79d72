/**
 * Accounts run by people (issue 12, part 1): created with a one-time invitation link (72 h), changed and
 * deactivated by admins (their sessions and tokens end at once), reset links; over the JSON API.
 */
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../db/schema';
import { checkNewUser, checkUserPatch } from '../src/domain/accounts';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const json = (token: string | null, method: string, path: string, body?: unknown) =>
  t.app.request(path, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const tokenPath = (url: string) => `/api/v1/invitations/${url.split('/invitations/')[1]}`;
const signIn = (email: string, password: string) => json(null, 'POST', '/api/v1/tokens', { email, password });
const accounts = async () => (await t.db.select({ n: count() }).from(users))[0].n;

beforeAll(async () => {
  t = await freshApp();
});

describe('checks', () => {
  it('a new account needs an email, a name and a role; a change names what it changes', () => {
    expect(checkNewUser({ email: ' Minh@Example.org ', name: 'Minh', role: 'evaluator' }, 'en')).toEqual({ ok: true, user: { email: 'minh@example.org', name: 'Minh', role: 'evaluator', locale: 'vi', organisationId: null } });
    const bad = checkNewUser({ email: 'no-at', name: '', role: 'boss', locale: 'fr' }, 'en');
    expect(!bad.ok && bad.errors.map((e) => e.question)).toEqual(['email', 'name', 'role', 'locale']);
    expect(checkUserPatch({}, 'en')).toMatchObject({ ok: false });
    expect(checkUserPatch({ active: 'no' }, 'en')).toMatchObject({ ok: false, errors: [{ question: 'active' }] });
    expect(checkUserPatch({ active: false, name: ' Lan ' }, 'en')).toEqual({ ok: true, patch: { active: false, name: 'Lan' } });
  });
});

describe('creating accounts', () => {
  it('an admin creates one (201 with a 72-hour invitation); a taken email is 409; a bad role or email 422; nothing half-made', async () => {
    const admin = await apiAs(t.app, people.admin);
    const before = await accounts();
    const res = await json(admin.token, 'POST', '/api/v1/users', { email: 'hoa@example.org', name: 'Phạm Thị Hoa', role: 'manager', locale: 'vi' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: number; role: string; invitation: { url: string; expiresAt: string } };
    expect(body.role).toBe('manager');
    expect(body.invitation.url).toMatch(/^http:\/\/localhost\/invitations\/[A-Za-z0-9]+$/);
    expect(new Date(body.invitation.expiresAt).getTime() - new Date('2026-11-20T09:00:00.000Z').getTime()).toBe(72 * 3600_000);
    expect((await json(admin.token, 'POST', '/api/v1/users', { email: 'HOA@example.org', name: 'x', role: 'evaluator' })).status).toBe(409);
    expect((await json(admin.token, 'POST', '/api/v1/users', { email: 'x@example.org', name: 'x', role: 'boss' })).status).toBe(422);
    expect((await json(admin.token, 'POST', '/api/v1/users', { email: 'not an email', name: 'x', role: 'evaluator' })).status).toBe(422);
    expect(await accounts()).toBe(before + 1);
  });

  it('a manager creates evaluators only; evaluators and sponsors none', async () => {
    const manager = await apiAs(t.app, people.managerHa);
    expect((await json(manager.token, 'POST', '/api/v1/users', { email: 'tuan@example.org', name: 'Tuấn', role: 'evaluator' })).status).toBe(201);
    expect((await json(manager.token, 'POST', '/api/v1/users', { email: 'boss@example.org', name: 'Boss', role: 'admin' })).status).toBe(422);
    const lan = await apiAs(t.app, people.evaluatorLan);
    expect((await json(lan.token, 'POST', '/api/v1/users', { email: 'z@example.org', name: 'Z', role: 'evaluator' })).status).toBe(403);
    expect((await json(lan.token, 'GET', '/api/v1/users')).status).toBe(403);
    const listed = (await (await json(manager.token, 'GET', '/api/v1/users')).json()) as { users: { role: string }[] };
    expect(new Set(listed.users.map((u) => u.role))).toEqual(new Set(['evaluator']));
  });
});

describe('invitations', () => {
  it('set the password once (201), then 410; a short password is 422 and uses nothing; the new account signs in', async () => {
    const admin = await apiAs(t.app, people.admin);
    const { invitation } = (await (await json(admin.token, 'POST', '/api/v1/users', { email: 'an@example.org', name: 'An', role: 'evaluator' })).json()) as { invitation: { url: string } };
    expect((await signIn('an@example.org', 'whatever-password')).status).toBe(401);
    expect((await json(null, 'POST', tokenPath(invitation.url), { password: 'short' })).status).toBe(422);
    expect((await json(null, 'POST', tokenPath(invitation.url), { password: 'an-long-password' })).status).toBe(201);
    expect((await json(null, 'POST', tokenPath(invitation.url), { password: 'another-password' })).status).toBe(410);
    expect((await signIn('an@example.org', 'an-long-password')).status).toBe(201);
    expect((await json(null, 'POST', '/api/v1/invitations/notatoken', { password: 'an-long-password' })).status).toBe(410);
  });

  it('expire after 72 hours', async () => {
    const admin = await apiAs(t.app, people.admin);
    const { invitation } = (await (await json(admin.token, 'POST', '/api/v1/users', { email: 'late@example.org', name: 'Late', role: 'evaluator' })).json()) as { invitation: { url: string } };
    t.setNow(new Date('2026-11-23T09:00:01.000Z'));
    try {
      expect((await json(null, 'POST', tokenPath(invitation.url), { password: 'late-long-password' })).status).toBe(410);
    } finally {
      t.setNow(new Date('2026-11-20T09:00:00.000Z'));
    }
  });
});

describe('changing accounts', () => {
  it('deactivating ends the account’s tokens at once (401) and sign-in fails; reactivating lets it sign in again', async () => {
    const admin = await apiAs(t.app, people.admin);
    const { id, invitation } = (await (await json(admin.token, 'POST', '/api/v1/users', { email: 'binh@example.org', name: 'Bình', role: 'evaluator' })).json()) as { id: number; invitation: { url: string } };
    await json(null, 'POST', tokenPath(invitation.url), { password: 'binh-long-password' });
    const { token } = (await (await signIn('binh@example.org', 'binh-long-password')).json()) as { token: string };
    expect((await json(token, 'GET', '/api/v1/models')).status).toBe(200);
    expect((await json(admin.token, 'PATCH', `/api/v1/users/${id}`, { active: false })).status).toBe(200);
    expect((await json(token, 'GET', '/api/v1/models')).status).toBe(401);
    expect((await signIn('binh@example.org', 'binh-long-password')).status).toBe(401);
    expect((await json(admin.token, 'PATCH', `/api/v1/users/${id}`, { active: true, name: 'Trần Bình' })).status).toBe(200);
    expect((await signIn('binh@example.org', 'binh-long-password')).status).toBe(201);
    expect((await json(admin.token, 'PATCH', `/api/v1/users/${id}`, { role: 'boss' })).status).toBe(422);
    expect((await json(admin.token, 'PATCH', '/api/v1/users/999999', { active: false })).status).toBe(404);
    const manager = await apiAs(t.app, people.managerHa);
    expect((await json(manager.token, 'PATCH', `/api/v1/users/${id}`, { active: false })).status).toBe(403);
  });

  it('a reset link sets a new password and ends the old sessions', async () => {
    const admin = await apiAs(t.app, people.admin);
    const { id, invitation } = (await (await json(admin.token, 'POST', '/api/v1/users', { email: 'chi@example.org', name: 'Chi', role: 'evaluator' })).json()) as { id: number; invitation: { url: string } };
    await json(null, 'POST', tokenPath(invitation.url), { password: 'chi-first-password' });
    const { token } = (await (await signIn('chi@example.org', 'chi-first-password')).json()) as { token: string };
    const reset = (await (await json(admin.token, 'POST', `/api/v1/users/${id}/reset`)).json()) as { url: string };
    expect((await json(null, 'POST', tokenPath(reset.url), { password: 'chi-second-password' })).status).toBe(201);
    expect((await json(token, 'GET', '/api/v1/models')).status).toBe(401);
    expect((await signIn('chi@example.org', 'chi-first-password')).status).toBe(401);
    expect((await signIn('chi@example.org', 'chi-second-password')).status).toBe(201);
  });
});

describe('the invitation page', () => {
  it('asks for a password in the invited person’s language, sets it once, and then says the link is used', async () => {
    const admin = await apiAs(t.app, people.admin);
    const { invitation } = (await (await json(admin.token, 'POST', '/api/v1/users', { email: 'dung@example.org', name: 'Dung', role: 'sponsor', locale: 'en' })).json()) as { invitation: { url: string } };
    const path = `/invitations/${invitation.url.split('/invitations/')[1]}`;
    const page = await t.app.request(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Welcome, Dung');
    const post = (password: string) => t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ password }) });
    const short = await post('short');
    expect(short.status).toBe(422);
    expect(await short.text()).toContain('10');
    const done = await post('dung-long-password');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/signin?set=1');
    expect(await (await t.app.request('/signin?set=1', { headers: { cookie: 'moc_lang=en' } })).text()).toContain('Your password is set. Sign in.');
    expect((await t.app.request(path)).status).toBe(410);
    expect((await post('dung-other-password')).status).toBe(410);
    expect((await signIn('dung@example.org', 'dung-long-password')).status).toBe(201);
  });
});

describe('the accounts page', () => {
  it('an admin creates an account and gets its link, deactivates and reactivates it, makes a reset link; a manager creates evaluators only', async () => {
    const admin = await webAs(t.app, people.admin);
    const page = await admin.get('/users');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('href="/users"');
    const post = (who: typeof admin, path: string, fields: Record<string, string>) =>
      t.app.request(path, {
        method: 'POST',
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
    const created = await post(admin, '/users', { email: 'giang@example.org', name: 'Giang', role: 'evaluator', locale: 'vi' });
    expect(created.status).toBe(200);
    const html = await created.text();
    const url = /<code>(http:\/\/localhost\/invitations\/[A-Za-z0-9]+)<\/code>/.exec(html)?.[1];
    expect(url).toBeDefined();
    expect((await t.app.request(new URL(url!).pathname)).status).toBe(200);
    const taken = await post(admin, '/users', { email: 'giang@example.org', name: 'Giang', role: 'evaluator' });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('Email này đã có tài khoản.');
    const id = /action="\/users\/(\d+)"[^>]*>(?:(?!<\/form>).)*?name="active" value="false"/s.exec(html.slice(html.indexOf('data-user="giang@example.org"')))?.[1];
    expect(id).toBeDefined();
    expect((await post(admin, `/users/${id}`, { active: 'false' })).status).toBe(200);
    expect(await (await admin.get('/users')).text()).toMatch(/data-user="giang@example.org">(?:(?!<\/tr>).)*Đã khóa/s);
    expect((await post(admin, `/users/${id}`, { active: 'true' })).status).toBe(200);
    expect((await post(admin, `/users/${id}`, {})).status).toBe(422);
    expect(await (await post(admin, `/users/${id}/reset`, {})).text()).toContain('/invitations/');
    const manager = await webAs(t.app, people.managerHa);
    const managerPage = await (await manager.get('/users')).text();
    expect(managerPage).not.toContain('value="admin"');
    expect((await post(manager, '/users', { email: 'x2@example.org', name: 'X', role: 'admin' })).status).toBe(422);
    expect((await post(manager, `/users/${id}`, { active: 'false' })).status).toBe(403);
    expect((await (await webAs(t.app, people.evaluatorLan)).get('/users')).status).toBe(403);
  });

  it("an admin gives a sponsor's account its organisation from the list; an unknown one is 422 and makes nothing; managers get no list", async () => {
    const admin = await webAs(t.app, people.admin);
    const page = await (await admin.get('/users')).text();
    expect(page).toMatch(/<select name="organisation">(?:(?!<\/select>).)*value="world-vision"/s);
    const form = (fields: Record<string, string>) =>
      t.app.request('/users', { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
    expect((await form({ email: 'thu@worldvision.example', name: 'Thu', role: 'sponsor', locale: 'en', organisation: 'world-vision' })).status).toBe(200);
    const [thu] = await t.db.select({ organisationId: users.organisationId }).from(users).where(eq(users.email, 'thu@worldvision.example'));
    expect(thu.organisationId).toBe('world-vision');
    const before = await accounts();
    const unknown = await form({ email: 'ghost@example.org', name: 'Ghost', role: 'sponsor', organisation: 'no-such-org' });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain('Không có tổ chức này');
    const api = await apiAs(t.app, people.admin);
    const viaApi = await json(api.token, 'POST', '/api/v1/users', { email: 'ghost@example.org', name: 'Ghost', role: 'sponsor', organisation: 'no-such-org' });
    expect(viaApi.status).toBe(422);
    expect(await accounts()).toBe(before);
    expect(await (await (await webAs(t.app, people.managerHa)).get('/users')).text()).not.toContain('name="organisation"');
  });
});
