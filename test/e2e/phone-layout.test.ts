/**
 * The survey on a phone (360 × 740): SurveyJS's controls drawn as SurveyJS means them (no app rule reaching
 * into its markup), the first question on the first screen, no scroll box inside the page, nothing wider
 * than the screen. Screenshots of the first page and of a yes/no question go to a temp folder (deleted
 * after the file), or to MOC_SHOTS_DIR when set, for a person to look at while changing the styles.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { apiAs, people } from '../support/app';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { putAnswers, serverAndBrowser, signIn, surveyPageNo, surveyReady } from '../support/browser';
import { tempDir } from '../support/temp';

const e2e = serverAndBrowser();
const surveyPath = '/rounds/hn-phu-chau-midterm/survey/household';
const shots = process.env.MOC_SHOTS_DIR || tempDir('moc-phone-shots-');

async function phone() {
  const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, people.evaluatorLan);
  return { context, page };
}

/** Pairs of boxes (among `selector`, inside each `scope`) that overlap by more than a pixel each way. */
function overlaps(page: Page, scope: string, selector: string) {
  return page.evaluate(
    ([scope, selector]) => {
      const found: string[] = [];
      for (const s of Array.from(document.querySelectorAll(scope))) {
        const boxes = Array.from(s.querySelectorAll<HTMLElement>(selector))
          .filter((el) => el.offsetParent !== null)
          .map((el) => ({ text: el.textContent?.trim().slice(0, 20), box: el.getBoundingClientRect() }));
        boxes.forEach((a, i) =>
          boxes.slice(i + 1).forEach((b) => {
            const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
            const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
            if (x > 1 && y > 1) found.push(`"${a.text}" × "${b.text}"`);
          }),
        );
      }
      return found;
    },
    [scope, selector] as const,
  );
}

/** Choices whose text is not beside its control: the control's and the text's boxes share no line. */
function textsBelowControls(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('#survey .sd-item'))
      .filter((item) => item.offsetParent !== null)
      .filter((item) => {
        const control = item.querySelector('.sd-item__decorator')?.getBoundingClientRect();
        const text = item.querySelector('.sd-item__control-label, .sd-matrix__responsive-title')?.getBoundingClientRect();
        if (!control || !text) return true;
        const shared = Math.min(control.bottom, text.bottom) - Math.max(control.top, text.top);
        return shared < Math.min(control.height, text.height) / 2 || text.left < control.right - 1;
      })
      .map((item) => item.textContent?.trim().slice(0, 30)),
  );
}

it('draws yes/no questions, radios and checkboxes as SurveyJS means them at 360 px', async () => {
  const { context, page } = await phone();
  await page.goto(`${e2e.server.url}${surveyPath}`);
  await surveyReady(page);
  await page.screenshot({ path: join(shots, 'first-page.png') });

  expect(await overlaps(page, '#survey .sd-selectbase', '.sd-item')).toEqual([]);
  expect(await textsBelowControls(page)).toEqual([]);

  // The page with a yes/no question (answered), radios and checkboxes; then one with two unanswered.
  const booleans: { sameLine: boolean; inside: boolean; oneLine: boolean }[] = [];
  for (const [pageNo, name] of [[2, 'heard_of_child_abuse'], [4, 'member_of_parents_club']] as const) {
    // A draft left on that page, opened again.
    await putAnswers(page, { heard_of_child_abuse: true }, { pageNo });
    await page.waitForSelector(`#survey [data-name="${name}"] .sd-boolean`);
    await page.locator(`#survey [data-name="${name}"]`).screenshot({ path: join(shots, `yes-no-${name}.png`) });
    await page.screenshot({ path: join(shots, `page-${pageNo}.png`), fullPage: true });

    expect(await overlaps(page, '#survey .sd-boolean', '.sd-boolean__label')).toEqual([]);
    expect(await overlaps(page, '#survey .sd-selectbase', '.sd-item')).toEqual([]);
    expect(await textsBelowControls(page)).toEqual([]);
    // "Có" and "Không" side by side on one line, each whole (not wrapped, not outside the switch).
    booleans.push(
      ...(await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('#survey .sd-boolean')).map((b) => {
          const [yes, no] = Array.from(b.querySelectorAll<HTMLElement>('.sd-boolean__label')).map((l) => l.getBoundingClientRect());
          const box = b.getBoundingClientRect();
          const lines = (l: Element) => {
            const range = document.createRange();
            range.selectNodeContents(l);
            return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
          };
          const [yesLabel, noLabel] = Array.from(b.querySelectorAll('.sd-boolean__label'));
          return { sameLine: Math.abs(yes.top - no.top) < 2, inside: yes.left >= box.left - 1 && no.right <= box.right + 1, oneLine: lines(yesLabel) === 1 && lines(noLabel) === 1 };
        }),
      )),
    );
  }
  expect(booleans.length).toBe(3);
  for (const b of booleans) expect(b).toEqual({ sameLine: true, inside: true, oneLine: true });
  await context.close();
}, 90_000); // two drafts opened again (putAnswers), each a page load

