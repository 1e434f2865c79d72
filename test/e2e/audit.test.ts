/**
 * An admin on a phone (360 px) reads the audit log: the header's link, a filter chosen from the list (htmx
 * swaps the entries in and the address keeps the filter), and the CSV of the same filter downloaded;
 * nothing wider than the phone.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { people } from '../support/app';
import { serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();

it('an admin filters the audit log to sign-ins and downloads them as CSV', async () => {
  const page = await (await e2e.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  const fitsThePhone = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await signIn(page, e2e.server.url, people.admin);
  await page.getByRole('link', { name: 'Nhật ký' }).click();
  await page.waitForURL(`${e2e.server.url}/audit`);
  await fitsThePhone();
  // The sign-in just made is listed, by the admin.
  expect(await page.locator('tr[data-audit-id]').first().innerText()).toContain('Đăng nhập');

  await page.selectOption('select[name="action"]', 'signin');
  await page.waitForURL(/\/audit\?.*action=signin/);
  await expect.poll(() => page.locator('a[download]').getAttribute('href')).toContain('action=signin');
  const actions = await page.locator('tr[data-audit-id] code:not(.hash)').allInnerTexts();
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions)).toEqual(new Set(['signin']));
  await fitsThePhone();

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[download]').click()]);
  const bytes = readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
  expect(lines[0]).toBe('id,at,user_id,user_email,user_name,action,object_type,object_id,address,detail');
  expect(lines.slice(1).every((l) => l.split(',')[5] === 'signin')).toBe(true);
  expect(lines.length - 1).toBe(actions.length);
});
