/**
 * `npm run bench:submission-page`: the submission page of the largest household the limits allow (15
 * children, every text at its maxLength, stored through the form's endpoint) and of a row stored before the
 * limits (5,000 children, inserted directly), each requested BENCH_REQUESTS times (default 300) by a manager,
 * in-process (app.request: session, queries, display, rendering; no sockets), one at a time. Prints p50, p95
 * and max, then the display alone and survey-core's display of the largest household for comparison.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { submissions } from '../db/schema';
import { createApp } from '../src/app';
import { openNodeDb } from '../src/db-node';
import { largestHouseholdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { displayAnswers } from '../src/domain/validation/display';
import { displayWithSurveyCore } from '../src/domain/validation/survey-core';
import { findInstrument } from '../test/support/instruments';
import { submissionDetail } from '../src/queries/submissions';
import { seedProgramme } from '../src/seed/seed';
import { seedDemoUsers } from '../src/seed/users';
import { people, testConfig, testPassword, webAs } from '../test/support/app';
import { percentile } from './server';

const requests = Number(process.env.BENCH_REQUESTS ?? 300);
const household = findInstrument('household', 1)!;

/** p50, p95 and max in ms of `runs` calls after 10 unmeasured ones. */
async function timed(runs: number, call: () => unknown) {
  for (let i = 0; i < 10; i++) await call();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await call();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return `p50 ${percentile(ms, 50).toFixed(2)} ms, p95 ${percentile(ms, 95).toFixed(2)} ms, max ${ms.at(-1)!.toFixed(2)} ms`;
}

const dir = mkdtempSync(join(tmpdir(), 'moc-bench-page-'));
const { db, close } = await openNodeDb(join(dir, 'bench.sqlite'));
try {
  await seedProgramme(db);
  await seedDemoUsers(db, testPassword, testConfig.scrypt, false);
  const app = createApp({ db, clock: () => new Date('2026-11-20T09:00:00Z'), config: testConfig });

  const largest = largestHouseholdAnswers(seededRng(15));
  const largestId = crypto.randomUUID();
  const lan = await webAs(app, people.evaluatorLan);
  const stored = await lan.postJson('/rounds/hn-phu-chau-midterm/submissions', { id: largestId, commune: '09649', instrument: 'household', version: 1, answers: largest });
  if (stored.status !== 201) throw new Error(`storing the largest household answered ${stored.status}: ${await stored.text()}`);

  const old = { ...largest, children: Array.from({ length: 5000 }, (_, i) => ({ age: i % 18, sex: i % 2 ? 'male' : 'female', birth_registered: true, has_disability: false })) };
  const oldId = crypto.randomUUID();
  const like = (await submissionDetail(db, largestId))!.submission;
  await db.insert(submissions).values({ ...like, id: oldId, answers: JSON.stringify(old), contentHash: 'stored-before-the-limits' });

  const manager = await webAs(app, people.managerHa);
  const page = (id: string, expected: string) => async () => {
    const res = await manager.get(`/submissions/${id}`);
    const html = await res.text();
    if (res.status !== 200 || !html.includes(expected)) throw new Error(`/submissions/${id}: ${res.status}, without "${expected}"`);
  };
  console.log(`Submission page, ${requests} requests each, in-process:`);
  console.log(`  largest allowed household (15 children, texts at maxLength): ${await timed(requests, page(largestId, '15) Tuổi:'))}`);
  console.log(`  row stored before the limits (5,000 children, 100 shown):    ${await timed(requests, page(oldId, '… và 4900 mục nữa'))}`);
  console.log('The display alone (validation/display.ts):');
  console.log(`  largest allowed household: ${await timed(requests, () => displayAnswers(household, largest, 'vi'))}`);
  console.log(`  5,000 children:            ${await timed(requests, () => displayAnswers(household, old, 'vi'))}`);
  // survey-core builds a Model per number of panels: the first call pays for it, later ones reuse it.
  const t0 = performance.now();
  displayWithSurveyCore(household, structuredClone(largest), 'vi');
  const first = performance.now() - t0;
  const warm = await timed(Math.min(requests, 100), () => displayWithSurveyCore(household, structuredClone(largest), 'vi'));
  console.log(`survey-core's display (the page before), largest allowed household: first call ${first.toFixed(0)} ms, then ${warm}`);
} finally {
  close();
  rmSync(dir, { recursive: true, force: true });
}
