/**
 * `npm run bench:sync`: how long 500 submissions queued offline take to reach the server once the network is
 * back, in real Chromium against `npm start` on a file database. Prints the time and the rate.
 * Options (env): BENCH_QUEUED (default 500).
 */
import { count } from 'drizzle-orm';
import { chromium } from 'playwright-core';
import { submissions } from '../db/schema';
import { openNodeDb } from '../src/db-node';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { uuidFrom } from '../src/seed/demo';
import { benchPassword, startBenchServer } from './server';

const queued = Number(process.env.BENCH_QUEUED ?? 500);
const round = 'hn-phu-chau-midterm';
const rng = seededRng(500);
const bodies = Array.from({ length: queued }, () => ({
  id: uuidFrom(rng),
  round,
  commune: '09649',
  instrument: 'household',
  version: 1,
  answers: householdAnswers(rng, { knows111Rate: 0.6 }),
  startedAt: new Date().toISOString(),
}));

const server = await startBenchServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/signin`);
  await page.fill('input[name=email]', 'evaluator@example.org');
  await page.fill('input[name=password]', benchPassword);
  await Promise.all([page.waitForURL(`${server.url}/`), page.click('form#signin button[type=submit]')]);
  await page.goto(`${server.url}/rounds/${round}/survey/household`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });

  await context.setOffline(true);
  // Queued through the page's own field module (public/app/field.js), as finishing a survey does.
  await page.evaluate(`(async ({ bodies, postUrl }) => {
    const { fieldApi } = await import('/app/field.js');
    for (const body of bodies) await fieldApi.enqueue(body, postUrl);
  })(${JSON.stringify({ bodies, postUrl: `/rounds/${round}/submissions` })})`);
  await page.waitForFunction((n) => document.getElementById('field-bar')?.dataset.waiting === String(n), queued);

  const started = performance.now();
  await context.setOffline(false); // the `online` event starts the sync
  await page.waitForFunction((n) => document.getElementById('field-bar')?.dataset.sent === String(n), queued, { timeout: 600_000, polling: 100 });
  const seconds = (performance.now() - started) / 1000;

  const { db, close } = await openNodeDb(server.databasePath);
  const [{ n }] = await db.select({ n: count() }).from(submissions);
  close();
  console.log(`Sync of ${queued} queued submissions: ${seconds.toFixed(1)} s (${(queued / seconds).toFixed(0)}/s, ${((seconds * 1000) / queued).toFixed(1)} ms each); server holds ${n}`);
  if (n !== queued) {
    console.error(`FAILED: expected ${queued} rows`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  server.stop();
}
