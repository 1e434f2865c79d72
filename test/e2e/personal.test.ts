/**
 * Personal questions in Chromium on a phone (issue 13, part 5): an admin uploads surveys/household.v3.json, the
 * draft page lists its personal questions and the marks in the diff from v2, the preview loads the marks as a
 * registered property (no unknown-property error), and after release the admin reads a household's address
 * as ••• on its submission page while its evaluator reads it.
 */
import { expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { apiAs, people } from '../support/app';
import { serverAndBrowser, signIn } from '../support/browser';
import { surveyFile } from '../support/instruments';

const e2e = serverAndBrowser();

const narrow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth);

it('an admin releases household v3 with its personal marks, then reads the marked answers masked; the evaluator reads them', async () => {
  const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, people.admin);
  await page.goto(`${e2e.server.url}/instruments`);
  await page.fill('input[name="slug"]', 'household');
  await page.fill('input[name="version"]', '3');
  await page.setInputFiles('input[name="file"]', { name: 'household.v3.json', mimeType: 'application/json', buffer: Buffer.from(surveyFile('household.v3.json')) });
  await page.fill('textarea[name="renamed"]', '{ "hotline_111": "knows_111" }');
  await Promise.all([page.waitForURL(/\/instruments\/drafts\/household-v3-/), page.click('#upload button[type=submit]')]);
  expect(await page.locator('[data-checks="passed"]').count()).toBe(1);
  expect(await page.locator('#personal [data-personal]').allTextContents()).toEqual(['hamlet', 'household_number', 'comments']);
  expect(await page.locator('[data-diff="personal"]').textContent()).toContain('hamlet');
  expect(await narrow(page)).toBeLessThanOrEqual(360);

  const [preview] = await Promise.all([context.waitForEvent('page'), page.click('a[href$="/preview"]')]);
  await preview.waitForFunction(() => document.querySelector('#survey [data-name="hamlet"]') !== null);
  const loaded = await preview.evaluate(() => {
    const survey = (window as unknown as { MocPreview: { current(): { jsonErrors: unknown[] | null; getQuestionByName(n: string): { personal: boolean } } } }).MocPreview.current();
    return { errors: survey.jsonErrors ?? [], hamlet: survey.getQuestionByName('hamlet').personal, size: survey.getQuestionByName('household_size').personal };
  });
  expect(loaded).toEqual({ errors: [], hamlet: true, size: false });
  await preview.close();
  await Promise.all([page.waitForURL(/\/instruments\?released=/), page.click('form[action$="/release"] button[type=submit]')]);

  // Lan's household (on v1, the midterm's version): the marks of v3 hold for it.
  const id = crypto.randomUUID();
  const lan = await apiAs(e2e.server.app, people.evaluatorLan);
  const answers = { ...householdAnswers(seededRng(7), { knows111Rate: 1, hamlet: 'Xóm Gốc Gạo', householdNumber: '0427' }), comments: 'Chị Hoa, 0912 345 678' };
  expect((await lan.post('/api/v1/submissions', { id, round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers })).status).toBe(201);

  await page.goto(`${e2e.server.url}/submissions/${id}`);
  expect(await page.locator('[data-question="hamlet"]').textContent()).toBe('•••');
  expect(await page.locator('[data-question="comments"]').textContent()).toBe('•••');
  expect(await page.locator('[data-personal="masked"]').isVisible()).toBe(true);
  expect(await narrow(page)).toBeLessThanOrEqual(360);
  await context.close();

  const field = await e2e.browser.newContext({ viewport: { width: 360, height: 740 } });
  const phone = await field.newPage();
  await signIn(phone, e2e.server.url, people.evaluatorLan);
  await phone.goto(`${e2e.server.url}/submissions/${id}`);
  expect(await phone.locator('[data-question="hamlet"]').textContent()).toBe('Xóm Gốc Gạo');
  expect(await phone.locator('[data-question="comments"]').textContent()).toBe('Chị Hoa, 0912 345 678');
  expect(await phone.locator('[data-personal="masked"]').count()).toBe(0);
  await field.close();
});
