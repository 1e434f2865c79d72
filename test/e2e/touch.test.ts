/** The survey page at 360 px wide: nothing overflows sideways and every control is a usable touch target. */
import { expect, it } from 'vitest';
import { people } from '../support/app';
import { serverAndBrowser, signIn, surveyReady } from '../support/browser';

const e2e = serverAndBrowser();

it('has no sideways scrolling and touch targets of at least 40 px on the survey page at 360 px', async () => {
  const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, people.evaluatorLan);
  await page.goto(`${e2e.server.url}/rounds/hn-phu-chau-midterm/survey/household`);
  await surveyReady(page); // SurveyJS's form, not the first look it replaces
  await page.locator('#field-bar details summary').click();
  await page.locator('#drafts summary').click();

  const wide = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((el) => el.getBoundingClientRect().right > 361 && !el.closest('.sd-table-wrapper, .scroll'))
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
      .slice(0, 5),
  );
  expect(wide).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  // Every visible control, ours and SurveyJS's: the smaller side of its box, or of its label for radios.
  const small = await page.evaluate(() => {
    const controls = Array.from(document.querySelectorAll<HTMLElement>('a, button, input, select, textarea, summary, .sd-item'));
    return controls
      .filter((el) => el.offsetParent !== null && !(el instanceof HTMLInputElement && ['radio', 'checkbox', 'file'].includes(el.type)))
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && Math.min(box.height, box.width) < 40)
      .map(({ el, box }) => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent?.trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
  });
  expect(small).toEqual([]);
  await context.close();
});
