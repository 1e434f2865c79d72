/**
 * Issue 12's acceptance flow in Chromium, through the pages only, from an installation with one admin and no
 * demo data: the admin (1280 px) sets a password, creates a sponsor, a programme, a model of two communes, a
 * round on household v1 and an evaluator assigned to one commune; the evaluator (a 360 px phone) takes the
 * invitation, signs in and sends a survey where assigned only; household v2 (a renamed question) is released and
 * pinned; the round is closed, and the evaluator's next send is refused with the reason and kept on the phone.
 */
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { submissions } from '../../db/schema';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { htmxSettled, launchChromium, putAnswers, queueItems, startServer, surveyReady } from '../support/browser';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ empty: true }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const householdV2 = join(import.meta.dirname, '..', '..', 'surveys', 'household.v2.json');

/** Opens a one-time link, sets a password, and signs in with it on the sign-in page it leads to. */
async function takeInvitation(page: Page, url: string, email: string, password: string) {
  await page.goto(url);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForURL(/\/signin\?set=1$/), page.click('main button[type="submit"]')]);
  await page.fill('form#signin input[name="email"]', email);
  await page.fill('form#signin input[name="password"]', password);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('form#signin button[type="submit"]')]);
}

/** Household answers as the pinned version asks them: v2 asks hotline_111 where v1 asked knows_111. */
function answers(version: 1 | 2, seed: number, householdNumber: string) {
  const a: Record<string, unknown> = householdAnswers(seededRng(seed), { knows111Rate: 1, hamlet: 'Thôn Đông', householdNumber });
  if (version === 2) {
    a.hotline_111 = a.knows_111;
    delete a.knows_111;
    a.called_111 = false;
  }
  return a;
}

const finish = (page: Page) => page.getByRole('button', { name: 'Hoàn thành' }).click();

