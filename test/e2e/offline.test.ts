/**
 * Field collection in real Chromium with the network switched off: surveys filled offline are queued in
 * IndexedDB, survive reloads and a browser restart, and reach the server exactly once when the network is
 * back; drafts resume; lost responses, two tabs and conflicts never duplicate or drop anything.
 */
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '../../db/schema';
import { tempDir } from '../support/temp';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { people } from '../support/app';
import { deviceDrafts, goToSurveyPage, openProfile, putAnswers, queueItems, signIn, startServer, surveyPageNo, surveyReady } from '../support/browser';

let server: Awaited<ReturnType<typeof startServer>>;
const rng = seededRng(2026);
const round = 'hn-phu-chau-midterm';
const surveyPath = `/rounds/${round}/survey/household`;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

async function page0(context: BrowserContext): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  if (process.env.DEBUG_E2E) {
    page.on('console', (m) => console.log('console:', m.text()));
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
  }
  return page;
}

/** Online: sign in and let the service worker take the page and cache the evaluator's offline kit. */
async function prepareOnline(page: Page) {
  await signIn(page, server.url, people.evaluatorLan);
  await page.goto(server.url + surveyPath);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  // The field bar says when the evaluator's open rounds are all on the device.
  await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 });
}

/** Fills the whole household survey with valid answers and finishes it, as if typed. */
async function fillAndFinish(page: Page, answers: Record<string, unknown>) {
  await putAnswers(page, answers);
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  // The page moves on to a new, empty survey once this one is queued (no draft in the address).
  await page.waitForURL((u) => !u.searchParams.has('draft'));
}

async function barCount(page: Page, what: 'waiting' | 'sent' | 'rejected'): Promise<number> {
  return Number(await page.locator('#field-bar').getAttribute(`data-${what}`));
}

async function rowsWith(ids: string[]) {
  return server.db.select({ id: submissions.id }).from(submissions).where(inArray(submissions.id, ids));
}

async function queuedIds(page: Page): Promise<string[]> {
  return (await queueItems(page)).map((i) => i.id);
}

