/**
 * An admin on a phone (360 px) gives the manager a whole programme from /users: the scope page's checkboxes,
 * saved, and the accounts list then says what the manager reaches; nothing wider than the phone.
 */
import { expect, it } from 'vitest';
import { people } from '../support/app';
import { serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();

it('an admin gives a manager the Yên Bái programme from the accounts list', async () => {
  const page = await (await e2e.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  const fitsThePhone = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await signIn(page, e2e.server.url, people.admin);
  await page.goto(`${e2e.server.url}/users`);
  const ha = page.locator(`tr[data-user="${people.managerHa}"]`);
  await ha.getByRole('link', { name: 'Sửa phạm vi' }).click();
  await page.waitForURL(/\/users\/\d+\/scope$/);
  await fitsThePhone();
  expect(await page.locator('input[name="models"][value="hn-phu-chau"]').isChecked()).toBe(true);

  await page.locator('input[name="programmes"][value="yen-bai-2018-2020"]').check();
  await page.getByRole('button', { name: 'Lưu phạm vi' }).click();
  await expect.poll(() => page.locator('[role="status"]').textContent()).toBe('Đã lưu phạm vi.');
  expect(await page.locator('input[name="programmes"][value="yen-bai-2018-2020"]').isChecked()).toBe(true);
  await fitsThePhone();

  await page.goto(`${e2e.server.url}/users`);
  expect(await ha.locator('[data-reach]').innerText()).toContain('cả chương trình');
  await fitsThePhone();
});
