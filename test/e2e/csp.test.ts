/**
 * The Content-Security-Policy in real Chromium: on every page a person uses (sign-in, home of each role,
 * round, survey filled and sent, submission page, model page with its charts, programme with an htmx filter,
 * registered counts, imports) the browser refuses nothing — no `securitypolicyviolation` event, no
 * "Refused to …" message — while it does refuse an inline style, so the policy is in force.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { apiAs, people } from '../support/app';
import { putAnswers, serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();
const round = 'hn-phu-chau-midterm';

/** A browser context whose pages report every CSP violation and every "Refused to" console message. */
async function watchedContext(): Promise<{ context: BrowserContext; refused: string[] }> {
  const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 } });
  const refused: string[] = [];
  await context.exposeBinding('reportViolation', ({ page }, v: string) => refused.push(`${new URL(page.url()).pathname}: ${v}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportViolation(v: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  context.on('console', (m) => {
    if (/Refused to|Content Security Policy/i.test(m.text())) refused.push(`console: ${m.text()}`);
  });
  return { context, refused };
}

async function visit(page: Page, path: string) {
  const res = await page.goto(e2e.server.url + path);
  expect(res?.status(), path).toBe(200);
  expect(res?.headers()['content-security-policy'], path).toContain("script-src 'self'");
  await page.waitForLoadState('networkidle');
}

describe('the CSP refuses nothing the app does', { timeout: 120_000 }, () => {
  it('sign-in, and an evaluator: home, round, the survey typed in and sent, the submission page, imports', async () => {
    const { context, refused } = await watchedContext();
    const page = await context.newPage();
    await signIn(page, e2e.server.url, people.evaluatorLan);
    await page.waitForLoadState('networkidle');
    for (const path of ['/', '/models', `/rounds/${round}`, '/imports']) await visit(page, path);

    await visit(page, `/rounds/${round}/survey/household`);
    const hamlet = page.locator('[data-name="hamlet"] input');
    await hamlet.waitFor();
    await hamlet.fill('Thôn CSP');
    await page.getByRole('button', { name: 'Tiếp theo' }).click(); // SurveyJS shows its messages
    await page.locator('[data-name="household_number"] .sd-question__erbox').first().waitFor();
    // A fresh form for the answers set by script (the focused empty input would empty one again on blur).
    await page.reload();
    await page.locator('[data-name="hamlet"] input').waitFor();
    await putAnswers(page, householdAnswers(seededRng(9), { knows111Rate: 0.5, hamlet: 'Thôn CSP' }));
    await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}\/sent$/), page.getByRole('button', { name: 'Hoàn thành' }).click()]);
    await page.waitForLoadState('networkidle');
    expect(await page.content()).toContain('Thôn CSP');
    expect(refused).toEqual([]);

    // The policy is in force: an inline style is refused, and reported.
    await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
    await expect.poll(() => refused.length).toBeGreaterThan(0);
    expect(refused.join('\n')).toMatch(/style-src/);
    await context.close();
  });

  it('a manager: home, model page with charts, programme filtered by htmx, round, registered counts, a submission, imports', async () => {
    const lan = await apiAs(e2e.server.app, people.evaluatorLan);
    const id = crypto.randomUUID();
    const answers = householdAnswers(seededRng(10), { knows111Rate: 0.5 });
    expect((await lan.post('/api/v1/submissions', { id, round, commune: '09649', instrument: 'household', version: 1, answers })).status).toBe(201);
    const { context, refused } = await watchedContext();
    const page = await context.newPage();
    await signIn(page, e2e.server.url, people.managerHa);
    for (const path of ['/', '/models', '/models/hn-phu-chau', `/rounds/${round}`, '/rounds/hn-phu-chau-baseline/counts', '/imports']) await visit(page, path);
    await visit(page, '/models/hn-phu-chau');
    expect(await page.locator('.chart svg').count()).toBeGreaterThan(0);

    await visit(page, '/programme');
    await page.selectOption('select[name="type"]', 'abuse-violence');
    await expect.poll(() => new URL(page.url()).searchParams.get('type')).toBe('abuse-violence');
    await page.waitForLoadState('networkidle');
    await page.goBack(); // htmx restores history from the server (no snapshot in localStorage)
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => localStorage.getItem('htmx-history-cache'))).toBeNull();

    await visit(page, `/submissions/${id}`);
    expect(refused).toEqual([]);
    await context.close();
  });

  it('a sponsor and an admin: home, programme, model page', async () => {
    for (const [who, paths] of [
      [people.sponsorWorldVision, ['/', '/models', '/programme', '/models/yb-service-pilot']],
      [people.admin, ['/', '/models', '/programme', '/imports']],
    ] as const) {
      const { context, refused } = await watchedContext();
      const page = await context.newPage();
      await signIn(page, e2e.server.url, who);
      for (const path of paths) await visit(page, path);
      expect(refused, who).toEqual([]);
      await context.close();
    }
  });
});
