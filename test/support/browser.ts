/**
 * Real parts for end-to-end tests: the app served over HTTP on 127.0.0.1 (fresh database, real static files)
 * and Debian's Chromium driven by playwright-core.
 */
import type { AddressInfo } from 'node:net';
import { relative } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { compress } from 'hono/compress';
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
    compress: compress(),
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

/** Waits until the survey page has drawn its form (public/app/survey-page.js). */
export async function surveyReady(page: Page) {
  await page.waitForFunction(() => {
    const s = (window as unknown as { MocSurvey?: { current(): unknown } }).MocSurvey?.current();
    return Boolean(s) && document.querySelector('#survey [data-name]') !== null;
  });
}

/** Puts `answers` into the survey on the page and moves to its last page, ready for "Hoàn thành". */
export async function putAnswers(page: Page, answers: Record<string, unknown>) {
  await surveyReady(page);
  await page.evaluate((data) => {
    const survey = (window as unknown as { MocSurvey: { current(): { data: unknown; currentPageNo: number; visiblePages: unknown[] } } }).MocSurvey.current();
    survey.data = data;
    survey.currentPageNo = survey.visiblePages.length - 1;
  }, answers);
}
