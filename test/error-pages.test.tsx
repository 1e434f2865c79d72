/**
 * Error pages (src/middleware/errors.tsx, views/error.tsx): each has a title, a sentence saying what happened and
 * what to do, and real links (home; sign-in back to the page when nobody is signed in), in the reader's language.
 * The API keeps its JSON problems.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorPage } from '../views/error';
import { messages } from '../src/domain/i18n';
import { freshApp, people, testConfig, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
beforeAll(async () => {
  t = await freshApp();
});
afterAll(() => t.remove());

const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body),
});

/** The page's title, sentence, detail and links, as the reader sees them. */
async function errorPage(res: Response) {
  const html = (await res.text()).replace(/&#39;/g, "'").replace(/&quot;/g, '"');
  const section = /<section class="card error-page"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return {
    status: res.status,
    lang: /<html lang="(\w+)"/.exec(html)?.[1],
    title: /<title>([^<]*)</.exec(html)?.[1],
    h1: /<h1>([^<]*)<\/h1>/.exec(section)?.[1],
    sentence: /<p data-sentence[^>]*>([^<]*)</.exec(section)?.[1],
    detail: /<p data-detail[^>]*>([^<]*)</.exec(section)?.[1],
    links: [...section.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]),
    alertRegion: html.includes('id="alerts"') && html.includes('role="alert"'),
  };
}

function expectPage(page: Awaited<ReturnType<typeof errorPage>>, status: number, locale: 'vi' | 'en' = 'vi') {
  const t = messages[locale].failures;
  expect(page.status).toBe(status);
  expect(page.lang).toBe(locale);
  expect(page.h1).toBe(t.pages[status].title);
  expect(page.title).toBe(`${t.pages[status].title} · Mốc`);
  expect(page.sentence).toBe(t.pages[status].sentence);
  expect(page.links[0]).toEqual(['/', t.home]);
  expect(page.alertRegion).toBe(true);
}

describe('error pages', () => {
  it('400: a broken form body, signed out: home and sign-in', async () => {
    const res = await t.app.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nbroken',
    });
    const page = await errorPage(res);
    expectPage(page, 400);
    expect(page.links[1]?.[1]).toBe(messages.vi.failures.signInLink);
  });

  it('401: a form sent after the session ended links to sign-in and back to the page it came from', async () => {
    const res = await t.app.request('/rounds/hn-phu-chau-baseline/counts', form({ source: 'x' }, { referer: 'http://localhost/rounds/hn-phu-chau-baseline/counts' }));
    const page = await errorPage(res);
    expectPage(page, 401);
    expect(page.links).toEqual([
      ['/', messages.vi.failures.home],
      ['/signin?next=%2Frounds%2Fhn-phu-chau-baseline%2Fcounts', messages.vi.failures.signInLink],
    ]);
  });

  it('403: a page the reader may not see; signed in, so no sign-in link', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const page = await errorPage(await lan.get('/users'));
    expectPage(page, 403);
    expect(page.links).toHaveLength(1);
  });

  it('403: an expired form says why (the catalogue’s reason) under the sentence', async () => {
    const ha = await webAs(t.app, people.managerHa);
    const page = await errorPage(await t.app.request('/signout', form({}, { cookie: ha.cookie })));
    expectPage(page, 403);
    expect(page.detail).toBe('Phiên biểu mẫu đã hết hạn, hãy tải lại trang.');
  });

  it('404: in English for an English reader, with a sign-in link back to the address when signed out', async () => {
    const page = await errorPage(await t.app.request('/nope?x=1', { headers: { cookie: 'moc_lang=en' } }));
    expectPage(page, 404, 'en');
    expect(page.links[1]?.[0]).toBe('/signin?next=%2Fnope%3Fx%3D1');
  });

  it('413: a file over the import limit', async () => {
    const admin = await webAs(t.app, people.admin);
    const res = await t.app.request('/imports', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'multipart/form-data; boundary=xyz', 'content-length': String(testConfig.importLimitBytes + 1) },
      body: 'x'.repeat(testConfig.importLimitBytes + 1),
    });
    expectPage(await errorPage(res), 413);
  });

  it('500: the database gone', async () => {
    const broken = await freshApp();
    const ha = await webAs(broken.app, people.managerHa);
    broken.close();
    const quiet = console.error;
    console.error = () => {};
    try {
      expectPage(await errorPage(await ha.get('/models')), 500);
    } finally {
      console.error = quiet;
      broken.remove();
    }
  });

  it('the API keeps its JSON problems', async () => {
    const res = await t.app.request('/api/v1/models');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await res.json()).code).toBe('unauthenticated');
  });
});

describe('every status the app answers with has a title and a sentence in both languages', () => {
  const ctx = (locale: 'vi' | 'en') => ({ locale, actor: null, csrfToken: '', path: '/x' });
  it.each([400, 401, 403, 404, 409, 410, 413, 415, 422, 429, 500, 503])('%i', async (status) => {
    for (const locale of ['vi', 'en'] as const) {
      const html = (<ErrorPage ctx={ctx(locale)} status={status} message="m" detail={false} signInNext="/x" />).toString();
      const page = await errorPage(new Response(String(html), { status }));
      expectPage(page, status, locale);
      expect(page.links[1]).toEqual(['/signin?next=%2Fx', messages[locale].failures.signInLink]);
    }
  });
});
