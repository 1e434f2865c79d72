/** Registered counts in Chromium on a phone: a manager's entry is refused, corrected and saved without a page load. */
import { expect, it } from 'vitest';
import { people } from '../support/app';
import { htmxSettled, serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();

it('swaps the refused form, then the saved figures, into the page in place', async () => {
  const page = await (await e2e.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, e2e.server.url, people.managerHa);
  await page.goto(`${e2e.server.url}/rounds/hn-phu-chau-baseline`);
  await Promise.all([page.waitForURL(/\/counts$/), page.click('a[href$="/counts"]')]);
  // Usable at 360 px: nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  await page.fill('input[name="source"]', 'Báo cáo UBND xã Phú Châu');
  await page.fill('input[name="as_of"]', '2025-01-15');
  await page.fill('input[name="count-09649-csc_total"]', '50');
  await page.fill('input[name="count-09649-csc_assisted"]', '60');
  await page.click('#counts button[type=submit]');
  await expect.poll(() => page.locator('#counts [data-problem]').textContent()).toBe('Không được lớn hơn số trẻ em có hoàn cảnh đặc biệt.');
  expect(await page.inputValue('input[name="source"]')).toBe('Báo cáo UBND xã Phú Châu');
  // The refused form was swapped in: its submit goes through htmx only once htmx has set it up.
  await htmxSettled(page);

  await page.fill('input[name="count-09649-csc_assisted"]', '45');
  await page.click('#counts button[type=submit]');
  await expect.poll(() => page.locator('#counts [data-saved]').textContent()).toContain('Đã lưu 2 số liệu.');
  const assisted = page.locator('#counts tr[data-figure="csc_assisted"] [data-current]');
  expect(await assisted.getAttribute('data-current')).toBe('45');
  expect(await assisted.textContent()).toContain('Nguyễn Thu Hà');
  expect(await page.inputValue('input[name="count-09649-csc_total"]')).toBe('50');
  // Swapped by htmx: the page itself was not reloaded.
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});
