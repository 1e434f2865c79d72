/** The programme overview in Chromium: a manager filters it and the chart changes without a page load. */
import { expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { apiAs, people } from '../support/app';
import { serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();

it('filters the overview by model type and the chart is swapped in place', async () => {
  // Six midterm households in Phú Châu, four of them know 111.
  const lan = await apiAs(e2e.server.app, people.evaluatorLan);
  const rng = seededRng(4);
  for (let i = 0; i < 6; i++) {
    const answers = { ...householdAnswers(rng, { knows111Rate: 1 }), knows_111: i < 4 ? 'yes' : 'no' };
    expect((await lan.post('/api/v1/submissions', { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers })).status).toBe(201);
  }

  const page = await (await e2e.browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
  await signIn(page, e2e.server.url, people.managerHa);
  await page.goto(`${e2e.server.url}/programme`);
  const chart = page.locator('#overview .chart');
  expect(await chart.getAttribute('data-bars')).toBe('9'); // the nine Hanoi models
  const phuChau = page.locator('#overview tr[data-model="hn-phu-chau"] td').nth(1);
  // Vietnamese numbers (a decimal comma), n with what it counts and how many said yes.
  expect(await phuChau.innerText()).toMatch(/^66,7%\s+Giữa kỳ · n = 6 hộ · 4 có$/);
  expect(await page.locator('#overview [data-bar*="Phú Châu"] .chart-note').textContent()).toBe('n = 6 hộ · 4 có');
  expect(await page.locator('#overview [data-bar*="Phú Châu"] .chart-value').innerText()).toMatch(/^66,7%/);

  await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
  await page.selectOption('select[name="type"]', 'abuse-violence');
  await expect.poll(() => chart.getAttribute('data-bars')).toBe('2');
  expect(new URL(page.url()).searchParams.get('type')).toBe('abuse-violence');
  // Swapped by htmx: the page itself was not reloaded.
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

  await page.selectOption('select[name="chart"]', 'csc-assisted');
  await expect.poll(() => page.locator('#overview h2').innerText()).toBe('Trẻ em có hoàn cảnh đặc biệt được trợ giúp');
  expect(await page.locator('#overview [data-target-line]').getAttribute('data-target-line')).toBe('98');
});
