/**
 * Nothing personal left on the device, in real Chromium with its service worker: a record page is never kept;
 * the evaluator's offline kit goes on sign-out, when the session has expired (the server answers for nobody,
 * or 401) and when someone else signs in on the same browser; the next person sees neither the first one's
 * pages nor their unsent queue, which stays for its owner and is sent when they are back.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { people, testPassword } from '../support/app';
import { openProfile, putAnswers, queueItems, signIn, startServer, surveyReady } from '../support/browser';

let server: Awaited<ReturnType<typeof startServer>>;
const rng = seededRng(4242);
const surveyPath = '/rounds/hn-phu-chau-midterm/survey/household';
/** A second evaluator assigned to the same rounds (src/seed/users.ts). */
const evaluatorMinh = 'evaluator2@example.org';

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** Signed in, on the survey page, the service worker in control and the offline kit on the device. */
async function withKit(page: Page, email: string) {
  await signIn(page, server.url, email);
  await page.goto(server.url + surveyPath);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 });
}

/** Fills the household survey with `answers` and finishes it. */
async function finish(page: Page, answers: Record<string, unknown>) {
  await putAnswers(page, answers);
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
}

/** Online: a survey sent at once, which opens its record page (the roster). Returns that page's path. */
async function sendOnline(page: Page, hamlet: string): Promise<string> {
  await page.goto(server.url + surveyPath);
  await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}\/sent$/), finish(page, householdAnswers(rng, { knows111Rate: 0.5, hamlet }))]);
  expect(await page.content()).toContain(hamlet);
  return new URL(page.url()).pathname; // the confirmation, which carries the household: never kept either
}

/** Every cache of the origin and the paths each holds. */
function cacheContents(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    return out;
  });
}

const kitCaches = (contents: Record<string, string[]>) => Object.keys(contents).filter((n) => !n.startsWith('moc-shell-') && n !== 'moc-state');

/** Offline, opens `path`: its status and whether `text` shows. */
async function openOffline(page: Page, path: string, text: string) {
  const res = await page.goto(server.url + path);
  return { status: res?.status(), shows: (await page.content()).includes(text) };
}

/** A web session of `email`, made over HTTP, for the browser's cookie jar. */
async function sessionOf(email: string): Promise<string> {
  const res = await server.app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: testPassword, next: '/' }),
  });
  return /moc_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
}

async function barCount(page: Page, what: 'waiting' | 'sent'): Promise<number> {
  return Number(await page.locator('#field-bar').getAttribute(`data-${what}`));
}

describe('nothing personal left behind', { timeout: 120_000 }, () => {
  it('never keeps a record page; sign-out deletes the kit, and offline neither the record nor the kit answers', async () => {
    const context = await openProfile();
    const page = await firstPage(context);
    await withKit(page, people.evaluatorLan);
    const record = await sendOnline(page, 'Thôn Ký Lục');
    const kept = await cacheContents(page);
    expect(Object.values(kept).flat()).not.toContain(record);
    expect(kitCaches(kept)).toHaveLength(1);
    expect(kept[kitCaches(kept)[0]]).toContain(surveyPath);

    await Promise.all([page.waitForURL(/\/signin$/), page.locator('form[action="/signout"] button').click()]);
    const afterSignOut = await cacheContents(page);
    expect(kitCaches(afterSignOut)).toEqual([]);
    expect(Object.keys(afterSignOut).some((n) => n.startsWith('moc-shell-'))).toBe(true); // the app itself stays
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain(`moc-field:${people.evaluatorLan}`);
    await context.setOffline(true);
    expect(await openOffline(page, record, 'Thôn Ký Lục')).toEqual({ status: 503, shows: false });
    expect((await openOffline(page, surveyPath, 'Hoàn thành')).status).toBe(503);
    await context.close();
  });

  it('after the session expires (cookie gone, the server answers 401 or for nobody) the kit goes; a record page opened before is not served offline', async () => {
    const context = await openProfile();
    const page = await firstPage(context);
    await withKit(page, people.evaluatorLan);
    const record = await sendOnline(page, 'Thôn Hết Hạn');

    // The session ends while offline: the record page was never kept, so it does not answer.
    await context.clearCookies();
    await context.setOffline(true);
    expect(await openOffline(page, record, 'Thôn Hết Hạn')).toEqual({ status: 503, shows: false });

    // Back online, the first answer of the server for nobody (a 401 to a script) deletes the kit.
    expect(kitCaches(await cacheContents(page))).toHaveLength(1);
    await context.setOffline(false);
    const status = await page.evaluate(async () => (await fetch('/field/session.json', { headers: { Accept: 'application/json' } })).status);
    expect(status).toBe(401);
    expect(kitCaches(await cacheContents(page))).toEqual([]);
    await context.setOffline(true);
    expect((await openOffline(page, surveyPath, 'Hoàn thành')).status).toBe(503);
    expect(await openOffline(page, record, 'Thôn Hết Hạn')).toEqual({ status: 503, shows: false });

    // A page opened online after expiry (redirected to sign-in) does the same.
    await context.setOffline(false);
    await withKit(page, people.evaluatorLan);
    await context.clearCookies();
    await page.goto(server.url + surveyPath);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(kitCaches(await cacheContents(page))).toEqual([]);
    await context.close();
  });

  it("another person signing in on the same browser sees neither the first one's pages nor their unsent queue, which stays for its owner", async () => {
    const context = await openProfile();
    const page = await firstPage(context);
    await withKit(page, people.evaluatorLan);
    const record = await sendOnline(page, 'Thôn Của Lan');
    // Two surveys queued offline, not sent.
    await page.goto(server.url + surveyPath);
    await context.setOffline(true);
    for (let i = 0; i < 2; i++) {
      await finish(page, householdAnswers(rng, { knows111Rate: 0.5, hamlet: 'Thôn Chưa Gửi' }));
      // Queued: the page moves on to a new survey (no draft in the address).
      await page.waitForURL((u) => !u.searchParams.has('draft'));
      await surveyReady(page);
    }
    await expect.poll(() => barCount(page, 'waiting')).toBe(2);
    const lanKit = kitCaches(await cacheContents(page));

    // Lan's session is replaced by Minh's with no page in between (no sign-in page, no sign-out).
    await context.setOffline(false);
    await context.clearCookies();
    await context.addCookies([{ name: 'moc_session', value: await sessionOf(evaluatorMinh), url: server.url }]);
    await page.goto(server.url + surveyPath);
    await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 });
    const minhKit = kitCaches(await cacheContents(page));
    expect(minhKit).toHaveLength(1);
    expect(minhKit).not.toEqual(lanKit);
    await expect.poll(() => barCount(page, 'waiting')).toBe(0);
    expect(await queueItems(page)).toHaveLength(0);

    // Offline, Minh's kit works and Lan's record does not answer.
    await context.setOffline(true);
    expect(await openOffline(page, record, 'Thôn Của Lan')).toEqual({ status: 503, shows: false });
    await page.goto(server.url + surveyPath);
    await surveyReady(page);
    expect(await barCount(page, 'waiting')).toBe(0);

    // Lan back on the device: her two unsent surveys are still there, and are sent.
    await context.setOffline(false);
    await context.clearCookies();
    await withKit(page, people.evaluatorLan);
    await expect.poll(() => barCount(page, 'waiting').then(async (w) => w + (await barCount(page, 'sent')))).toBe(3);
    await page.locator('[data-field="sync-now"]').click();
    await expect.poll(() => barCount(page, 'waiting'), { timeout: 30_000 }).toBe(0);
    expect(await barCount(page, 'sent')).toBe(3);
    await context.close();
  });
});
