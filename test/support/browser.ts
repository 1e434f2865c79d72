/**
 * Real parts for end-to-end tests: the app served over HTTP on 127.0.0.1 (fresh database, real static files)
 * and Debian's Chromium driven by playwright-core.
 */
import type { AddressInfo } from 'node:net';
import { relative } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { compressResponses } from '../../src/middleware/compress';
import { type BrowserContext, chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from './temp';
import { createApp } from '../../src/app';
import { repoRoot } from '../../src/db-node';
import { emptyInstallation, freshApp, testConfig, testPassword } from './app';

/**
 * The app over a fresh database: the demo's (freshApp) by default; `{ empty: true }` an installation as
 * admin:create leaves it (emptyInstallation), whose admin's one-time link is `adminLink`.
 */
export async function startServer(opts: { empty?: boolean } = {}) {
  const empty = opts.empty ? await emptyInstallation() : null;
  const fresh = empty ?? (await freshApp());
  const app = createApp({
    db: fresh.db,
    clock: () => new Date(),
    config: testConfig,
    compress: compressResponses(),
    assets: serveStatic({ root: relative(process.cwd(), `${repoRoot}/public`) || '.', precompressed: true }),
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db: fresh.db,
    admin: empty && { email: empty.adminEmail, link: empty.adminLink },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Flags from the machine notes: without the background-networking ones Chromium dials out and is refused. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: chromiumArgs });
}

export async function signIn(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/signin`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', testPassword);
  await Promise.all([page.waitForURL(`${baseUrl}/`), page.click('form#signin button[type=submit]')]);
}

/**
 * A phone-sized browser with its profile on disk (a fresh one unless `dir` is given), so that closing and
 * reopening it is a real browser restart, with its service worker, caches and IndexedDB.
 */
export function openProfile(dir = tempDir('moc-profile-')): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: chromiumArgs,
    viewport: { width: 360, height: 740 },
  });
}

/**
 * One app server and one Chromium for a test file, started before its tests and closed after them.
 * Example: `const e2e = serverAndBrowser();` then `e2e.server.url`, `e2e.browser.newContext()` in tests.
 */
export function serverAndBrowser() {
  const started = {} as { server: Awaited<ReturnType<typeof startServer>>; browser: Browser };
  beforeAll(async () => {
    started.server = await startServer();
    started.browser = await launchChromium();
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.server?.close();
  });
  return started;
}

/**
 * Waits until htmx has finished with the page: no request in flight, nothing swapping or settling, and every
 * swapped-in element set up. htmx wires a new element's hx-trigger 20 ms after inserting it (when it removes
 * `htmx-added`), so typing into it before then fires no request.
 */
export async function htmxSettled(page: Page) {
  await page.waitForFunction(() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added'));
}

/** Waits until the survey or correction page has drawn its form (public/app/survey-page.js: #survey no longer aria-busy). */
export async function surveyReady(page: Page) {
  await page.waitForSelector('#survey[aria-busy="false"] [data-name]', { state: 'attached' });
}

/** What the page's field module (public/app/field.js) offers, as far as tests use it. */
interface FieldApi {
  newId(): string;
  items(): Promise<DeviceItem[]>;
  listDrafts(): Promise<DeviceDraft[]>;
  getDraft(id: string): Promise<DeviceDraft | undefined>;
  saveDraft(draft: Record<string, unknown>): Promise<unknown>;
}

/**
 * Runs `fn` in the page with the page's own field module (public/app/field.js: the instance the page runs, not a
 * copy), imported there; `arg` goes as JSON. (The import is written as text: vitest would rewrite an import()
 * in a function given to page.evaluate.)
 */
export function withFieldApi<A, R>(page: Page, fn: (field: FieldApi, arg: A) => R | Promise<R>, arg: A): Promise<R> {
  return page.evaluate(`(async () => { const { fieldApi } = await import('/app/field.js'); return (${fn.toString()})(fieldApi, ${JSON.stringify(arg ?? null)}); })()`) as Promise<R>;
}

/** A draft or queue item as the device keeps it (public/app/outbox.js). */
export interface DeviceDraft {
  id: string;
  round: string;
  instrument: string;
  version: number;
  commune: string;
  data: Record<string, unknown>;
  pageNo: number;
  updatedAt: string;
  startedAt: string;
}
export interface DeviceItem {
  id: string;
  state: 'waiting' | 'sent' | 'rejected';
  body: { id: string; answers: Record<string, unknown> };
  problem?: { status: number; code?: string; title?: string };
}

/** The send queue on the device, read through the page's field module. */
export function queueItems(page: Page): Promise<DeviceItem[]> {
  return withFieldApi(page, (field) => field.items(), null);
}

/** The unfinished surveys on the device, read through the page's field module. */
export function deviceDrafts(page: Page): Promise<DeviceDraft[]> {
  return withFieldApi(page, (field) => field.listDrafts(), null);
}

/** The survey page's step (0-based) by its step dots. */
export function surveyPageNo(page: Page): Promise<number> {
  return page.evaluate(() => Array.from(document.querySelectorAll('#survey .sd-progress-buttons__list li')).findIndex((li) => li.classList.contains('sd-progress-buttons__list-element--current')));
}

/** Goes to step `n` (0-based; -1 the last) by its step dot, as a person taps it; the steps before it are checked on the way. */
export async function goToSurveyPage(page: Page, n: number) {
  const dots = page.locator('#survey .sd-progress-buttons__list li');
  const target = n < 0 ? (await dots.count()) + n : n;
  await dots.nth(target).click();
  await page.waitForFunction((i) => document.querySelectorAll('#survey .sd-progress-buttons__list li')[i]?.classList.contains('sd-progress-buttons__list-element--current'), target);
}

/**
 * Puts `answers` into the survey on the page, as the device keeps them: the survey's draft (the one in the
 * address, or a new one) is written with them through the page's field module and opened again (?draft=), on
 * its last step, ready for "Hoàn thành" (or on step `pageNo`, as a draft left there opens). `merge` keeps the
 * draft's other answers.
 */
export async function putAnswers(page: Page, answers: Record<string, unknown>, opts: { merge?: boolean; pageNo?: number } = {}) {
  const url = new URL(page.url());
  const current = url.searchParams.get('draft');
  // The page holding the draft may save it once more as it goes (pagehide): leave it for a fresh copy first.
  if (current) {
    await page.goto(url.origin + url.pathname);
    await surveyReady(page);
  }
  const id = await withFieldApi(
    page,
    async (field, { answers, current, merge, pageNo }) => {
      const config = JSON.parse(document.getElementById('survey-config')!.textContent!);
      const commune = (document.getElementById('commune') as unknown as { value: string }).value;
      const draft = (current && (await field.getDraft(current))) || { id: field.newId(), round: config.round, instrument: config.instrument, version: config.version, startedAt: new Date().toISOString() };
      await field.saveDraft({ ...draft, commune: ('commune' in draft && draft.commune) || commune, data: merge && 'data' in draft ? { ...draft.data, ...answers } : answers, pageNo });
      return draft.id;
    },
    { answers, current, merge: Boolean(opts.merge), pageNo: opts.pageNo ?? 0 },
  );
  await page.goto(`${url.origin}${url.pathname}?draft=${id}`);
  await surveyReady(page);
  if (opts.pageNo === undefined) await goToSurveyPage(page, -1);
}
