/**
 * Review in Chromium on a phone (360 px): a manager filters a round's submissions by state, approves two at
 * once, sends a third back with a comment from its page (a missing comment refused in place, a stale page
 * answered with the current state), all swapped in by htmx without a page load.
 */
import { expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { apiAs, people } from '../support/app';
import { htmxSettled, serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();
const round = 'hn-phu-chau-midterm';

it('filters, approves in bulk and sends one back with a comment, in place', async () => {
  const lan = await apiAs(e2e.server.app, people.evaluatorLan);
  const rng = seededRng(31);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = crypto.randomUUID();
    expect((await lan.post('/api/v1/submissions', { id, round, commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) })).status).toBe(201);
    ids.push(id);
  }
  const page = await (await e2e.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, e2e.server.url, people.managerHa);
  await page.goto(`${e2e.server.url}/rounds/${round}`);
  const narrow = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await narrow();
  expect(await page.locator('#review-progress').textContent()).toContain('0/3');
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

  await page.click('#submissions a[data-filter="received"]');
  await page.waitForURL(/status=received/);
  expect(await page.locator('#submissions tr[data-submission]').count()).toBe(3);
  await page.check(`#submissions input[value="${ids[0]}"]`);
  await page.check(`#submissions input[value="${ids[1]}"]`);
  await page.click('#submissions button[type=submit]');
  await expect.poll(() => page.locator('#submissions [role=status]').textContent()).toBe('Đã duyệt 2 phiếu.');
  expect(await page.locator('#submissions a[data-filter="approved"] .count').textContent()).toBe('(2)');
  // The list keeps its filter: one still received.
  expect(await page.locator('#submissions tr[data-submission]').count()).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
  await narrow();

  await Promise.all([page.waitForURL(`${e2e.server.url}/submissions/${ids[2]}`), page.click(`#submissions tr[data-submission="${ids[2]}"] a`)]);
  await narrow();
  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 7));
  await page.click('#review button[value="has_issues"]');
  await expect.poll(() => page.locator('#review [role=alert]').textContent()).toContain('cần có nhận xét');
  await htmxSettled(page); // the refused form swapped in posts through htmx once set up
  await page.fill('#review textarea[name="comment"]', 'Câu 12: số trẻ không khớp');
  await page.click('#review button[value="has_issues"]');
  await expect.poll(() => page.locator('#review [data-review-state]').first().getAttribute('data-review-state')).toBe('has_issues');
  expect(await page.locator('#review .review-history').textContent()).toContain('Câu 12: số trẻ không khớp');
  await htmxSettled(page);

  // Someone else approves it meanwhile: this page's next review is answered with the current state.
  const ha = await apiAs(e2e.server.app, people.admin);
  expect((await ha.post(`/api/v1/submissions/${ids[2]}/reviews`, { status: 'approved' })).status).toBe(201);
  await page.fill('#review textarea[name="comment"]', 'Trùng hộ');
  await page.click('#review button[value="rejected"]');
  await expect.poll(() => page.locator('#review [role=alert]').textContent()).toContain('vừa được người khác duyệt');
  expect(await page.locator('#review [data-review-state]').first().getAttribute('data-review-state')).toBe('approved');
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(7);
  await narrow();
});