it('shows the first question on the first screen at 360 × 740, with a one-line header and no scroll box inside the page', async () => {
  const { context, page } = await phone();
  await page.goto(`${e2e.server.url}${surveyPath}`);
  await surveyReady(page);
  // The field bar shows once field.js has filled it; measure with it there.
  await page.waitForSelector('#field-bar:not([hidden])');

  const header = await page.locator('header.top').boundingBox();
  expect(header!.height).toBeLessThanOrEqual(60);
  const first = await page.locator('#survey .sd-question').first().boundingBox();
  expect(first!.y).toBeGreaterThanOrEqual(0);
  expect(first!.y + first!.height).toBeLessThanOrEqual(740);
  // Neither the survey nor anything in it scrolls on its own: the page scrolls.
  const scrollers = await page.evaluate(() =>
    [document.getElementById('survey')!, ...Array.from(document.querySelectorAll<HTMLElement>('#survey *'))]
      .filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 1)
      .filter((el) => !el.closest('.sd-table-wrapper'))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
  );
  expect(scrollers).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(740);
  await context.close();
});

it('has no sideways scroll on the home, model, round and survey pages at 360 px, tables that fit or scroll, badges on one line', async () => {
  // Two households in the round, so its page lists submissions in a table.
  const lan = await apiAs(e2e.server.app, people.evaluatorLan);
  const rng = seededRng(1414);
  for (let i = 0; i < 2; i++) {
    const sent = await lan.post('/api/v1/submissions', { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) });
    expect(sent.status).toBe(201);
  }
  for (const who of [people.evaluatorLan, people.managerHa]) {
    const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await signIn(page, e2e.server.url, who);
    for (const path of ['/', '/models/hn-phu-chau', '/rounds/hn-phu-chau-midterm', '/rounds/hn-phu-chau-baseline', surveyPath]) {
      if (path === surveyPath && who !== people.evaluatorLan) continue;
      await page.goto(`${e2e.server.url}${path}`);
      if (path === surveyPath) await surveyReady(page);
      const header = await page.locator('header.top').boundingBox();
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      // A badge ("Đang mở") on one line: its box one line high.
      const broken = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.status, .tag'))
          .filter((el) => el.getClientRects().length > 1 || el.getBoundingClientRect().height > 30)
          .map((el) => el.textContent?.trim()),
      );
      // A table wider than the screen sits in a box of its own that scrolls sideways, nothing clipping it.
      const clipped = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('main table'))
          .filter((table) => table.offsetParent !== null && table.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .filter((table) => {
            let box = table.parentElement;
            while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
            return !box || box === document.documentElement || box.scrollWidth + 1 < table.getBoundingClientRect().width;
          })
          .map((table) => table.className || table.closest('[id]')?.id),
      );
      await page.screenshot({ path: join(shots, `${who.split('@')[0]}${path.replace(/\//g, '-')}.png`), fullPage: true });
      if (await page.locator('#submissions table').count()) await page.locator('#submissions').screenshot({ path: join(shots, `${who.split('@')[0]}-submissions.png`) });
      expect({ who, path, sideways, broken, clipped, header: header!.height <= 60 }).toEqual({ who, path, sideways: 0, broken: [], clipped: [], header: true });
    }
    await context.close();
  }
}, 120_000);

it('shows the pages of a resumed draft before its current one as passed in the step dots', async () => {
  const { context, page } = await phone();
  await page.goto(`${e2e.server.url}${surveyPath}`);
  await putAnswers(page, householdAnswers(seededRng(14), { knows111Rate: 0.5 }));
  const draftId = new URL(page.url()).searchParams.get('draft');
  // The draft is saved on the page change; wait until it is listed, then open it afresh.
  await page.waitForSelector(`#drafts [data-draft="${draftId}"]`, { state: 'attached' });
  await page.goto(`${e2e.server.url}${surveyPath}?draft=${draftId}`);
  await surveyReady(page);
  const dots = await page.evaluate(() => ({
    all: document.querySelectorAll('#survey .sd-progress-buttons__list li').length,
    passed: document.querySelectorAll('#survey .sd-progress-buttons__list-element--passed').length,
  }));
  const current = await surveyPageNo(page);
  expect(current).toBe(dots.all - 1);
  expect(dots.passed).toBe(dots.all - 1);
  await context.close();
});
