/**
 * Releasing an instrument version in Chromium on a phone (issue 12, part 5): an admin uploads household v3 as a
 * file with its renamed map, sees the checks and the differences from v2, previews it in the survey renderer
 * (nothing is sent), releases it, and finds it in the list.
 */
import { expect, it } from 'vitest';
import { people } from '../support/app';
import { serverAndBrowser, signIn } from '../support/browser';
import { findInstrument } from '../support/instruments';

const e2e = serverAndBrowser();

function householdV3() {
  const json = JSON.parse(JSON.stringify(findInstrument('household', 2)!.json)) as { pages: { name: string; elements: Record<string, unknown>[] }[] };
  json.pages.find((p) => p.name === 'reporting')!.elements.push({ type: 'boolean', name: 'knows_1800_1776', title: { default: 'Knows the 1800 1776 hotline', vi: 'Biết đường dây 1800 1776' } });
  return json;
}

const narrow = (page: import('playwright-core').Page) => page.evaluate(() => document.documentElement.scrollWidth);

it('an admin uploads a new version, sees the diff, previews it (the survey renders, nothing is sent) and releases it', async () => {
  const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, people.admin);
  await Promise.all([page.waitForURL(/\/instruments$/), page.click('header a[href="/instruments"]')]);
  expect(await narrow(page)).toBeLessThanOrEqual(360);

  await page.fill('input[name="slug"]', 'household');
  await page.fill('input[name="version"]', '3');
  await page.setInputFiles('input[name="file"]', { name: 'household.v3.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(householdV3(), null, 2)) });
  await page.fill('textarea[name="renamed"]', '{ "hotline_111": "knows_111" }');
  await Promise.all([page.waitForURL(/\/instruments\/drafts\/household-v3-/), page.click('#upload button[type=submit]')]);
  expect(await page.locator('[data-checks="passed"]').count()).toBe(1);
  expect(await page.locator('[data-diff="added"]').textContent()).toContain('knows_1800_1776');
  expect(await page.locator('#diff h2').textContent()).toContain('v2 → v3');
  expect(await narrow(page)).toBeLessThanOrEqual(360);

  // The preview opens in its own tab, in the real survey renderer; completing it sends nothing.
  const [preview] = await Promise.all([context.waitForEvent('page'), page.click('a[href$="/preview"]')]);
  const posts: string[] = [];
  preview.on('request', (r) => {
    if (r.method() !== 'GET') posts.push(r.url());
  });
  await preview.waitForFunction(() => document.querySelector('#survey [data-name="hamlet"]') !== null);
  expect(await preview.locator('#survey').textContent()).toContain('Thôn');
  await preview.evaluate(() => {
    const survey = (window as unknown as { MocPreview: { current(): { currentPageNo: number; visiblePages: unknown[]; data: unknown } } }).MocPreview.current();
    survey.currentPageNo = survey.visiblePages.length - 1;
  });
  await preview.waitForFunction(() => document.querySelector('#survey [data-name="knows_1800_1776"], #survey [data-name="comments"]') !== null);
  await preview.close();
  expect(posts).toEqual([]);

  await Promise.all([page.waitForURL(/\/instruments\?released=/), page.click('form[action$="/release"] button[type=submit]')]);
  expect(await page.locator('[role=status]').textContent()).toContain('household v3');
  expect(await page.locator('tr[data-version="household-v3"]').count()).toBe(1);
  expect(await narrow(page)).toBeLessThanOrEqual(360);
  const served = await page.request.get(`${e2e.server.url}/instruments/household/v3.json`);
  expect(await served.json()).toEqual(householdV3());
  await context.close();
});
