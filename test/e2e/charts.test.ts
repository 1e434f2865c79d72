/**
 * The bar charts in Chromium (issue 15, part 2): on the programme overview and a model page, at 360 px and
 * 1280 px, no chart text is cut or spills out of its box, chart text is at the page's body size (never
 * scaled with the width), tick labels do not touch, and a small value is still a visible bar.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoSubmissions } from '../../src/seed/demo';
import { bringAggregatesUpToDate } from '../../src/workflows/aggregates';
import { people } from '../support/app';
import { serverAndBrowser, signIn } from '../support/browser';

const e2e = serverAndBrowser();
const slow = 120_000;

beforeAll(async () => {
  // The demo's submissions: values, intervals, targets and, for the sponsor, suppressed cells to draw.
  await seedDemoSubmissions(e2e.server.db, new Date('2026-11-20T00:00:00Z'));
  await bringAggregatesUpToDate(e2e.server.db);
}, slow);

/** Every way a chart on the page is hard to read, one line each (empty when none). */
async function chartProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const bodySize = getComputedStyle(document.body).fontSize;
    const inside = (a: DOMRect, b: DOMRect) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
    const charts = Array.from(document.querySelectorAll('.chart'));
    if (charts.length === 0) problems.push('no chart');
    for (const chart of charts) {
      const box = chart.getBoundingClientRect();
      if (box.right > document.documentElement.clientWidth + 0.5) problems.push(`chart wider than the page: ${box.right}`);
      for (const text of Array.from(chart.querySelectorAll('svg text'))) {
        if (getComputedStyle(text).display === 'none') continue;
        const svg = (text as SVGTextElement).ownerSVGElement!;
        const scale = (text as SVGTextElement).getScreenCTM()!.a;
        if (Math.abs(scale - 1) > 0.01) problems.push(`"${text.textContent}" scaled ×${scale.toFixed(2)}`);
        if (getComputedStyle(text).fontSize !== bodySize) problems.push(`"${text.textContent}" at ${getComputedStyle(text).fontSize}, body ${bodySize}`);
        if (!inside(text.getBoundingClientRect(), svg.getBoundingClientRect())) problems.push(`"${text.textContent}" outside its SVG`);
      }
      for (const cell of Array.from(chart.querySelectorAll('.chart-label, .chart-value, .chart-gap')) as HTMLElement[]) {
        if (!cell.textContent) continue;
        if (cell.scrollWidth > cell.clientWidth + 1) problems.push(`"${cell.textContent}" cut (${cell.scrollWidth} > ${cell.clientWidth})`);
        if (!inside(cell.getBoundingClientRect(), box)) problems.push(`"${cell.textContent}" outside the chart`);
      }
      for (const cell of Array.from(chart.querySelectorAll('.chart-label, .chart-value')) as HTMLElement[]) {
        if (cell.textContent && getComputedStyle(cell).fontSize !== bodySize) problems.push(`"${cell.textContent}" at ${getComputedStyle(cell).fontSize}, body ${bodySize}`);
      }
      const ticks = Array.from(chart.querySelectorAll('text.tick')).filter((t) => t.getBoundingClientRect().width > 0);
      ticks.slice(1).forEach((t, i) => {
        if (t.getBoundingClientRect().left < ticks[i].getBoundingClientRect().right + 2) problems.push(`tick labels touch: ${ticks[i].textContent} ${t.textContent}`);
      });
      if (ticks.length < 2) problems.push('fewer than two tick labels');
    }
    return problems;
  });
}

/** The drawn width of each bar with a value above 0 (the longer of the bar and its minimum stub). */
function drawnBars(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.chart .chart-row.bar'))
      .map((row) => Math.max(0, ...Array.from(row.querySelectorAll('rect.bar-value')).map((r) => r.getBoundingClientRect().width)))
      .filter((w) => w > 0),
  );
}

describe.each([
  { width: 360, height: 740 },
  { width: 1280, height: 900 },
])('at $width px', (viewport) => {
  it('the programme overview’s and a model page’s charts are whole, at the page’s size, never scaled', async () => {
    const context = await e2e.browser.newContext({ viewport });
    const page = await context.newPage();
    await signIn(page, e2e.server.url, people.admin);
    for (const path of ['/programme', '/programme?chart=csc-share', '/programme/rollup?level=district', '/models/yb-service-pilot', '/models/hn-phu-chau']) {
      await page.goto(`${e2e.server.url}${path}`);
      expect({ path, problems: await chartProblems(page) }).toEqual({ path, problems: [] });
      for (const w of await drawnBars(page)) expect(w).toBeGreaterThanOrEqual(2);
    }
    await context.close();
  }, slow);
});

/** How many pages a PDF has (Chromium writes one /Type /Page object per page). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;

it('prints a model page compactly on A4: its title and date, no header, charts at the page’s size', async () => {
  // A4 less 12 mm margins is 186 mm, about 703 CSS px: the width the page is laid out at on paper.
  const context = await e2e.browser.newContext({ viewport: { width: 703, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, people.admin);
  await page.goto(`${e2e.server.url}/models/yb-service-pilot`);
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('header.top').isVisible()).toBe(false);
  expect(await page.locator('form.filters').isVisible()).toBe(false);
  expect(await page.locator('h1').innerText()).toBe('Mô hình cung cấp, kết nối dịch vụ bảo vệ trẻ em Yên Bái');
  expect(await page.locator('[data-printed]').innerText()).toMatch(/^Mốc · \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  expect(await chartProblems(page)).toEqual([]);
  const pdf = await page.pdf({ format: 'A4', margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } });
  // Fifteen indicators, ten with a chart: four pages (six before, with charts scaled to the width).
  expect(pdfPages(pdf)).toBeLessThanOrEqual(4);
  await context.close();
}, slow);
