/**
 * Issue 14, part 11 (the sync half) in real Chromium: a queued survey goes within seconds of the network working
 * again, not at the next backoff timer. The old field.js waited 10 s after one failed try, 20 s after two (up to
 * 5 minutes), and only the `online` event cut that short; a phone with signal but no data says "online"
 * throughout. Now a small request asks every 2 s while items wait after a try with no answer (sync.js), and
 * any answer the page sees sends at once. The deadlines below are well under the old waits.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { people } from '../support/app';
import { putAnswers, serverAndBrowser, signIn, surveyReady } from '../support/browser';

const e2e = serverAndBrowser();
const rng = seededRng(1111);
const surveyPath = '/rounds/hn-phu-chau-midterm/survey/household';

/** A phone without the service worker, so that the test's routes see every request the page makes. */
async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, people.evaluatorLan);
  await page.goto(e2e.server.url + surveyPath);
  await surveyReady(page);
  return { context, page };
}

const bar = async (page: Page, what: 'waiting' | 'sent') => Number(await page.locator('#field-bar').getAttribute(`data-${what}`));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('sends a survey queued while the phone had signal but no data within seconds of the data coming back, with no online event', { timeout: 120_000 }, async () => {
  const { context, page } = await phone();
  await putAnswers(page, householdAnswers(rng, { knows111Rate: 0.5 }));
  // Signal, no data: the browser says online, every request fails.
  const noData = (route: { abort(code: string): Promise<void> }) => route.abort('internetdisconnected');
  await context.route('**/*', noData);
  expect(await page.evaluate(() => navigator.onLine)).toBe(true);
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  await expect.poll(() => bar(page, 'waiting')).toBe(1);
  // A long enough outage for the tries to fail again and the old backoff to grow (10 s, then 20 s).
  await sleep(12_000);
  expect(await bar(page, 'sent')).toBe(0);

  await context.unroute('**/*', noData);
  const back = Date.now();
  await expect.poll(() => bar(page, 'sent'), { timeout: 10_000, interval: 200 }).toBe(1);
  console.log(`sent ${((Date.now() - back) / 1000).toFixed(1)} s after the data came back`);
  await context.close();
});

it('sends within seconds of coming back online when the first try after the online event fails', { timeout: 120_000 }, async () => {
  const { context, page } = await phone();
  await putAnswers(page, householdAnswers(rng, { knows111Rate: 0.5 }));
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  await expect.poll(() => bar(page, 'waiting')).toBe(1);

  // The network comes back but its first moment drops the send (a phone reattaching to the cell).
  let dropped = 0;
  await context.route('**/rounds/*/submissions', async (route) => {
    if (dropped++ === 0) return route.abort('connectionreset');
    return route.continue();
  });
  await context.setOffline(false);
  await expect.poll(() => dropped, { timeout: 10_000 }).toBeGreaterThan(0);
  const back = Date.now();
  await expect.poll(() => bar(page, 'sent'), { timeout: 8_000, interval: 200 }).toBe(1);
  console.log(`sent ${((Date.now() - back) / 1000).toFixed(1)} s after the failed first try`);
  await context.close();
});
