/**
 * Issue 14, part 3 in real Chromium, driven as an evaluator would (clicking and typing): an unfinished survey is
 * on the home page (how many, which household, last edited, "Tiếp tục") and continues with its answers and page;
 * a reload, the language switch and a second visit to the survey page keep it; typing or picking a household that
 * already has an unfinished survey opens that one instead of a second copy; the send queue is on the home page,
 * also offline.
 */
import AxeBuilder from '@axe-core/playwright';
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { places, submissions, users } from '../../db/schema';
import { contentHash } from '../../src/domain/submission';
import { people } from '../support/app';
import { openProfile, serverAndBrowser, signIn } from '../support/browser';
import { tempDir } from '../support/temp';

const e2e = serverAndBrowser();
const round = 'hn-phu-chau-midterm';
const surveyPath = `/rounds/${round}/survey/household`;


async function evaluatorPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, people.evaluatorLan);
  return { context, page };
}

/** The survey page with its form drawn. */
async function openSurvey(page: Page, path = surveyPath) {
  await page.goto(e2e.server.url + path);
  await formReady(page);
}

async function formReady(page: Page) {
  await page.locator('#survey [data-name="hamlet"] input, #survey [data-name="children"]').first().waitFor();
}

const input = (page: Page, name: string) => page.locator(`#survey [data-name="${name}"] input`).first();

/** Types the household's first page as an evaluator would, and moves to the next page ("Tiếp theo"). */
async function firstPage(page: Page, hamlet: string, number: string, age: string) {
  await page.selectOption('#commune', '09649');
  await input(page, 'hamlet').fill(hamlet);
  await input(page, 'household_number').fill(number);
  await page.locator('#survey [data-name="respondent_relation"]').getByText('Mẹ', { exact: true }).click();
  await input(page, 'respondent_age').fill(age);
  await input(page, 'household_size').fill('4');
  await page.getByRole('button', { name: 'Tiếp theo' }).click();
  await page.locator('#survey [data-name="children"]').waitFor();
}

const draftInAddress = (page: Page) => new URL(page.url()).searchParams.get('draft');

