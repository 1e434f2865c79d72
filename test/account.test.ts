/**
 * People change their own password (issue 12, part 1): the current one first, checked like a sign-in; the
 * account's other sessions and API tokens end, the one in use stays.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAs, freshApp, people, testPassword, webAs, type TestApp } from './support/app';

let app: TestApp;
beforeAll(async () => {
  ({ app } = await freshApp());
});

const changePassword = (token: string, body: unknown) =>
  app.request('/api/v1/users/me/password', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'vi' }, body: JSON.stringify(body) });
const tokenStatus = async (email: string, password: string) =>
  (await app.request('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).status;

describe('changing one’s own password', () => {
  it('through the API: 422 for a wrong current or a short new one (nothing changes); 204 ends the other sessions and tokens', async () => {
    const lan = await apiAs(app, people.evaluatorLan);
    const lanElsewhere = await apiAs(app, people.evaluatorLan);
    const lanOnTheWeb = await webAs(app, people.evaluatorLan);

    const wrong = await changePassword(lan.token, { current: 'not-my-password', password: 'lan-new-password' });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ errors: [{ question: 'current', message: 'Mật khẩu hiện tại không đúng.' }] });
    const short = await changePassword(lan.token, { current: testPassword, password: 'short' });
    expect(short.status).toBe(422);
    expect(((await short.json()) as { errors: { question: string }[] }).errors.map((e) => e.question)).toEqual(['password']);
    expect(await tokenStatus(people.evaluatorLan, testPassword)).toBe(201);
    expect((await lanElsewhere.get('/api/v1/models')).status).toBe(200);

    expect((await changePassword(lan.token, { current: testPassword, password: 'lan-new-password' })).status).toBe(204);
    expect((await lan.get('/api/v1/models')).status).toBe(200);
    expect((await lanElsewhere.get('/api/v1/models')).status).toBe(401);
    expect((await lanOnTheWeb.get('/account')).status).not.toBe(200);
    expect(await tokenStatus(people.evaluatorLan, testPassword)).toBe(401);
    expect(await tokenStatus(people.evaluatorLan, 'lan-new-password')).toBe(201);
  });

  it('on /account: the form, a 422 in Vietnamese that keeps the password, then 303 and the other sessions ended', async () => {
    const ha = await webAs(app, people.managerHa);
    const haElsewhere = await webAs(app, people.managerHa);
    const page = await ha.get('/account');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Mật khẩu hiện tại');

    const post = (current: string, password: string) =>
      app.request('/account', {
        method: 'POST',
        headers: { cookie: ha.cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'vi' },
        body: new URLSearchParams({ _csrf: ha.csrf, current, password }),
      });
    const refused = await post('wrong-password', 'ha-new-password');
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Mật khẩu hiện tại không đúng.');
    expect((await haElsewhere.get('/account')).status).toBe(200);

    const done = await post(testPassword, 'ha-new-password');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/account?changed=1');
    expect(await (await ha.get('/account?changed=1')).text()).toContain('Đã đổi mật khẩu.');
    expect((await haElsewhere.get('/account')).status).not.toBe(200);
  });

  it('needs a session', async () => {
    expect((await app.request('/api/v1/users/me/password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await app.request('/account')).status).not.toBe(200);
  });
});
