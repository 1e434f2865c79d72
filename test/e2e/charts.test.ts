/**
 * The bar charts in Chromium (issue 15, part 2): on the programme overview and a model page, at 360 px and
 * 1280 px, no chart text is cut or spills out of its box, chart text is at the page's body size (never
 * scaled with the width), tick labels do not touch, and a small value is still a visible bar. The sponsor
 * summary (issue 15, part 1) prints on A4 with its title and date and no text cut; so does the yearly programme
 * report (part 4), with every commune.
 */
import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { dateInVietnam } from '../../src/domain/calendar';
import { formatDate } from '../../src/domain/format';
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

/**
 * Every way text of the page is cut, one line each (empty when none): an element whose own text is wider than
 * its box (scrollWidth over clientWidth), text ellipsised or clipped by overflow, or anything drawn beyond the
 * page's width. `root` is the part of the page read.
 */
async function cutText(page: Page, root: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    const scope = document.querySelector(selector);
    if (!scope) return [`no ${selector}`];
    if (document.documentElement.scrollWidth > width + 1) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of [scope, ...Array.from(scope.querySelectorAll('*'))] as HTMLElement[]) {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.display === 'none' || box.width === 0) continue;
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      const name = `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
      if (box.left < -0.5 || box.right > width + 0.5) problems.push(`${name} beyond the page: ${box.left}–${box.right} of ${width}`);
      if (!ownText) continue;
      if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name} cut: ${el.scrollWidth} > ${el.clientWidth}`);
      if (style.textOverflow === 'ellipsis' && style.overflowX !== 'visible') problems.push(`${name} ellipsised`);
      for (const range of [document.createRange()]) {
        range.selectNodeContents(el);
        const text = range.getBoundingClientRect();
        if (text.right > box.right + 1 || text.left < box.left - 1) problems.push(`${name} spills out of its box: ${text.left}–${text.right} in ${box.left}–${box.right}`);
      }
    }
    return problems;
  }, root);
}

it('prints the Yên Bái pilot’s sponsor summary in English on A4, as its sponsor: title, date generated, nothing cut', async () => {
  // A4 less the summary's 12 mm margins (its @page) is 186 mm, about 703 CSS px.
  const context = await e2e.browser.newContext({ viewport: { width: 703, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, people.sponsorWorldVision);
  await page.goto(`${e2e.server.url}/lang/en?back=${encodeURIComponent('/models/yb-service-pilot/summary')}`);
  const today = formatDate(dateInVietnam(new Date()), 'en');
  const title = 'Yen Bai child-protection service connection pilot';
  for (const media of ['screen', 'print'] as const) {
    await page.emulateMedia({ media });
    expect(await page.locator('h1').innerText()).toBe(title);
    expect(await page.locator('.summary-facts dt:text-is("Date generated") + dd').first().innerText()).toBe(today);
    expect({ media, problems: await cutText(page, 'article.summary') }).toEqual({ media, problems: [] });
  }
  // Read by a screen reader as well as on paper: no serious or critical axe finding.
  await page.emulateMedia({ media: 'screen' });
  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.emulateMedia({ media: 'print' });
  // On paper: no header, breadcrumbs or download button.
  expect(await page.locator('header.top').isVisible()).toBe(false);
  expect(await page.locator('[data-pdf]').isVisible()).toBe(false);
  const indicators = await page.locator('.summary-table tbody th').allInnerTexts();
  expect(indicators.length).toBeGreaterThanOrEqual(10);

  const pdf = await page.pdf({ format: 'A4' });
  // For a person to look at while changing the print styles.
  if (process.env.MOC_SHOTS_DIR) writeFileSync(join(process.env.MOC_SHOTS_DIR, 'sponsor-summary.pdf'), pdf);
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const text = (await extractText(doc, { mergePages: true })).text;
  const squeezed = (s: string) => s.replace(/\s+/g, '');
  // Every indicator's name, the title and the date are on paper, whole (lines may wrap, nothing is lost).
  for (const words of ['Sponsor summary', title, `Date generated${today}`, 'Method', ...indicators]) expect(squeezed(text)).toContain(squeezed(words));
  // The title and date open the first page (no blank page before them), and it fits on a few pages.
  const first = (await extractText(doc, { mergePages: false })).text[0].replace(/\s+/g, ' ');
  expect(first).toContain(`Sponsor summary ${title}`);
  expect(first).toContain(`Date generated ${today}`);
  expect(doc.numPages).toBeLessThanOrEqual(3);
  // …and every piece of text lies within the paper, with a margin.
  for (let n = 1; n <= doc.numPages; n++) {
    const p = await doc.getPage(n);
    const [, , width, height] = p.view;
    // A4: 210 × 297 mm is 595 × 842 pt (Chromium writes 595.92 × 842.88).
    expect([Math.abs(width - 595.3) < 1, Math.abs(height - 841.9) < 1.5]).toEqual([true, true]);
    for (const item of (await p.getTextContent()).items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [x, y] = [item.transform[4], item.transform[5]];
      expect({ n, text: item.str, inside: x >= 20 && x + item.width <= width - 20 && y >= 20 && y <= height - 20 }).toEqual({ n, text: item.str, inside: true });
    }
  }
  await context.close();
}, slow);

it('prints the Hanoi programme’s yearly report on A4: title, programme, year, date generated, every commune, nothing cut', async () => {
  // A4 less 12 mm margins is 186 mm, about 703 CSS px. 2017: the midterms' survey indicators beside the targets'.
  const context = await e2e.browser.newContext({ viewport: { width: 703, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, e2e.server.url, people.admin);
  await page.goto(`${e2e.server.url}/programmes/hanoi-2015-2020/report?year=2017`);
  const title = 'Báo cáo kết quả thực hiện Chương trình năm 2017';
  for (const media of ['screen', 'print'] as const) {
    await page.emulateMedia({ media });
    expect(await page.locator('h1').innerText()).toBe(title);
    expect({ media, problems: await cutText(page, 'main') }).toEqual({ media, problems: [] });
  }
  // On paper: no header, year picker or download link; the facts stay.
  expect(await page.locator('header.top').isVisible()).toBe(false);
  expect(await page.locator('form.filters').isVisible()).toBe(false);
  expect(await page.locator('[data-generated]').innerText()).toMatch(new RegExp(`^${formatDate(dateInVietnam(new Date()), 'vi')} \\d{2}:\\d{2}$`));
  const communes = await page.locator('[data-places] tr[data-level="commune"] th').allInnerTexts();
  expect(communes).toHaveLength(9);
  const pdf = await page.pdf({ format: 'A4', margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } });
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const text = (await extractText(doc, { mergePages: true })).text.replace(/\s+/g, '');
  for (const words of [title, 'Chương trình bảo vệ trẻ em thành phố Hà Nội 2015–2020', 'Năm báo cáo2017', 'Ngày lập báo cáo', 'Số liệu tính đến', ...communes]) expect(text).toContain(words.replace(/\s+/g, ''));
  await context.close();
}, slow);