/** axe-core's serious and critical violations on the page as it stands (as test/e2e/accessibility.test.ts). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
}

describe('an unfinished survey', { timeout: 120_000 }, () => {
  it('keeps its answers and page through the language switch, is on the home page, and continues after a reload', async () => {
    const { context, page } = await evaluatorPage();
    await openSurvey(page);
    await firstPage(page, 'Thôn Nháp', '015', '35');
    // Saved, and named in the address: a reload, Back or the language switch reopens it.
    await expect.poll(() => draftInAddress(page), { timeout: 10_000 }).not.toBeNull();
    const id = draftInAddress(page)!;

    // The language switch, mid-survey: the form in English, the same draft, answers and page.
    await page.locator('a.lang').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    expect(new URL(page.url()).pathname).toBe(surveyPath);
    expect(draftInAddress(page)).toBe(id);
    await page.locator('#survey [data-name="children"]').waitFor();
    await page.getByRole('button', { name: 'Previous' }).click();
    expect(await input(page, 'hamlet').inputValue()).toBe('Thôn Nháp');
    expect(await page.locator('#survey [data-name="respondent_relation"]').innerText()).toContain('Mother');
    // An answer typed just before switching back is kept too.
    await input(page, 'respondent_age').fill('36');
    await page.locator('a.lang').click();
    await page.locator('html[lang="vi"]').waitFor({ state: 'attached' });
    expect(new URL(page.url()).pathname).toBe(surveyPath);
    expect(draftInAddress(page)).toBe(id);
    expect(await input(page, 'respondent_age').inputValue()).toBe('36');
    await page.getByRole('button', { name: 'Tiếp theo' }).click();
    await page.locator('#survey [data-name="children"]').waitFor();

    await page.goto(e2e.server.url + '/');
    const home = page.locator('#drafts-home');
    await expect.poll(() => home.locator('[data-drafts-count]').innerText()).toBe('1');
    const row = home.locator(`li[data-draft="${id}"]`);
    const text = await row.innerText();
    expect(text).toContain('Phiếu khảo sát hộ gia đình');
    expect(text).toContain('Giữa kỳ');
    expect(text).toContain('Phú Châu');
    expect(text).toContain('Thôn Nháp / 015');
    expect(text).toContain('trang 2');
    expect(text).toMatch(/sửa lần cuối \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(await violations(page)).toEqual([]);

    await Promise.all([page.waitForURL((u) => u.searchParams.get('draft') === id), row.getByRole('link', { name: /^Tiếp tục/ }).click()]);
    await page.locator('#survey [data-name="children"]').waitFor(); // the page it was left at
    await page.reload();
    await page.locator('#survey [data-name="children"]').waitFor();
    expect(draftInAddress(page)).toBe(id);
    await page.getByRole('button', { name: 'Trở về' }).click();
    expect(await input(page, 'hamlet').inputValue()).toBe('Thôn Nháp');
    expect(await input(page, 'respondent_age').inputValue()).toBe('36');
    await context.close();
  });

  it('is offered when the survey page is opened again; "Bắt đầu hộ mới" leaves it for later', async () => {
    const { context, page } = await evaluatorPage();
    await openSurvey(page);
    await firstPage(page, 'Thôn Hai', '002', '41');
    await expect.poll(() => draftInAddress(page), { timeout: 10_000 }).not.toBeNull();
    const id = draftInAddress(page)!;

    await openSurvey(page);
    const offer = page.locator('#draft-offer');
    await offer.waitFor();
    expect(await offer.innerText()).toMatch(/Thôn Hai \/ 002, sửa lần cuối \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(await violations(page)).toEqual([]);
    await offer.getByRole('button', { name: 'Tiếp tục hộ Thôn Hai / 002' }).click();
    await page.locator('#survey [data-name="children"]').waitFor();
    expect(draftInAddress(page)).toBe(id);
    await expect.poll(() => offer.isHidden()).toBe(true);

    await openSurvey(page);
    await offer.getByRole('button', { name: 'Bắt đầu hộ mới' }).click();
    await expect.poll(() => offer.isHidden()).toBe(true);
    expect(await input(page, 'hamlet').inputValue()).toBe('');
    await context.close();
  });

  it('is opened, not copied, when its household is typed again', async () => {
    const { context, page } = await evaluatorPage();
    await openSurvey(page);
    await firstPage(page, 'Thôn Ba', '003', '52');
    await expect.poll(() => draftInAddress(page), { timeout: 10_000 }).not.toBeNull();
    const id = draftInAddress(page)!;

    await openSurvey(page);
    await page.locator('#draft-offer').getByRole('button', { name: 'Bắt đầu hộ mới' }).click();
    await page.selectOption('#commune', '09649');
    await input(page, 'hamlet').fill('thôn  ba');
    await input(page, 'household_number').fill('003');
    await input(page, 'household_number').press('Tab');
    await page.locator('#survey [data-name="children"]').waitFor();
    expect(draftInAddress(page)).toBe(id);
    expect(await page.locator('#survey-status').innerText()).toContain('Hộ Thôn Ba / 003 đã có phiếu đang điền dở');
    await page.getByRole('button', { name: 'Trở về' }).click();
    expect(await input(page, 'respondent_age').inputValue()).toBe('52');
    // One draft of that household, not two.
    await page.goto(e2e.server.url + '/');
    const rows = page.locator('#drafts-home li', { hasText: 'Thôn Ba / 003' });
    await expect.poll(() => rows.count()).toBe(1);
    await context.close();
  });
});

describe('a follow-up household', { timeout: 120_000 }, () => {
  it('picked again from the search opens its unfinished survey instead of starting over', async () => {
    const [commune] = await e2e.server.db.select().from(places).where(and(eq(places.code, '09649'), eq(places.level, 'commune')));
    const [evaluator] = await e2e.server.db.select().from(users).where(eq(users.email, people.evaluatorLan));
    const answers = { hamlet: 'Thôn Đoài', household_number: '088', respondent_relation: 'mother', respondent_age: 33, household_size: 4, children: [{ age: 6, sex: 'male', in_school: true, birth_registered: true, has_disability: false }], heard_of_child_abuse: false, knows_111: 'no', would_report: 'yes' };
    await e2e.server.db.insert(submissions).values({
      id: '7e2d9b1c-3a4f-4c5d-8e6f-0a1b2c3d4e5f',
      roundId: 'hn-phu-chau-baseline',
      communeId: commune.id,
      instrumentSlug: 'household',
      instrumentVersion: 1,
      evaluatorId: evaluator.id,
      answers: JSON.stringify(answers),
      contentHash: contentHash({ round: 'hn-phu-chau-baseline', commune: '09649', instrument: 'household', version: 1 }, answers),
      householdCode: '09649|thôn đoài|088',
      receivedAt: '2015-05-16T08:00:00.000Z',
    });

    const { context, page } = await evaluatorPage();
    await openSurvey(page);
    const pick = async () => {
      await page.locator('#household-search').fill('thon doai 088');
      await page.locator('#household-results li', { hasText: '088' }).getByRole('button', { name: 'Dùng hộ này' }).click();
    };
    await pick();
    await expect.poll(() => input(page, 'hamlet').inputValue()).toBe('Thôn Đoài');
    await input(page, 'household_size').fill('5'); // changed since the baseline visit
    await input(page, 'household_size').press('Tab');
    await expect.poll(() => draftInAddress(page), { timeout: 10_000 }).not.toBeNull();
    const id = draftInAddress(page)!;

    await openSurvey(page);
    await page.locator('#draft-offer').getByRole('button', { name: 'Bắt đầu hộ mới' }).click();
    await pick();
    await expect.poll(() => draftInAddress(page)).toBe(id);
    // The address names the draft before SurveyJS has drawn it with its answers: wait for the answer, not just the address.
    await expect.poll(() => input(page, 'household_size').inputValue()).toBe('5'); // the draft's answer, not the baseline's 4
    expect(await page.locator('#survey-status').innerText()).toContain('Hộ Thôn Đoài / 088 đã có phiếu đang điền dở');
    await context.close();
  });
});

describe('the send queue on the home page', { timeout: 120_000 }, () => {
  const backup = (items: { id: string; answers: Record<string, unknown> }[]) => ({
    name: 'moc-backup.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'moc-backup',
        formatVersion: 1,
        exportedAt: new Date().toISOString(),
        exportedBy: people.evaluatorLan,
        submissions: items.map((i) => ({ id: i.id, round, commune: '09649', instrument: 'household', version: 1, answers: i.answers, evaluator: people.evaluatorLan })),
      }),
    ),
  });

  it('lists a refused survey with the way to deal with it, and, offline, what waits to be sent', async () => {
    const context = await openProfile(tempDir('moc-profile-'));
    const page = context.pages()[0] ?? (await context.newPage());
    await signIn(page, e2e.server.url, people.evaluatorLan);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 });
    const summary = page.locator('#queue-home [data-queue-summary]');
    await expect.poll(() => summary.innerText()).toBe('Không có phiếu nào chờ gửi.');

    // Online, a survey the server refuses (answers missing): refused, needing action, in the field bar.
    await page.locator('input[data-field="import"]').setInputFiles(backup([{ id: crypto.randomUUID(), answers: { hamlet: 'Thôn Thiếu', household_number: '9' } }]));
    await expect.poll(() => summary.getAttribute('data-refused'), { timeout: 15_000 }).toBe('1');
    expect(await summary.innerText()).toContain('Bị từ chối, cần xử lý: 1');
    expect(await summary.getByRole('link', { name: 'Xử lý trong thanh đồng bộ' }).getAttribute('href')).toBe('#field-bar');
    expect(await page.locator('#queue-home li[data-state="rejected"]').innerText()).toContain('Thôn Thiếu / 9');

    // Offline, the home page comes from the device, and a survey queued there waits.
    await context.setOffline(true);
    await page.reload();
    await page.locator('input[data-field="import"]').setInputFiles(backup([{ id: crypto.randomUUID(), answers: { hamlet: 'Thôn Chờ', household_number: '10' } }]));
    await expect.poll(() => summary.getAttribute('data-waiting'), { timeout: 15_000 }).toBe('1');
    expect(await summary.innerText()).toContain('Chờ gửi: 1');
    const waiting = (await page.locator('#queue-home li[data-state="waiting"]').textContent()) ?? '';
    expect(waiting).toMatch(/^Phiếu khảo sát hộ gia đình.* · Phú Châu · Thôn Chờ \/ 10 · /);
    expect(waiting).toMatch(/hoàn thành \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
});
