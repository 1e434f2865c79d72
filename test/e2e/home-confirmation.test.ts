/**
 * Issue 14, parts 4 and 8 in real Chromium: a sent survey is confirmed with its household, commune and time on
 * Vietnam's clock, and "Hộ tiếp theo" opens a blank form of the same round with the commune chosen; after
 * sign-out, Back shows the sign-in page or nothing private (pages are no-store).
 */
import { describe, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { people } from '../support/app';
import { putAnswers, serverAndBrowser, signIn, surveyReady } from '../support/browser';

const e2e = serverAndBrowser();
const surveyPath = '/rounds/hn-phu-chau-midterm/survey/household';

describe('after sending a survey', () => {
  it('confirms household, commune and time, and "Hộ tiếp theo" opens a blank form in the same commune', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, e2e.server.url, people.evaluatorLan);
    await page.goto(e2e.server.url + surveyPath);
    await surveyReady(page);
    await page.selectOption('#commune', '09649');
    await putAnswers(page, householdAnswers(seededRng(41), { knows111Rate: 0.5, hamlet: 'Thôn Xác Nhận', householdNumber: '77' }));
    await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}\/sent$/), page.getByRole('button', { name: 'Hoàn thành' }).click()]);

    expect(await page.locator('h1').innerText()).toContain('Đã gửi phiếu thành công');
    expect(await page.locator('[data-sent="household"]').innerText()).toBe('Thôn Xác Nhận, hộ số 77');
    expect(await page.locator('[data-sent="commune"]').innerText()).toBe('Phú Châu');
    expect(await page.locator('[data-sent="time"]').innerText()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    const body = await page.locator('main').innerText();
    expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(body).not.toContain('household v1');

    await Promise.all([page.waitForURL((u) => u.pathname === surveyPath), page.getByRole('link', { name: 'Hộ tiếp theo' }).click()]);
    await surveyReady(page);
    expect(await page.locator('#commune').inputValue()).toBe('09649');
    expect(new URL(page.url()).searchParams.get('draft')).toBeNull(); // a new survey, not a draft
    expect(await page.locator('[data-name="hamlet"] input').first().inputValue()).toBe('');
    expect(await page.locator('[data-name="household_number"] input').first().inputValue()).toBe('');
    await context.close();
  });
});

// Two things keep a signed-out page from coming back: every private page is no-store (an evaluator's kit
// pages private, no-cache), and sign-out answers Clear-Site-Data: "cache". Checked: with both taken away, the
// pages come back on Back and these tests fail.
describe('Back after sign-out', () => {
  for (const [who, email, path, privateText] of [
    ['a manager', people.managerHa, '/', 'Nguyễn Thu Hà'],
    ['an admin', people.admin, '/programme', 'Tổng quan'],
    ['an evaluator', people.evaluatorLan, '/rounds/hn-phu-chau-midterm', 'Phiếu khảo sát hộ gia đình'],
  ] as const) {
    it(`shows ${who}'s pages no more`, async () => {
      const context = await e2e.browser.newContext();
      const page = await context.newPage();
      await signIn(page, e2e.server.url, email);
      await page.goto(e2e.server.url + path);
      expect(await page.content()).toContain(privateText);
      await Promise.all([page.waitForURL(/\/signin/), page.locator('form[action="/signout"] button').click()]);
      await page.goBack();
      await page.waitForLoadState('load');
      // Either the sign-in page (the server asked again) or nothing at all: never the page from before.
      const html = await page.content();
      expect(html).not.toContain(privateText);
      expect(html).not.toContain('form action="/signout"');
      await context.close();
    });
  }
});
