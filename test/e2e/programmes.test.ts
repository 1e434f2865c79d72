/**
 * Setting up a programme and a sponsor in Chromium on a phone (360 px): from the header, a refused form says
 * why and keeps what was typed, then the programme and the sponsor are what a new model can be given.
 */
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { organisations, programmes } from '../../db/schema';
import { people } from '../support/app';
import { serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();

it('an admin creates a programme and a sponsor, and a new model can choose them', async () => {
  const page = await (await e2e.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  const fitsThePhone = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await signIn(page, e2e.server.url, people.admin);
  await Promise.all([page.waitForURL(/\/programmes$/), page.click('header a[href="/programmes"]')]);
  await fitsThePhone();
  await Promise.all([page.waitForURL(/\/programmes\/new$/), page.click('a[href="/programmes/new"]')]);
  await fitsThePhone();

  await page.fill('input[name="nameVi"]', 'Chương trình bảo vệ trẻ em Lào Cai 2026–2030');
  await page.fill('input[name="nameEn"]', 'Lao Cai child protection 2026–2030');
  await page.selectOption('select[name="province"]', '15');
  await page.fill('input[name="periodStart"]', '2030-12-31');
  await page.fill('input[name="periodEnd"]', '2026-01-01');
  await page.click('main button[type="submit"]');
  await expect.poll(() => page.locator('main [role="alert"]').count()).toBe(1);
  expect(await page.locator('main [role="alert"]').innerText()).toContain('Ngày kết thúc không được trước ngày bắt đầu.');
  expect(await page.inputValue('input[name="nameEn"]')).toBe('Lao Cai child protection 2026–2030');
  expect(await page.inputValue('select[name="province"]')).toBe('15');
  await fitsThePhone();

  await page.fill('input[name="periodStart"]', '2026-01-01');
  await page.fill('input[name="periodEnd"]', '2030-12-31');
  await Promise.all([page.waitForURL(/\/programmes$/), page.click('main button[type="submit"]')]);
  expect(await page.locator('tr[data-programme="lao-cai-child-protection-2026-2030"]').innerText()).toContain('15 · Lào Cai');
  const [stored] = await e2e.server.db.select().from(programmes).where(eq(programmes.id, 'lao-cai-child-protection-2026-2030'));
  expect(stored).toMatchObject({ periodStart: '2026-01-01', periodEnd: '2030-12-31', source: null });

  await Promise.all([page.waitForURL(/\/organisations$/), page.click('a[href="/organisations"]')]);
  await page.fill('input[name="name"]', 'Plan International');
  await page.selectOption('select[name="kind"]', 'sponsor');
  // The form posts to the page it is on: wait for the next page's load, not for an address that already matches.
  await Promise.all([page.waitForEvent('load'), page.click('form[action="/organisations"] button[type="submit"]')]);
  expect(await page.locator('li[data-organisation="plan-international"]').count()).toBe(1);
  await fitsThePhone();
  expect(await e2e.server.db.select().from(organisations).where(eq(organisations.id, 'plan-international'))).toHaveLength(1);

  await page.goto(`${e2e.server.url}/models/new`);
  expect(await page.locator('select[name="programme"] option[value="lao-cai-child-protection-2026-2030"]').count()).toBe(1);
  expect(await page.locator('select[name="sponsor"] option[value="plan-international"]').count()).toBe(1);
});
