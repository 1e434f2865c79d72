/**
 * Fast on a phone (issue 14, part 11), as behaviours in real Chromium (the timings are `npm run bench:phone`'s):
 * the survey page asks for its questionnaire with the page, not once its scripts have run; the service worker
 * answers a survey page of the evaluator's kit from the device at once while the network hangs, and refreshes
 * it behind; and never answers with another person's page.
 */
import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, testPassword } from '../support/app';
import { deviceDrafts, launchChromium, signIn, startServer, surveyReady } from '../support/browser';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const surveyPath = '/rounds/hn-phu-chau-midterm/survey/household';
const instrumentPath = '/instruments/household/v1.json';
/** A second evaluator assigned to the same rounds (src/seed/users.ts). */
const evaluatorMinh = 'evaluator2@example.org';

/**
 * A TCP relay in front of the server whose network can hang: while `hang` is set, nothing the browser sends
 * reaches the server (on open connections too), as on a phone with signal and no data; released, it goes on.
 */
function hangingRelay(port: number) {
  const held: (() => void)[] = [];
  const state = { hang: false, url: '' };
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => (state.hang ? held.push(() => upstream.write(chunk)) : upstream.write(chunk)));
    upstream.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  return {
    state,
    start: () => new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve(void (state.url = `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`)))),
    release() {
      state.hang = false;
      for (const send of held.splice(0)) send();
    },
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      relay.close(() => resolve());
    }),
  };
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Whom the page was made for: the sign-out button names them. */
const signedInAs = (page: Page) => page.locator('form[action="/signout"] button').getAttribute('title');

describe('the questionnaire comes with the page', { timeout: 90_000 }, () => {
  it('is requested while SurveyJS is still loading, once: the page preloads it and the script takes that copy', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, server.url, people.evaluatorLan);
    let instrumentRequests = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === instrumentPath) instrumentRequests += 1;
    });
    // SurveyJS is held until the questionnaire has been asked for (or 5 s): scripts cannot have asked for it.
    let requestedWhileHeld = false;
    await page.route('**/vendor/survey.core.min.js', async (route) => {
      for (let i = 0; i < 50 && instrumentRequests === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      requestedWhileHeld = instrumentRequests > 0;
      await route.continue();
    });
    await page.goto(server.url + surveyPath);
    await surveyReady(page);
    expect(await page.locator(`head link[rel="preload"][as="fetch"][crossorigin][href="${instrumentPath}"]`).count()).toBe(1);
    expect(requestedWhileHeld).toBe(true);
    expect(instrumentRequests).toBe(1);
    await context.close();
  });
});

describe('the first look', { timeout: 90_000 }, () => {
  it('shows the first page before SurveyJS has arrived; what was typed there is in the form SurveyJS draws, the cursor where it was', async () => {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, server.url, people.evaluatorLan);
    // SurveyJS is held back until the evaluator has answered on the plain first page.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/vendor/survey.core.min.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(server.url + surveyPath, { waitUntil: 'commit' });
    const look = page.locator('#survey[aria-busy="true"] [data-first-look]');
    await look.waitFor();
    // On the first screen at 360 × 740, with its first question.
    const hamlet = look.locator('[data-name="hamlet"] input');
    expect((await hamlet.boundingBox())!.y).toBeLessThan(740);
    await look.getByLabel('Mẹ').check();
    await look.locator('[data-name="respondent_age"] input').fill('43');
    await hamlet.fill('Thôn 7');
    expect(await page.locator('.sd-navigation__next-btn').count()).toBe(0); // still the plain page
    release();
    await surveyReady(page);
    expect(await page.locator('[data-first-look]').count()).toBe(0);
    // The answers, typed, in SurveyJS's form and in the draft the page keeps; the cursor still in "Thôn/xóm".
    expect(await page.locator('#survey [data-name="hamlet"] input').inputValue()).toBe('Thôn 7');
    expect(await page.locator('#survey [data-name="respondent_age"] input').inputValue()).toBe('43');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-name]')?.getAttribute('data-name'))).toBe('hamlet');
    await expect.poll(async () => (await deviceDrafts(page)).map((d) => d.data)).toEqual([{ hamlet: 'Thôn 7', respondent_relation: 'mother', respondent_age: 43 }]);
    await context.close();
  });
});

describe('a survey page of the kit', { timeout: 120_000 }, () => {
  let relay: ReturnType<typeof hangingRelay>;
  beforeAll(async () => {
    relay = hangingRelay(Number(new URL(server.url).port));
    await relay.start();
  });
  afterAll(() => relay?.close());

  /** Lan signed in through the relay, the service worker in control and her kit on the device. */
  async function lanWithKit() {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, relay.state.url, people.evaluatorLan);
    await page.goto(relay.state.url + surveyPath);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 });
    return { context, page };
  }

  it('opens from the device at once while the network hangs (not after the 4 s fallback), and is refreshed behind', async () => {
    const { context, page } = await lanWithKit();
    const lan = await signedInAs(page);
    relay.state.hang = true;
    try {
      await page.goto(relay.state.url + surveyPath, { timeout: 3000 });
      await surveyReady(page);
      expect(await signedInAs(page)).toBe(lan);
    } finally {
      relay.release();
    }
    await context.close();
  });

  it("is never another person's: with someone else's session, the page comes from the network, for them", async () => {
    const { context, page } = await lanWithKit();
    const lan = await signedInAs(page);
    const res = await server.app.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: evaluatorMinh, password: testPassword, next: '/' }),
    });
    const minhSession = /moc_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
    // Lan's session replaced by Minh's with no page in between.
    await context.clearCookies();
    await context.addCookies([{ name: 'moc_session', value: minhSession, url: relay.state.url }]);
    await page.goto(relay.state.url + surveyPath);
    await surveyReady(page);
    expect(await signedInAs(page)).not.toBe(lan);
    expect(await signedInAs(page)).toContain(evaluatorMinh);
    await context.close();
  });

  it("is never another person's: Minh signing in over Lan's session, straight to the survey page, gets his own", async () => {
    const { context, page } = await lanWithKit();
    const lan = await signedInAs(page);
    await Promise.all([
      page.waitForURL(relay.state.url + surveyPath),
      page.evaluate(
        ({ email, password, next }) => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = '/signin';
          const csrf = (document.querySelector('form[action="/signout"] input[name="_csrf"]') as HTMLInputElement).value;
          for (const [name, value] of Object.entries({ email, password, next, _csrf: csrf })) {
            const input = document.createElement('input');
            input.type = 'hidden';
            input.name = name;
            input.value = value;
            form.appendChild(input);
          }
          document.body.appendChild(form);
          form.submit();
        },
        { email: evaluatorMinh, password: testPassword, next: surveyPath },
      ),
    ]);
    await surveyReady(page);
    expect(await signedInAs(page)).not.toBe(lan);
    expect(await signedInAs(page)).toContain(evaluatorMinh);
    await context.close();
  });
});
