/**
 * Surveys queued on a phone by an evaluator who is then taken off the round (issue 12, part 2): when the network
 * is back the server refuses them (403 not_assigned); the field queue keeps them as refused with the reason
 * instead of retrying them for ever, the rest of the queue is sent, and once assigned again they go with
 * "Send again".
 */
import { inArray } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { submissions } from '../../db/schema';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { people, testPassword } from '../support/app';
import { openProfile, putAnswers, queueItems, signIn, startServer, surveyReady } from '../support/browser';

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const rng = seededRng(612);

/** Finishes the survey on the page with valid answers; offline, the page moves on to a new survey. */
async function fillAndFinish(page: Page) {
  await putAnswers(page, householdAnswers(rng, { knows111Rate: 0.5 }));
  await page.getByRole('button', { name: 'Hoàn thành' }).click();
  // A new survey: no draft in the address, its form drawn.
  await page.waitForURL((u) => !u.searchParams.has('draft'));
  await surveyReady(page);
}

/** The admin sets who collects in Phú Châu's midterm (the API; this test is about the evaluator's phone). */
async function assignPhuChau(evaluators: string[]) {
  const token = await server.app.request('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: people.admin, password: testPassword }) });
  const { token: bearer } = (await token.json()) as { token: string };
  const res = await server.app.request('/api/v1/rounds/hn-phu-chau-midterm/assignments', {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(evaluators.map((user) => ({ user, communes: ['09649'] }))),
  });
  expect(res.status).toBe(200);
}

const bar = async (page: Page, what: 'waiting' | 'sent' | 'rejected') => Number(await page.locator('#field-bar').getAttribute(`data-${what}`));

it('keeps surveys refused for an evaluator no longer assigned, sends the rest, and sends them again once assigned', { timeout: 90_000 }, async () => {
  const context = await openProfile();
  const page = context.pages()[0] ?? (await context.newPage());
  await signIn(page, server.url, people.evaluatorLan);
  await page.goto(`${server.url}/rounds/hn-phu-chau-midterm/survey/household`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 });

  // Offline: two households in Phú Châu, then one in Mê Linh (another round Lan keeps).
  await context.setOffline(true);
  await page.reload();
  await surveyReady(page);
  await fillAndFinish(page);
  await fillAndFinish(page);
  await page.goto(`${server.url}/rounds/hn-me-linh-midterm/survey/household`);
  await surveyReady(page);
  await fillAndFinish(page);
  await expect.poll(() => bar(page, 'waiting')).toBe(3);
  const ids = (await queueItems(page)).map((i) => i.id);

  // Meanwhile Lan is taken off Phú Châu's round; back online, the phone syncs.
  await assignPhuChau([people.evaluatorMinh]);
  await context.setOffline(false);
  await page.locator('[data-field="sync-now"]').click();
  await expect.poll(() => bar(page, 'rejected')).toBe(2);
  expect(await bar(page, 'sent')).toBe(1);
  expect(await bar(page, 'waiting')).toBe(0);
  const refused = page.locator('[data-field="rejected-list"] li[data-status="403"]');
  expect(await refused.count()).toBe(2);
  expect(await refused.first().innerText()).toContain('Bạn không được phân công cho đợt đánh giá này.');
  expect(await page.locator('[data-field="problem"]').isHidden()).toBe(true);
  expect(await server.db.select({ id: submissions.id }).from(submissions).where(inArray(submissions.id, ids))).toHaveLength(1);

  // Assigned again: each is sent as it was.
  await assignPhuChau([people.evaluatorLan, people.evaluatorMinh]);
  for (let n = 2; n > 0; n--) {
    await refused.first().getByRole('button', { name: 'Gửi lại' }).click();
    await expect.poll(() => bar(page, 'rejected')).toBe(n - 1);
  }
  await expect.poll(() => bar(page, 'sent')).toBe(3);
  expect(await server.db.select({ id: submissions.id }).from(submissions).where(inArray(submissions.id, ids))).toHaveLength(3);
  await context.close();
});
