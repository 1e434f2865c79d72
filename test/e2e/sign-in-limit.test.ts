/**
 * The sign-in form in real Chromium (htmx): after 5 wrong passwords the form comes back with "too many wrong
 * passwords" (a 429, which htmx does not swap by itself: public/app/moc.js does), and the right password does
 * not get in while the account waits.
 */
import { describe, expect, it } from 'vitest';
import { people, testPassword } from '../support/app';
import { htmxSettled, serverAndBrowser } from '../support/browser';

const e2e = serverAndBrowser();

describe('sign-in limit in the browser', { timeout: 180_000 }, () => {
  it('shows the wait message in the form after 5 wrong passwords, and keeps the account out', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/signin`);
    await page.waitForFunction(() => 'htmx' in window);
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('/signin') && r.request().method() === 'POST') statuses.push(r.status());
    });
    const attempt = async (password: string) => {
      await page.fill('input[name=email]', people.sponsorWorldVision);
      await page.fill('input[name=password]', password);
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/signin') && r.request().method() === 'POST', { timeout: 50_000 }),
        page.click('form#signin button[type=submit]'),
      ]);
      // htmx swaps the form in and then sets it up; the next attempt types into the new one.
      await htmxSettled(page);
    };
    for (let i = 0; i < 5; i++) await attempt('wrong-password');
    await expect.poll(() => page.locator('form#signin .alert').textContent()).toContain('Email hoặc mật khẩu không đúng.');
    await attempt(testPassword);
    await expect.poll(() => page.locator('form#signin .alert').textContent()).toContain('Đã nhập sai mật khẩu quá nhiều lần.');
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await context.close();
  });
});