describe('offline collection', { timeout: 180_000 }, () => {
  // Each survey is put in as a draft opened again (test/support/browser.ts, putAnswers): a page load each.
  it('keeps 20 surveys and 2 drafts through offline reloads and a browser restart, then sends each exactly once', { timeout: 300_000 }, async () => {
    const profile = tempDir('moc-profile-');
    let context = await openProfile(profile);
    let page = await page0(context);
    await prepareOnline(page);

    await context.setOffline(true);
    await page.reload();
    await surveyReady(page);
    for (let i = 0; i < 20; i++) await fillAndFinish(page, householdAnswers(rng, { knows111Rate: 0.6, hamlet: 'Thôn Offline', householdNumber: String(100 + i) }));
    await expect.poll(() => barCount(page, 'waiting')).toBe(20);
    const ids = await queuedIds(page);
    expect(new Set(ids).size).toBe(20);

    // Two unfinished surveys. D1: typed in and left; the timer saves it within seconds.
    await page.goto(server.url + surveyPath);
    await surveyReady(page);
    await page.locator('[data-name="hamlet"] input').fill('Thôn Nháp');
    await page.locator('[data-name="household_number"] input').fill('D1');
    await page.locator('[data-name="respondent_age"] input').fill('40');
    await expect.poll(() => page.locator('[data-drafts-count]').innerText(), { timeout: 10_000 }).toBe('1');
    // D2: the first page finished; moving to the next page saves it at once.
    await page.goto(server.url + surveyPath);
    await surveyReady(page);
    const firstPage = householdAnswers(rng, { knows111Rate: 0.5, hamlet: 'Thôn Nháp', householdNumber: 'D2' });
    for (const name of ['respondent_relation', 'respondent_sex', 'economic_status']) await page.locator(`[data-name="${name}"] label:has(input[value="${firstPage[name]}"])`).click();
    for (const name of ['respondent_age', 'household_size']) await page.locator(`[data-name="${name}"] input`).fill(String(firstPage[name]));
    await page.locator('[data-name="hamlet"] input').fill('Thôn Nháp');
    await page.locator('[data-name="household_number"] input').fill('D2');
    await page.getByRole('button', { name: 'Tiếp theo' }).click();
    await expect.poll(() => page.locator('[data-drafts-count]').innerText()).toBe('2');

    await page.reload();
    await surveyReady(page);
    await expect.poll(() => page.locator('[data-drafts-count]').innerText()).toBe('2');
    await expect.poll(() => barCount(page, 'waiting')).toBe(20);

    // A browser restart, still without network.
    await context.close();
    context = await openProfile(profile);
    await context.setOffline(true);
    page = await page0(context);
    await page.goto(server.url + surveyPath);
    await surveyReady(page);
    await expect.poll(() => barCount(page, 'waiting')).toBe(20);
    await expect.poll(() => page.locator('[data-drafts-count]').innerText()).toBe('2');
    expect(await rowsWith(ids)).toHaveLength(0);

    // Back online: the `online` event sends the queue.
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/submissions')) posts.push(JSON.parse(r.postData()!).id);
    });
    await context.setOffline(false);
    await expect.poll(() => barCount(page, 'sent'), { timeout: 30_000 }).toBe(20);
    expect(await barCount(page, 'waiting')).toBe(0);
    expect(await rowsWith(ids)).toHaveLength(20);
    expect(posts.sort()).toEqual([...ids].sort());

    // A draft resumes where it stopped: its answers and its page.
    await page.locator('#drafts summary').click();
    await page.locator('[data-drafts-list] li').filter({ hasText: 'D2' }).getByRole('link').click();
    await surveyReady(page);
    await expect.poll(() => surveyPageNo(page)).toBe(1);
    expect((await deviceDrafts(page)).find((d) => d.id === new URL(page.url()).searchParams.get('draft'))?.data.household_number).toBe('D2');
    await goToSurveyPage(page, 0);
    expect(await page.locator('[data-name="household_number"] input').inputValue()).toBe('D2');

    // Discarding asks first; dismissing keeps the draft, accepting removes it.
    await page.locator('#drafts summary').click();
    page.once('dialog', (d) => d.dismiss());
    await page.locator('[data-drafts-list] li').filter({ hasText: 'D1' }).getByRole('button').click();
    await expect.poll(() => page.locator('[data-drafts-count]').innerText()).toBe('2');
    page.once('dialog', (d) => d.accept());
    await page.locator('[data-drafts-list] li').filter({ hasText: 'D1' }).getByRole('button').click();
    await expect.poll(() => page.locator('[data-drafts-count]').innerText()).toBe('1');
    await context.close();
  });

  it('sends an item once even when the response to the first send was lost after the server stored it', async () => {
    const context = await openProfile();
    const page = await page0(context);
    await prepareOnline(page);
    await context.setOffline(true);
    await fillAndFinish(page, householdAnswers(rng, { knows111Rate: 0.5 }));
    const [id] = await queuedIds(page);

    let lost = 0;
    let again = 0;
    await page.route('**/rounds/*/submissions', async (route) => {
      if (lost === 0) {
        lost += 1;
        await route.fetch(); // the server stores it…
        await route.abort('connectionreset'); // …and the answer never arrives.
        return;
      }
      again += 1;
      await route.continue();
    });
    await context.setOffline(false);
    // Sent on the `online` event; if that first try fails while the network comes back, the probe finds the network
    // within seconds and it is sent again (test/e2e/sync-soon.test.ts times that); a loaded machine is slower.
    await expect.poll(() => rowsWith([id]).then((r) => r.length), { timeout: 30_000 }).toBe(1);
    expect(lost).toBe(1);
    // Not taken as sent without an answer: it goes again (the probe finds the network, or "Sync now"), is answered
    // 200 as already stored, and only then counts as sent; one row.
    await page.locator('[data-field="sync-now"]').click();
    await expect.poll(() => barCount(page, 'sent')).toBe(1);
    expect(again).toBeGreaterThanOrEqual(1);
    expect(await rowsWith([id])).toHaveLength(1);
    await context.close();
  });

  it('lets two open tabs sync at the same time without sending an item twice', async () => {
    const context = await openProfile();
    const first = await page0(context);
    await prepareOnline(first);
    await context.setOffline(true);
    for (let i = 0; i < 6; i++) await fillAndFinish(first, householdAnswers(rng, { knows111Rate: 0.5 }));
    const ids = await queuedIds(first);
    const second = await context.newPage();
    await second.goto(server.url + surveyPath);
    await surveyReady(second);

    const posts: string[] = [];
    context.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/submissions')) posts.push(JSON.parse(r.postData()!).id);
    });
    await context.setOffline(false); // both tabs get `online`
    await Promise.all([first.locator('[data-field="sync-now"]').click(), second.locator('[data-field="sync-now"]').click()]);
    await expect.poll(() => barCount(first, 'sent')).toBe(6);
    await expect.poll(() => barCount(second, 'sent')).toBe(6);
    expect(posts.sort()).toEqual([...ids].sort());
    expect(await rowsWith(ids)).toHaveLength(6);
    await context.close();
  });

  it('exports the unsent queue and imports it on another device; a 409 is shown and kept, a 422 goes back to a draft to fix', async () => {
    const context = await openProfile();
    const page = await page0(context);
    await prepareOnline(page);
    await context.setOffline(true);
    for (let i = 0; i < 3; i++) await fillAndFinish(page, householdAnswers(rng, { knows111Rate: 0.5 }));
    const ids = await queuedIds(page);

    // Export while offline: the backup holds the three unsent submissions.
    await page.locator('#field-bar details summary').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-field="export"]').click()]);
    const backupPath = join(tempDir('moc-backup-'), download.suggestedFilename());
    await download.saveAs(backupPath);
    const { readFileSync, writeFileSync } = await import('node:fs');
    const backup = JSON.parse(readFileSync(backupPath, 'utf8'));
    expect(backup.format).toBe('moc-backup');
    expect(backup.submissions.map((s: { id: string }) => s.id).sort()).toEqual([...ids].sort());

    // Another device imports it and sends it.
    const other = await openProfile();
    const otherPage = await page0(other);
    await prepareOnline(otherPage);
    await otherPage.locator('#field-bar details summary').click();
    await otherPage.locator('[data-field="import"]').setInputFiles(backupPath);
    await expect.poll(() => barCount(otherPage, 'sent')).toBe(3);
    expect(await rowsWith(ids)).toHaveLength(3);

    // The first device comes online later: the same three are answered 200, no second row.
    await context.setOffline(false);
    await page.locator('[data-field="sync-now"]').click();
    await expect.poll(() => barCount(page, 'sent')).toBe(3);
    expect(await rowsWith(ids)).toHaveLength(3);

    // A backup whose first item reuses a stored id with other answers (409, shown and kept), and an item the
    // server refuses (422), which the evaluator can turn back into a draft and correct.
    const refused = { ...backup.submissions[1], id: crypto.randomUUID(), answers: { ...backup.submissions[1].answers, respondent_age: 7 } };
    const tampered = { ...backup, submissions: [{ ...backup.submissions[0], answers: { ...backup.submissions[0].answers, respondent_age: 70 } }, refused] };
    await other.close();
    const third = await openProfile();
    const thirdPage = await page0(third);
    await prepareOnline(thirdPage);
    const tamperedPath = backupPath.replace(/\.json$/, '-tampered.json');
    writeFileSync(tamperedPath, JSON.stringify(tampered));
    await thirdPage.locator('#field-bar details summary').click();
    await thirdPage.locator('[data-field="import"]').setInputFiles(tamperedPath);
    await expect.poll(() => barCount(thirdPage, 'rejected')).toBe(2);
    await expect.poll(() => thirdPage.locator('[data-field="rejected-list"] li[data-status="409"]').count()).toBe(1);
    await thirdPage.reload();
    await expect.poll(() => barCount(thirdPage, 'rejected')).toBe(2);
    const [row] = await server.db.select().from(submissions).where(eq(submissions.id, ids[0]));
    expect(JSON.parse(row.answers).respondent_age).toBe(backup.submissions[0].answers.respondent_age);

    await Promise.all([thirdPage.waitForURL(/\?draft=/), thirdPage.locator('[data-field="rejected-list"] li[data-status="422"] button').click()]);
    await surveyReady(thirdPage);
    const age = thirdPage.locator('[data-name="respondent_age"] input');
    expect(await age.inputValue()).toBe('7');
    await age.fill('41');
    await age.press('Tab');
    await goToSurveyPage(thirdPage, -1);
    await Promise.all([thirdPage.waitForURL(/\/submissions\/[0-9a-f-]{36}\/sent$/), thirdPage.getByRole('button', { name: 'Hoàn thành' }).click()]);
    const [fixed] = await server.db.select().from(submissions).where(eq(submissions.id, refused.id));
    expect(JSON.parse(fixed.answers).respondent_age).toBe(41);
    expect(await barCount(thirdPage, 'rejected')).toBe(1); // the 409 stays
    await third.close();
    await context.close();
  });
});