it('an admin sets up a programme from nothing and an evaluator collects where assigned until the round closes', { timeout: 90_000 }, async () => {
  const admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  const url = server.url;
  if (process.env.DEBUG_E2E) {
    admin.on('console', (m) => console.log('admin console:', m.text()));
    admin.on('pageerror', (e) => console.log('admin pageerror:', e.message));
    admin.on('response', (r) => console.log('admin', r.status(), r.request().method(), r.url().slice(url.length)));
  }

  // 1. The first admin's one-time link, a password, the sign-in page.
  await takeInvitation(admin, url + server.admin!.link, server.admin!.email, 'hoa-long-password');

  // 2. A sponsor and a programme: an empty installation has neither, and a model needs both.
  await Promise.all([admin.waitForURL(/\/programmes$/), admin.click('header a[href="/programmes"]')]);
  await Promise.all([admin.waitForURL(/\/organisations$/), admin.click('a[href="/organisations"]')]);
  await admin.fill('input[name="name"]', 'World Vision');
  await admin.selectOption('select[name="kind"]', 'sponsor');
  // The form posts to the page it is on: wait for the next page's load, not for an address that already matches.
  await Promise.all([admin.waitForEvent('load'), admin.click('form[action="/organisations"] button[type="submit"]')]);
  expect(await admin.locator('li[data-organisation="world-vision"]').count()).toBe(1);
  await Promise.all([admin.waitForURL(/\/programmes$/), admin.click('header a[href="/programmes"]')]);
  await Promise.all([admin.waitForURL(/\/programmes\/new$/), admin.click('a[href="/programmes/new"]')]);
  await admin.fill('input[name="id"]', 'ha-noi-2021-2025');
  await admin.fill('input[name="nameVi"]', 'Chương trình BVTE Hà Nội 2021–2025');
  await admin.fill('input[name="nameEn"]', 'Hanoi child protection 2021–2025');
  await admin.selectOption('select[name="province"]', '01');
  await admin.fill('input[name="periodStart"]', '2021-01-01');
  await admin.fill('input[name="periodEnd"]', '2025-06-30');
  await Promise.all([admin.waitForURL(/\/programmes$/), admin.click('main button[type="submit"]')]);
  expect(await admin.locator('tr[data-programme="ha-noi-2021-2025"]').count()).toBe(1);

  // 3. The model, its two communes found by typing without accents.
  await Promise.all([admin.waitForURL(`${url}/`), admin.click('header a.brand')]);
  await Promise.all([admin.waitForURL(/\/models\/new$/), admin.click('a[href="/models/new"]')]);
  await admin.waitForFunction(() => 'htmx' in window);
  await admin.fill('input[name="id"]', 'ba-vi-phuc-tho');
  await admin.fill('input[name="nameVi"]', 'Mô hình Ba Vì – Phúc Thọ');
  await admin.fill('input[name="nameEn"]', 'Ba Vi – Phuc Tho model');
  await admin.selectOption('select[name="type"]', 'community-cp');
  await admin.selectOption('select[name="programme"]', 'ha-noi-2021-2025');
  await admin.fill('input[name="periodStart"]', '2021-06-01');
  await admin.fill('input[name="periodEnd"]', '2025-06-30');
  await admin.selectOption('select[name="sponsor"]', 'world-vision');
  for (const [typed, code] of [['phu chau', '09649'], ['lien hiep', '09781']]) {
    await admin.fill('input[name="q"]', typed);
    const found = admin.locator(`#place-results li[data-code="${code}"]`);
    // The search waits 300 ms after typing, then asks the server: on busy cores more than the default poll.
    await expect.poll(() => found.count(), { timeout: 30_000 }).toBe(1);
    await found.locator('button[name="add"]').click();
    await expect.poll(() => admin.locator(`#chosen li[data-code="${code}"]`).count()).toBe(1);
    // The picker was swapped in: its new search box listens only once htmx has set it up.
    await htmxSettled(admin);
  }
  await Promise.all([admin.waitForURL(/\/models\/ba-vi-phuc-tho$/), admin.click('button[name="save"]')]);

  // 4. A baseline round on household v1.
  await Promise.all([admin.waitForURL(/\/rounds\/new$/), admin.click('a[href="/models/ba-vi-phuc-tho/rounds/new"]')]);
  await admin.selectOption('select[name="kind"]', 'baseline');
  await admin.fill('input[name="plannedStart"]', '2021-09-01');
  await admin.fill('input[name="plannedEnd"]', '2021-12-31');
  await admin.fill('input[name="plannedSamplePerCommune"]', '30');
  await admin.selectOption('select[name="version:household"]', '1');
  await Promise.all([admin.waitForURL(/\/rounds\/[^/]+$/), admin.click('main form button[type="submit"]')]);
  const roundUrl = admin.url();

  // 5. The evaluator's account and its one-time link, then their commune on the round page.
  await Promise.all([admin.waitForURL(/\/users$/), admin.click('header a[href="/users"]')]);
  await admin.fill('#users input[name="email"]', 'tam@province.example');
  await admin.fill('#users input[name="name"]', 'Tâm');
  await admin.selectOption('#users select[name="role"]', 'evaluator');
  await admin.click('#users form[action="/users"] button[type="submit"]');
  await expect.poll(() => admin.locator('[data-link] code').count()).toBe(1);
  const invitation = (await admin.locator('[data-link] code').innerText()).trim();
  expect(invitation).toMatch(new RegExp(`^${url}/invitations/`));
  await admin.goto(roundUrl);
  await admin.fill('#assignments input[name="email"]', 'tam@province.example');
  await admin.check('#assignments input[name="communes"][value="09649"]');
  await admin.click('#assignments button[type="submit"]');
  await expect.poll(() => admin.locator('#assignments li').filter({ hasText: 'tam@province.example' }).innerText()).toContain('Phú Châu');
  expect(await admin.locator('#assignments li').filter({ hasText: 'tam@province.example' }).innerText()).not.toContain('Liên Hiệp');

  // 6. On a phone: the invitation, a password, the round, only Phú Châu to choose, a household sent.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const tam = await phone.newPage();
  await takeInvitation(tam, invitation, 'tam@province.example', 'tam-long-password');
  await Promise.all([tam.waitForURL(roundUrl), tam.click(`main a[href="${new URL(roundUrl).pathname}"]`)]);
  expect(await tam.locator('main').innerText()).not.toContain('Liên Hiệp');
  await Promise.all([tam.waitForURL(/\/survey\/household$/), tam.getByRole('link', { name: /Phiếu khảo sát hộ gia đình/ }).click()]);
  await surveyReady(tam);
  expect(await tam.locator('#commune option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]))).toEqual([['09649', 'Phú Châu']]);
  await putAnswers(tam, answers(1, 1, '1'));
  await Promise.all([tam.waitForURL(/\/submissions\/[0-9a-f-]{36}\/sent$/), finish(tam)]);
  await tam.goto(tam.url().replace(/\/sent$/, '')); // the confirmation links the record
  expect(await tam.locator('[data-question="hamlet"]').innerText()).toBe('Thôn Đông');
  expect(await tam.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // 7. Household v2 uploaded with its renamed question, its diff read, released, and pinned to the round.
  await Promise.all([admin.waitForURL(/\/instruments$/), admin.click('header a[href="/instruments"]')]);
  await admin.fill('#upload input[name="slug"]', 'household');
  await admin.fill('#upload input[name="version"]', '2');
  await admin.setInputFiles('#upload input[name="file"]', householdV2);
  await admin.fill('#upload textarea[name="renamed"]', '{"hotline_111":"knows_111"}');
  await Promise.all([admin.waitForURL(/\/instruments\/drafts\/household-v2-/), admin.click('#upload button[type="submit"]')]);
  expect(await admin.locator('[data-checks="passed"]').count()).toBe(1);
  expect(await admin.locator('[data-diff="renamed"]').innerText()).toContain('knows_111 → hotline_111');
  await Promise.all([admin.waitForURL(/\/instruments\?released=/), admin.click('form[action$="/release"] button[type="submit"]')]);
  expect(await admin.locator('tr[data-version="household-v2"]').count()).toBe(1);
  await admin.goto(roundUrl);
  await admin.selectOption('#round-instruments select[name="version:household"]', '2');
  await admin.click('#round-instruments button[type="submit"]');
  await expect.poll(() => admin.locator('#round-instruments .saved').count()).toBe(1);
  expect(await admin.inputValue('#round-instruments select[name="version:household"]')).toBe('2');

  // The evaluator starts the next household on the round's new version before the round closes.
  await tam.goto(roundUrl);
  await Promise.all([tam.waitForURL(/\/survey\/household$/), tam.getByRole('link', { name: /Phiếu khảo sát hộ gia đình/ }).click()]);
  await surveyReady(tam);
  expect(await tam.locator('h1 small').innerText()).toBe('v2');

  // 8. The admin closes the round, confirming after seeing what is still to collect.
  await admin.click('#round-status button[type="submit"]');
  await expect.poll(() => admin.locator('#round-status button.danger').count()).toBe(1);
  expect(await admin.locator('#round-status').innerText()).toContain('Phú Châu');
  await admin.click('#round-status button.danger');
  await expect.poll(() => admin.locator('#round-status form input[name="status"][value="open"]').count()).toBe(1);

  // 9. The evaluator finishes the household: refused with the reason, kept on the phone, not stored.
  await putAnswers(tam, answers(2, 2, '2'));
  await finish(tam);
  await expect.poll(() => tam.locator('#survey-status').innerText()).toBe('Đợt đánh giá đã đóng. Phiếu vẫn được giữ trên máy này, trong mục “Bị từ chối”.');
  expect(tam.url()).toMatch(/\/survey\/household(\?draft=[0-9a-f-]{36})?$/); // still the survey, not sent
  // Read-only now: nothing to correct here, and no second copy of it may start as a draft.
  expect(await tam.locator('#survey [data-name] input').count()).toBeGreaterThan(0);
  expect(await tam.locator('#survey [data-name] input:not([disabled]):not([readonly])').count()).toBe(0);
  const queue = await queueItems(tam);
  const refused = queue.filter((i) => i.state === 'rejected');
  expect(refused).toHaveLength(1);
  expect(refused[0]).toMatchObject({ body: { answers: { household_number: '2' } }, problem: { status: 422, title: 'Đợt đánh giá đã đóng.' } });
  await expect.poll(() => tam.locator('#field-bar').getAttribute('data-rejected')).toBe('1');
  expect(await tam.locator('[data-field="rejected-list"]').innerText()).toContain('Đợt đánh giá đã đóng.');
  const roundId = new URL(roundUrl).pathname.split('/').pop()!;
  const stored = () => server.db.select({ id: submissions.id }).from(submissions).where(eq(submissions.roundId, roundId));
  expect(await stored()).toHaveLength(1);

  // Kept means it can still arrive: an admin reopens the round with a reason, and the phone sends it again.
  await admin.fill('#round-status textarea[name="reason"]', 'Thêm hộ ở Phú Châu');
  await admin.click('#round-status button[type="submit"]');
  await expect.poll(() => admin.locator('#round-status form input[name="status"][value="closed"]').count()).toBe(1);
  await tam.locator('[data-field="rejected-list"] li').getByRole('button', { name: 'Gửi lại' }).click();
  await expect.poll(() => tam.locator('#field-bar').getAttribute('data-sent')).toBe('2');
  expect(await tam.locator('#field-bar').getAttribute('data-rejected')).toBe('0');
  expect(await stored()).toHaveLength(2);
  await phone.close();
});
