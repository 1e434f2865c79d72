/**
 * Which pages the service worker answers from the device at once (public/app/offline-rules.js), with plain
 * values: a survey page of the kit, only when the user cookie names the person whose kit it is; and the server
 * sets that cookie with the session and clears it with the session (src/middleware/auth.ts).
 */
import { describe, expect, it } from 'vitest';
import { answersFromKitAtOnce, inLanguageAsked, userCookie } from '../public/app/offline-rules.js';
import { freshApp, people, testPassword } from './support/app';

describe('a kit page answered at once', () => {
  it('is a survey page, for the person whose kit it is (by the user cookie), whatever its query', () => {
    expect(answersFromKitAtOnce('/rounds/r1/survey/household', '7', '7')).toBe(true);
    expect(answersFromKitAtOnce('http://x/rounds/r1/survey/household?draft=abc', '7', '7')).toBe(true);
  });

  it('never for someone else or nobody: another cookie, no cookie, or no kit on the device', () => {
    expect(answersFromKitAtOnce('/rounds/r1/survey/household', '3', '7')).toBe(false);
    expect(answersFromKitAtOnce('/rounds/r1/survey/household', null, '7')).toBe(false);
    expect(answersFromKitAtOnce('/rounds/r1/survey/household', '', '')).toBe(false);
    expect(answersFromKitAtOnce('/rounds/r1/survey/household', '7', null)).toBe(false);
  });

  it('never for other pages, whose figures change (home, a correction, household lists)', () => {
    for (const path of ['/', '/submissions/s1/edit', '/rounds/r1/households.json', '/rounds/r1', '/rounds/r1/survey/household/x']) {
      expect(answersFromKitAtOnce(path, '7', '7')).toBe(false);
    }
  });
});

/** The Set-Cookie lines of a response for `name`. */
const setCookies = (res: Response, name: string) => res.headers.getSetCookie().filter((c) => c.startsWith(`${name}=`));

describe('the user cookie', () => {
  async function signedIn() {
    const { app } = await freshApp();
    const res = await app.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: people.evaluatorLan, password: testPassword, next: '/' }),
    });
    const session = /moc_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
    return { app, session };
  }

  it('names the signed-in person, readable by scripts, with the session’s expiry; nothing when it already does', async () => {
    const { app, session } = await signedIn();
    const home = await app.request('/', { headers: { cookie: `moc_session=${session}` } });
    const [cookie] = setCookies(home, userCookie);
    expect(cookie).toMatch(/^moc_user=\d+;/);
    expect(cookie).not.toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Expires=/);
    const id = /^moc_user=(\d+)/.exec(cookie)![1];
    expect(home.headers.get('X-Moc-User')).toBe(id);
    const again = await app.request('/', { headers: { cookie: `moc_session=${session}; moc_user=${id}` } });
    expect(setCookies(again, userCookie)).toEqual([]);
    // Another person's id in the cookie is put right.
    const other = await app.request('/', { headers: { cookie: `moc_session=${session}; moc_user=999` } });
    expect(setCookies(other, userCookie)[0]).toMatch(new RegExp(`^moc_user=${id};`));
  });

  it('goes with the session: on sign-out, and when the session is no longer valid', async () => {
    const { app, session } = await signedIn();
    const home = await app.request('/', { headers: { cookie: `moc_session=${session}` } });
    const id = /^moc_user=(\d+)/.exec(setCookies(home, userCookie)[0])![1];
    const form = await (await app.request('/', { headers: { cookie: `moc_session=${session}; moc_user=${id}` } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1];
    const out = await app.request('/signout', {
      method: 'POST',
      headers: { cookie: `moc_session=${session}; moc_user=${id}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(setCookies(out, userCookie).at(-1)).toMatch(/^moc_user=;.*Max-Age=0/);
    const expired = await app.request('/signin', { headers: { cookie: `moc_session=${session}; moc_user=${id}` } });
    expect(setCookies(expired, userCookie).at(-1)).toMatch(/^moc_user=;.*Max-Age=0/);
  });
});

describe('inLanguageAsked', () => {
  it('shows a kept page at once only in the language the reader asks for (Vietnamese without a cookie)', () => {
    expect(inLanguageAsked('vi', null)).toBe(true);
    expect(inLanguageAsked('vi', 'vi')).toBe(true);
    expect(inLanguageAsked('en', 'en')).toBe(true);
    expect(inLanguageAsked('vi', 'en')).toBe(false); // just switched to English: the network's page, not the kept one
    expect(inLanguageAsked('en', null)).toBe(false);
    expect(inLanguageAsked(null, 'vi')).toBe(false); // kept before pages said their language
  });

  it('pages say their language', async () => {
    const { app } = await freshApp();
    expect((await app.request('/signin')).headers.get('Content-Language')).toBe('vi');
    expect((await app.request('/signin', { headers: { Cookie: 'moc_lang=en' } })).headers.get('Content-Language')).toBe('en');
  });
});
