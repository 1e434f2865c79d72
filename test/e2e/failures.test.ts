/**
 * One way to show failures (public/app/moc.js, failures.js): an htmx request that fails shows its message in the
 * page's alert region, in the page's language, and swaps nothing, so what was typed stays. 401 and 413 come from
 * the real server; 403, 500 and no answer are played by Playwright's routing (a test tool, not a production hook).
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { messages } from '../../src/domain/i18n';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { people, testConfig, testPassword } from '../support/app';
import { putAnswers, queueItems, serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();
const t = messages.vi.failures;
const countsPath = '/rounds/hn-phu-chau-baseline/counts';
const figure = 'input[name="count-09649-csc_total"]';

async function phone(email: string) {
  const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, email);
  return { context, page };
}

const alertText = (page: Page) => page.locator('#alerts[role="alert"]').textContent();

it('401 saving registered counts: the session message with a sign-in link that comes back; the typed figure stays', async () => {
  const { context, page } = await phone(people.managerHa);
  await page.goto(e2e.server.url + countsPath);
  await page.fill(figure, '57');
  await page.fill('input[name="source"]', 'Báo cáo xã');
  await page.fill('input[name="as_of"]', '2025-01-16');
  await context.clearCookies(); // the session ended (signed out in another tab, or expired)
  await page.click('#counts button[type=submit]');
  await expect.poll(() => alertText(page)).toContain(t.session);
  expect(await page.locator('#alerts [data-failure="session"]').count()).toBe(1);
  // In view where the reader is (scrolled down to the form's button on a phone), not only at the page's top.
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  const box = (await page.locator('#alerts p').boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(740);
  expect(await page.inputValue(figure)).toBe('57');
  const link = page.locator('#alerts a');
  expect(await link.textContent()).toBe(t.signIn);
  expect(await link.getAttribute('href')).toBe(`/signin?next=${encodeURIComponent(countsPath)}`);

  await link.click();
  await page.fill('input[name=email]', people.managerHa);
  await page.fill('input[name=password]', testPassword);
  await Promise.all([page.waitForURL(e2e.server.url + countsPath), page.click('form#signin button[type=submit]')]);
  // Back on the page, signed in: the figure typed before is back in its field, and the page says so.
  expect(await page.inputValue(figure)).toBe('57');
  expect(await page.inputValue('input[name="source"]')).toBe('Báo cáo xã');
  expect(await page.inputValue('input[name="as_of"]')).toBe('2025-01-16');
  await expect.poll(() => alertText(page)).toContain(t.restored);
  await page.click('#counts button[type=submit]');
  await expect.poll(() => page.locator('#counts [data-saved]').count()).toBe(1);
  expect(await alertText(page)).toBe('');
  await page.reload();
  expect(await page.inputValue(figure)).toBe('57'); // saved
  expect(await page.locator('#alerts [data-failure="restored"]').count()).toBe(0); // what was kept is put back once
  await context.close();
});

it('401 changing a filter: the session message, in English on an English page', async () => {
  const { context, page } = await phone(people.managerHa);
  await page.goto(`${e2e.server.url}/lang/en?back=%2Fmodels`);
  await page.waitForURL(/\/models$/);
  const list = await page.locator('#model-list').innerHTML();
  await context.clearCookies();
  await page.selectOption('select[name="province"]', { index: 1 });
  await expect.poll(() => alertText(page)).toContain(messages.en.failures.session);
  expect(await page.locator('#model-list').innerHTML()).toBe(list);
  await context.close();
});

it('413 a file over the import limit', async () => {
  const { context, page } = await phone(people.admin);
  await page.goto(`${e2e.server.url}/imports`);
  await page.setInputFiles('input[type=file][name=file]', { name: 'big.json', mimeType: 'application/json', buffer: Buffer.alloc(testConfig.importLimitBytes + 1, 32) });
  await page.click('form[hx-post="/imports"] button[type=submit]');
  await expect.poll(() => alertText(page)).toContain(t.tooLarge);
  await context.close();
});

it('403, 500 and no answer each show their message; the figure stays; the next success clears the alert', async () => {
  const { context, page } = await phone(people.managerHa);
  await page.goto(e2e.server.url + countsPath);
  await page.fill(figure, '58');
  const save = () => page.click('#counts button[type=submit]');

  await page.route('**/counts', (route) =>
    route.request().method() === 'POST'
      ? route.fulfill({ status: 403, contentType: 'text/html; charset=utf-8', body: '<div class="alert" role="alert">Phiên biểu mẫu đã hết hạn, hãy tải lại trang.</div>' })
      : route.continue(),
  );
  await save();
  await expect.poll(() => alertText(page)).toContain('Phiên biểu mẫu đã hết hạn, hãy tải lại trang.');

  await page.unroute('**/counts');
  await page.route('**/counts', (route) => (route.request().method() === 'POST' ? route.fulfill({ status: 500, body: 'boom' }) : route.continue()));
  await save();
  await expect.poll(() => alertText(page)).toContain(t.server);

  await page.unroute('**/counts');
  await page.route('**/counts', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue()));
  await save();
  await expect.poll(() => alertText(page)).toContain(t.offline);
  expect(await page.inputValue(figure)).toBe('58');

  await page.unroute('**/counts');
  await page.fill('input[name="source"]', 'Báo cáo xã');
  await page.fill('input[name="as_of"]', '2025-01-15');
  await save();
  await expect.poll(() => page.locator('#counts [data-saved]').count()).toBe(1);
  expect(await alertText(page)).toBe('');
  await context.close();
});

it('a survey finished after the session ended says only that the session ended; it stays in the queue', async () => {
  const { context, page } = await phone(people.evaluatorLan);
  await page.goto(`${e2e.server.url}/rounds/hn-phu-chau-midterm/survey/household`);
  await putAnswers(page, householdAnswers(seededRng(14), { knows111Rate: 0.5 }));
  await context.clearCookies();
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  const field = messages.vi.field;
  await expect.poll(() => page.locator('#survey-status').textContent()).toBe(field.signInAgain);
  expect(await page.locator('body').innerText()).not.toContain(field.queuedOffline);
  const queued = (await queueItems(page)).map((i) => i.state);
  expect(queued).toEqual(['waiting']);
  await context.close();
});
