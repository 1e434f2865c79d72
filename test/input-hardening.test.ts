/**
 * Odd input never answers 5xx, and `back`/`next` never send anyone off the site (issue 11, parts 4 and 5).
 * Each case here answered 500 or an off-site Location before.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sameOriginPath } from '../src/domain/redirects';
import { freshApp, people, testPassword, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
let admin: Awaited<ReturnType<typeof webAs>>;

beforeAll(async () => {
  t = await freshApp();
  admin = await webAs(t.app, people.admin);
});

describe('sameOriginPath', () => {
  it.each([
    ['/rounds/hn-phu-chau-midterm?page=2', '/rounds/hn-phu-chau-midterm?page=2'],
    ['/\\evil.example/x', '/'],
    ['/\t/evil.example', '/'],
    ['/\n/evil.example', '/'],
    ['//evil.example', '/'],
    ['/\\/evil.example', '/'],
    ['/..//evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/a\r\nSet-Cookie: x=1', '/aSet-Cookie:%20x=1'],
  ])('%j → %j', (given, expected) => {
    expect(sameOriginPath(given)).toBe(expected);
  });

  it('keeps nothing but a string', () => {
    expect(sameOriginPath(undefined)).toBe('/');
    expect(sameOriginPath(['/x'])).toBe('/');
  });
});

/** Where a Location sends a browser that is on http://localhost. */
const target = (location: string | null) => new URL(location ?? '', 'http://localhost/');

describe('back and next stay on the site', () => {
  it.each(['/%5Cevil.example/x', '/%09/evil.example', '/%0A/evil.example', '//evil.example', '/%5C/evil.example'])('/lang/en?back=%s', async (back) => {
    const res = await t.app.request(`/lang/en?back=${back}`);
    expect(res.status).toBe(302);
    expect(target(res.headers.get('location')).host).toBe('localhost');
  });

  it('a CR/LF in back is a redirect on the site, not a 500 or a second header', async () => {
    const res = await t.app.request('/lang/vi?back=/rounds%0D%0ASet-Cookie:%20x=1');
    expect(res.status).toBe(302);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('x=1');
    expect(target(res.headers.get('location')).host).toBe('localhost');
  });

  it.each(['/%5Cevil.example/x', '/%09/evil.example', '/x%0D%0ALocation:%20https://evil.example'])('sign-in with next=%s lands on the site', async (next) => {
    const res = await t.app.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=${encodeURIComponent(people.managerHa)}&password=${testPassword}&next=${next}`,
    });
    expect(res.status).toBe(303);
    expect(target(res.headers.get('location')).host).toBe('localhost');
  });

  it('the sign-in form carries only a same-site next', async () => {
    const html = await (await t.app.request('/signin?next=/%5Cevil.example/x')).text();
    expect(html).toMatch(/name="next" value="\/"/);
  });
});

describe('odd query values and bodies answer 4xx, never 5xx', () => {
  it.each(['1e309', '99999999999999999999', '-1', 'abc', '1.5', '%00'])('?page=%s on a round page', async (page) => {
    const res = await admin.get(`/rounds/hn-phu-chau-midterm?page=${page}`);
    expect(res.status).toBeLessThan(500);
  });

  it('a broken multipart body to /signin is a 400', async () => {
    const res = await t.app.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nbroken',
    });
    expect(res.status).toBe(400);
  });

  it('a broken multipart body to /imports is a 400', async () => {
    const res = await t.app.request('/imports', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="x.json"\r\n\r\nbroken',
    });
    expect(res.status).toBe(400);
  });
});
