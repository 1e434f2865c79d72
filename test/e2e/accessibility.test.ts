/**
 * Accessibility (issue 14, part 10): axe-core in Chromium finds no serious or critical violation on the pages
 * people use most (sign-in, home, survey, round, model, programme overview) at 360 px and 1280 px; every page
 * starts with a skip link to its content; inputs' borders reach 3:1 against their background.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { people } from '../support/app';
import { serverAndBrowser, signIn, surveyReady } from '../support/browser';

const e2e = serverAndBrowser();
const slow = 180_000;

/** The serious and critical violations on the page as it stands, one line each (rule: first target). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** WCAG's contrast ratio of two CSS colours `rgb(r, g, b)`. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map((x) => Number(x) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe.each([
  { width: 360, height: 740 },
  { width: 1280, height: 900 },
])('at $width px', (viewport) => {
  it('the sign-in page and, for an evaluator, home, round and survey', async () => {
    const context = await e2e.browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/signin`);
    expect(await violations(page)).toEqual([]);
    await signIn(page, e2e.server.url, people.evaluatorLan);
    expect(await violations(page)).toEqual([]);
    await page.goto(`${e2e.server.url}/rounds/hn-phu-chau-midterm`);
    expect(await violations(page)).toEqual([]);
    await page.goto(`${e2e.server.url}/rounds/hn-phu-chau-midterm/survey/household`);
    await surveyReady(page);
    expect(await violations(page)).toEqual([]);
    await context.close();
  }, slow);

  it('for a manager, home, model and programme overview', async () => {
    const context = await e2e.browser.newContext({ viewport });
    const page = await context.newPage();
    await signIn(page, e2e.server.url, people.managerHa);
    expect(await violations(page)).toEqual([]);
    await page.goto(`${e2e.server.url}/models/hn-phu-chau`);
    expect(await violations(page)).toEqual([]);
    await page.goto(`${e2e.server.url}/programme`);
    expect(await violations(page)).toEqual([]);
    await page.goto(`${e2e.server.url}/rounds/hn-phu-chau-midterm`);
    expect(await violations(page)).toEqual([]);
    await context.close();
  }, slow);
});

describe('keyboard and contrast', () => {
  it('starts every page with a skip link to the main content, the first tab stop', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await signIn(page, e2e.server.url, people.managerHa);
    for (const path of ['/', '/models/hn-phu-chau', '/programme']) {
      await page.goto(`${e2e.server.url}${path}`);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => ({ href: document.activeElement?.getAttribute('href'), text: document.activeElement?.textContent?.trim() }));
      expect(focused.href).toBe('#main');
      expect(focused.text).toBeTruthy();
      expect(await page.locator('main#main').count()).toBe(1);
    }
    await context.close();
  });

  it('draws text inputs and selects with a border of at least 3:1 against the page', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${e2e.server.url}/signin`);
    const colours = await page.evaluate(() => {
      const input = document.querySelector('input[name=email]')!;
      const style = getComputedStyle(input);
      let node: Element | null = input.parentElement;
      let background = 'rgba(0, 0, 0, 0)';
      while (node && /rgba\(0, 0, 0, 0\)|transparent/.test(background)) {
        background = getComputedStyle(node).backgroundColor;
        node = node.parentElement;
      }
      return { border: style.borderTopColor, background: /rgba\(0, 0, 0, 0\)/.test(background) ? 'rgb(255, 255, 255)' : background };
    });
    expect(contrast(colours.border, colours.background)).toBeGreaterThanOrEqual(3);
    await context.close();
  });
});
