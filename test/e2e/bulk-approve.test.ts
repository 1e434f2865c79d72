/**
 * Bulk approve on the round page (views/review.tsx, public/app/select-all.js): "select all" checks every submission
 * that can be approved on the page, shows "some" when one is cleared, and the approval takes exactly the checked ones.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { messages } from '../../src/domain/i18n';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { apiAs, people } from '../support/app';
import { serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();
const round = 'hn-phu-chau-midterm';

it('select all checks every received submission, shows "some" when one is cleared, and approves the checked ones', async () => {
  const lan = await apiAs(e2e.server.app, people.evaluatorLan);
  const rng = seededRng(1414);
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  for (const id of ids) {
    const answers = householdAnswers(rng, { knows111Rate: 0.5 });
    expect((await lan.post('/api/v1/submissions', { id, round, commune: '09649', instrument: 'household', version: 1, answers })).status).toBe(201);
  }
  const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, people.managerHa);
  await page.goto(`${e2e.server.url}/rounds/${round}?status=received`);
  const all = page.locator('input[data-select-all="ids"]');
  const boxes = page.locator('#submissions input[name="ids"]');
  expect(await all.isVisible()).toBe(true);
  expect(await all.getAttribute('aria-label')).toBe(messages.vi.review.selectAll);
  expect(await boxes.count()).toBe(3);

  await all.check();
  expect(await boxes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).checked))).toEqual([true, true, true]);
  await boxes.nth(1).uncheck();
  expect(await all.evaluate((e) => [(e as HTMLInputElement).checked, (e as HTMLInputElement).indeterminate])).toEqual([false, true]);
  const left = await boxes.nth(1).getAttribute('value');

  await page.click(`#submissions button[type=submit]`);
  await expect.poll(() => page.locator('#submissions .notice').textContent()).toContain(messages.vi.review.bulkDone.replace('{n}', '2'));
  // The one left unchecked is still waiting; after the swap, select all works again on what is left.
  expect(await page.locator('#submissions input[name="ids"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([left]);
  await expect.poll(() => page.locator('input[data-select-all="ids"]').isVisible()).toBe(true); // shown once htmx settles
  await context.close();
});
