/**
 * The evaluator's round trip in real Chromium: sign in, fill the household survey in Vietnamese, meet a
 * validation message and correct it, submit, find the submission on the round page; then the manager sees
 * the midterm indicator change.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { serverAndBrowser, signIn } from '../support/browser';
import { people } from '../support/app';

const e2e = serverAndBrowser();

const question = (page: Page, name: string) => page.locator(`[data-name="${name}"]`).first();
const choose = (page: Page, name: string, label: string) => question(page, name).getByText(label, { exact: true }).first().click();
const next = (page: Page) => page.getByRole('button', { name: 'Tiếp theo' }).click();

/** Fills every page of the household survey in the UI, as an evaluator would, stopping before "Hoàn thành". */
async function fillHousehold(page: Page, opts: { onFirstPage?: () => Promise<void> } = {}) {
  await expect.poll(() => question(page, 'hamlet').isVisible()).toBe(true);
  await question(page, 'hamlet').locator('input').fill('Thôn Đông');
  await question(page, 'household_number').locator('input').fill('17');
  await choose(page, 'respondent_relation', 'Mẹ');
  await question(page, 'respondent_age').locator('input').fill('34');
  await choose(page, 'respondent_sex', 'Nữ');
  await question(page, 'household_size').locator('input').fill('4');
  await choose(page, 'economic_status', 'Hộ cận nghèo');
  await opts.onFirstPage?.();
  await next(page);

  await question(page, 'age').locator('input').fill('9');
  await choose(page, 'sex', 'Nam');
  await choose(page, 'in_school', 'Có');
  await choose(page, 'birth_registered', 'Có');
  await next(page);

  await choose(page, 'heard_of_child_abuse', 'Có');
  await choose(page, 'knows_111', 'Có');
  await choose(page, 'would_report', 'Có');
  await next(page);

  const rows = question(page, 'discipline').locator('tbody tr');
  for (let i = 0; i < (await rows.count()); i++) await rows.nth(i).locator('td').nth(1).click();
  await next(page);
  await next(page);
}

async function know111Midterm(page: Page): Promise<string> {
  await page.goto(`${e2e.server.url}/models/hn-phu-chau`);
  return (await page.locator('[data-indicator="caregivers-know-111"] [data-round="midterm"]').innerText()).trim();
}

describe('evaluator round trip', () => {
  it('fills the household survey, is told about a bad age, corrects it, submits once, and the manager sees the indicator move', async () => {
    const managerPage = await (await e2e.browser.newContext()).newPage();
    await signIn(managerPage, e2e.server.url, people.managerHa);
    expect(await know111Midterm(managerPage)).toBe('chưa có');

    const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, e2e.server.url, people.evaluatorLan);
    await page.getByRole('link', { name: /Phú Châu/ }).click();
    await page.getByRole('link', { name: /Phiếu khảo sát hộ gia đình/ }).click();
    await fillHousehold(page, { onFirstPage: async () => {
      await question(page, 'respondent_age').locator('input').fill('12');
      await next(page);
      await expect.poll(() => page.getByText('Tuổi người trả lời phải từ 15 đến 100.').isVisible()).toBe(true);
      await question(page, 'respondent_age').locator('input').fill('34');
    } });
    await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}\/sent$/), page.getByRole('button', { name: 'Hoàn thành' }).click()]);
    const id = page.url().split('/').at(-2)!;
    await page.goto(page.url().replace(/\/sent$/, '')); // the confirmation links the record
    expect(await page.locator('[data-question="knows_111"]').innerText()).toBe('Có');
    expect(await page.locator('[data-question="respondent_age"]').innerText()).toBe('34');

    await page.goto(`${e2e.server.url}/rounds/hn-phu-chau-midterm`);
    await expect.poll(() => page.locator(`a[href="/submissions/${id}"]`).count()).toBe(1);

    expect(await know111Midterm(managerPage)).toMatch(/^100%\s+n = 1 hộ · 1 có\s+KTC 95% 2,5–100%$/);
    await context.close();
  }, 60_000); // two people signed in, a whole household survey filled twice over its first page: 7–9 s alone, over 30 s once in CI beside other work
});

describe('server-side validation in the browser', () => {
  it('puts the server’s 422 messages back on their questions and keeps the survey open until it is fixed', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, e2e.server.url, people.evaluatorLan);
    await page.goto(`${e2e.server.url}/rounds/hn-me-linh-midterm/survey/household`);
    await fillHousehold(page);
    // What a stale or tampered client could send: the server must catch it with the same engine.
    await page.route('**/rounds/*/submissions', async (route) => {
      const body = JSON.parse(route.request().postData()!);
      await route.continue({ postData: JSON.stringify({ ...body, answers: { ...body.answers, respondent_age: 7 } }) });
    });
    await page.getByRole('button', { name: 'Hoàn thành' }).click();
    await expect.poll(() => page.locator('#survey-status').innerText()).toBe('Phiếu còn câu trả lời chưa hợp lệ.');
    await expect.poll(() => question(page, 'respondent_age').getByText('Tuổi người trả lời phải từ 15 đến 100.').isVisible()).toBe(true);

    await page.unroute('**/rounds/*/submissions');
    await question(page, 'respondent_age').locator('input').fill('41');
    for (let i = 0; i < 5; i++) await next(page);
    await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}\/sent$/), page.getByRole('button', { name: 'Hoàn thành' }).click()]);
    await page.goto(page.url().replace(/\/sent$/, ''));
    expect(await page.locator('[data-question="respondent_age"]').innerText()).toBe('41');
    await context.close();
  });
});
