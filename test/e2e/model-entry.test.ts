/** A new model in Chromium on a phone: an admin picks two communes found by typing their names without accents. */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { modelPlaces } from '../../db/schema';
import { people } from '../support/app';
import { htmxSettled, serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();

it('creates a model with two communes chosen through the live search, the picker swapped in place', async () => {
  const page = await (await e2e.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, e2e.server.url, people.admin);
  await Promise.all([page.waitForURL(/\/models\/new$/), page.click('a[href="/models/new"]')]);
  await page.waitForFunction(() => 'htmx' in window);
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  await page.fill('input[name="nameVi"]', 'Mô hình bảo vệ trẻ em Ba Vì – Phúc Thọ');
  await page.fill('input[name="nameEn"]', 'Ba Vi and Phuc Tho child protection');
  await page.selectOption('select[name="type"]', 'community-cp');
  await page.selectOption('select[name="programme"]', 'hanoi-2015-2020');
  await page.fill('input[name="periodStart"]', '2017-01-01');
  await page.fill('input[name="periodEnd"]', '2019-12-31');

  // Typed without accents; the results come as the person types (htmx, after a pause).
  await page.fill('input[name="q"]', 'phu chau');
  const phuChau = page.locator('#place-results li[data-code="09649"]');
  await expect.poll(() => phuChau.count()).toBe(1);
  expect(await phuChau.innerText()).toContain('Ba Vì');
  await phuChau.locator('button[name="add"]').click();
  await expect.poll(() => page.locator('#chosen li[data-code="09649"]').count()).toBe(1);
  // The picker was swapped in: its new search box listens only once htmx has set it up.
  await htmxSettled(page);

  await page.fill('input[name="q"]', 'lien hiep');
  const lienHiep = page.locator('#place-results li[data-code="09781"]');
  await expect.poll(() => lienHiep.count()).toBe(1);
  await lienHiep.locator('button[name="add"]').click();
  await expect.poll(() => page.locator('#chosen li').count()).toBe(2);
  expect(await page.locator('#chosen').innerText()).toContain('Phúc Thọ');
  // Swapped by htmx: the page was not reloaded, and nothing is wider than the phone.
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  expect(await page.inputValue('input[name="nameVi"]')).toBe('Mô hình bảo vệ trẻ em Ba Vì – Phúc Thọ');

  await Promise.all([page.waitForURL(/\/models\/ba-vi-and-phuc-tho-child-protection$/), page.click('button[name="save"]')]);
  expect(await page.locator('h1').innerText()).toBe('Mô hình bảo vệ trẻ em Ba Vì – Phúc Thọ');
  const places = await e2e.server.db.select().from(modelPlaces).where(eq(modelPlaces.modelId, 'ba-vi-and-phuc-tho-child-protection'));
  expect(places).toHaveLength(2);
  await page.goto(`${e2e.server.url}/`);
  expect(await page.locator('#model-list').innerText()).toContain('Mô hình bảo vệ trẻ em Ba Vì – Phúc Thọ');
});
