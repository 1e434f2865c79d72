/**
 * Headers over HTTP, on the real app: every response carries the CSP (own scripts and styles only, no
 * framing), nosniff and Referrer-Policy, HSTS only with SECURE_COOKIES; every response that is not a public
 * static file is `no-store` unless it is part of an evaluator's offline kit; pages have no inline script,
 * inline style or hx-on for the CSP to refuse; the kit's manifest names its owner and lists only the kit.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createApp } from '../src/app';
import { repoRoot } from '../src/db-node';
import { contentSecurityPolicy } from '../src/middleware/headers';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { users } from '../db/schema';
import { freshApp, people, testConfig, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
let recordId: string;
const round = 'hn-phu-chau-midterm';
const surveyPage = `/rounds/${round}/survey/household`;

beforeAll(async () => {
  t = await freshApp();
  const lan = await webAs(t.app, people.evaluatorLan);
  recordId = crypto.randomUUID();
  const body = { id: recordId, commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(seededRng(11), { knows111Rate: 0.5 }) };
  const res = await lan.postJson(`/rounds/${round}/submissions`, body);
  if (res.status !== 201) throw new Error(`storing a submission answered ${res.status}`);
});

function expectSecurityHeaders(res: Response, what: string) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp, what).toContain("script-src 'self'");
  expect(csp, what).toContain("style-src 'self'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), what).toBe('same-origin');
}

const pagesByRole = {
  evaluatorLan: ['/', '/models', `/rounds/${round}`, surveyPage, `/submissions/{record}`, '/imports', `/rounds/${round}/households.json`, '/field/session.json', '/field/kit.json'],
  managerHa: ['/', '/models', '/models/hn-phu-chau', '/programme', '/programme/rollup', `/rounds/${round}`, `/rounds/hn-phu-chau-baseline/counts`, `/submissions/{record}`, '/imports', surveyPage],
  sponsorWorldVision: ['/', '/models', '/models/yb-service-pilot', '/programme', '/rounds/yb-service-pilot-midterm'],
  admin: ['/', '/models', '/programme', `/submissions/{record}`, '/imports'],
} as const;

/** The evaluator's offline kit: the only responses a device may keep. */
const kit = new Set(['/', surveyPage, `/rounds/${round}/households.json`]);

describe('security headers and the cache rule', () => {
  for (const [who, paths] of Object.entries(pagesByRole)) {
    it(`${who}: every page has the headers; only the evaluator's kit may be kept, everything else is no-store`, async () => {
      const email = people[who as keyof typeof people];
      const web = await webAs(t.app, email);
      const [user] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, email));
      for (const template of paths) {
        const path = template.replace('{record}', recordId);
        const res = await web.get(path);
        expect(res.status, path).toBe(200);
        expectSecurityHeaders(res, path);
        expect(res.headers.get('strict-transport-security'), path).toBeNull();
        expect(res.headers.get('x-moc-user'), path).toBe(String(user.id));
        const keptByKit = who === 'evaluatorLan' && kit.has(path);
        expect(res.headers.get('cache-control'), `${who} ${path}`).toBe(keptByKit ? 'private, no-cache' : 'no-store');
        if ((res.headers.get('content-type') ?? '').includes('text/html')) {
          const html = await res.text();
          // What the CSP would refuse: inline scripts (a JSON data block is not run), inline styles, hx-on.
          const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
          for (const attrs of scripts) expect(attrs, `${path}: <script${attrs}>`).toMatch(/\bsrc="\/(app|vendor)\/|type="application\/json"/);
          expect(html, path).not.toMatch(/<style\b|\sstyle="|\shx-on|\son[a-z]+="/);
          expect(html, path).toContain('<meta name="htmx-config"');
        }
      }
    });
  }

  it('a record page, errors, sign-in and the API are no-store; nobody signed in is said so', async () => {
    const anonymous = await t.app.request('/signin');
    expectSecurityHeaders(anonymous, '/signin');
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    expect(anonymous.headers.get('x-moc-user')).toBe('');
    const redirected = await t.app.request(`/submissions/${recordId}`);
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get('cache-control')).toBe('no-store');
    const expired = await t.app.request('/field/session.json', { headers: { accept: 'application/json', cookie: 'moc_session=gone' } });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('cache-control')).toBe('no-store');
    expect(expired.headers.get('x-moc-user')).toBe('');
    const lan = await webAs(t.app, people.evaluatorLan);
    const notFound = await lan.get('/submissions/00000000-0000-4000-8000-000000000000');
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('cache-control')).toBe('no-store');
    const api = await t.app.request('/api/v1/models');
    expect(api.status).toBe(401);
    expectSecurityHeaders(api, '/api/v1/models');
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect((await t.app.request('/healthz')).headers.get('cache-control')).toBe('no-store');
  });

  it("the kit's manifest names its owner by id and lists only the evaluator's open rounds; other roles have none", async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const res = await lan.get('/field/kit.json');
    const body = (await res.json()) as { user: string; urls: string[] };
    expect(body.user).toBe(res.headers.get('x-moc-user'));
    expect(body.urls).toContain(surveyPage);
    expect(body.urls).toContain(`/rounds/${round}/households.json`);
    expect(body.urls.some((u) => u.startsWith('/submissions/') || u === `/rounds/${round}`)).toBe(false);
    const ha = await webAs(t.app, people.managerHa);
    expect(((await (await ha.get('/field/kit.json')).json()) as { urls: string[] }).urls).toEqual([]);
  });

  it("sign-out clears the browser's HTTP cache (Clear-Site-Data), not its storage: the unsent queue stays", async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const res = await t.app.request('/signout', {
      method: 'POST',
      headers: { cookie: lan.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: lan.csrf }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('clear-site-data')).toBe('"cache"');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('Strict-Transport-Security only with SECURE_COOKIES', async () => {
    const secure = createApp({ db: t.db, clock: () => new Date(), config: { ...testConfig, secureCookies: true } });
    const res = await secure.request('/signin');
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
    expect((await t.app.request('/signin')).headers.get('strict-transport-security')).toBeNull();
  });

  it("static files on Workers (public/_headers) get the middleware's headers", () => {
    const rules = readFileSync(join(repoRoot, 'public', '_headers'), 'utf8');
    // The rule for every path: from `/*` to the next blank line (later rules add caching, test/workers-assets.test.ts).
    const everyPath = /^\/\*\n((?: {2}.+\n?)+)/m.exec(rules)?.[1] ?? '';
    const headers = Object.fromEntries([...everyPath.matchAll(/^ {2}([A-Za-z-]+): (.+)$/gm)].map((m) => [m[1].toLowerCase(), m[2]]));
    expect(headers).toEqual({
      'content-security-policy': contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
      'strict-transport-security': 'max-age=31536000',
    });
  });

  it('static files on Node: nosniff and the CSP, and their own caching (not no-store)', async () => {
    const assets = serveStatic({ root: relative(process.cwd(), `${repoRoot}/public`) || '.', precompressed: true });
    const app = createApp({ db: t.db, clock: () => new Date(), config: testConfig, assets });
    for (const path of ['/app/style.css', '/app/field.js', '/vendor/htmx.min.js', '/sw.js', '/manifest.webmanifest']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(res, path);
      expect(res.headers.get('cache-control'), path).not.toBe('no-store');
    }
  });
});
