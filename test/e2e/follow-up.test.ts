/**
 * Across rounds and versions in real Chromium. A follow-up household: at midterm the evaluator finds, offline,
 * a household visited at baseline; the form starts from its stable facts with the children's ages moved on,
 * marked as prefilled and editable; the submission links to the baseline one by household code. A draft
 * started on household v1 finishes on v1 after the round moves to v2.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { places, roundInstruments, submissions, users } from '../../db/schema';
import { contentHash } from '../../src/domain/submission';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { people } from '../support/app';
import { deviceDrafts, goToSurveyPage, openProfile, putAnswers, signIn, startServer, surveyReady } from '../support/browser';

let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.close();
});

const baselineAnswers = {
  hamlet: 'Thôn Đoài',
  household_number: '042',
  respondent_relation: 'mother',
  respondent_age: 31,
  respondent_sex: 'female',
  household_size: 5,
  economic_status: 'near_poor',
  children: [
    { age: 3, sex: 'female', birth_registered: true, has_disability: false },
    { age: 9, sex: 'male', in_school: true, birth_registered: true, has_disability: false },
    { age: 16, sex: 'male', in_school: false, birth_registered: true, has_disability: false },
  ],
  heard_of_child_abuse: false,
  knows_111: 'no',
  would_report: 'yes',
};

it('finds a baseline household offline and starts the midterm form from it, ages moved on', { timeout: 90_000 }, async () => {
  const [commune] = await server.db.select().from(places).where(and(eq(places.code, '09649'), eq(places.level, 'commune')));
  const [evaluator] = await server.db.select().from(users).where(eq(users.email, people.evaluatorLan));
  await server.db.insert(submissions).values({
    id: '5d1c8a8e-6f0b-4b8e-9d53-0c1f5b7a9e01',
    roundId: 'hn-phu-chau-baseline',
    communeId: commune.id,
    instrumentSlug: 'household',
    instrumentVersion: 1,
    evaluatorId: evaluator.id,
    answers: JSON.stringify(baselineAnswers),
    contentHash: contentHash({ round: 'hn-phu-chau-baseline', commune: '09649', instrument: 'household', version: 1 }, baselineAnswers),
    householdCode: '09649|thôn đoài|042',
    receivedAt: '2015-05-15T08:00:00.000Z',
  });

  const context = await openProfile();
  const page = context.pages()[0] ?? (await context.newPage());
  await signIn(page, server.url, people.evaluatorLan);
  const surveyPath = '/rounds/hn-phu-chau-midterm/survey/household';
  await page.goto(server.url + surveyPath);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  await page.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 });

  await context.setOffline(true);
  await page.reload();
  // Typed without accents, the way a phone keyboard often leaves it; the result says the round and the day of the visit.
  await page.locator('#household-search').fill('thon doai 042');
  expect(await page.locator('#household-results li').first().innerText()).toContain('Thôn Đoài / 042 — Đầu kỳ, 15/05/2015');
  await page.getByRole('button', { name: 'Dùng hộ này' }).click();

  const hamlet = page.locator('[data-name="hamlet"]');
  await expect.poll(() => hamlet.locator('input').inputValue()).toBe('Thôn Đoài');
  expect(await hamlet.innerText()).toContain('Điền sẵn từ vòng trước');
  // Baseline May 2015, midterm window ends December 2017: two whole years; the 16-year-old is 18 now.
  // The prefilled answers are the survey's draft on the device.
  const draft = async () => (await deviceDrafts(page)).find((d) => d.data.hamlet === 'Thôn Đoài')?.data as { children: { age: number; sex: string }[]; household_size: number } | undefined;
  await expect.poll(async () => (await draft())?.children.map((c) => [c.age, c.sex])).toEqual([
    [5, 'female'],
    [11, 'male'],
  ]);
  expect(await page.locator('#survey-status').innerText()).toContain('1 trẻ đã đủ 18 tuổi');
  // Prefilled answers stay editable.
  const size = page.locator('[data-name="household_size"] input');
  await size.fill('6');
  await size.press('Tab');
  await expect.poll(async () => (await draft())?.household_size).toBe(6);

  // Finished online, the midterm submission carries the baseline household's code.
  await context.setOffline(false);
  const { hamlet: _h, household_number: _n, household_size: _s, children: _c, ...rest } = householdAnswers(seededRng(7), { knows111Rate: 0.8 });
  await putAnswers(page, rest, { merge: true });
  await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}\/sent$/), page.getByRole('button', { name: 'Hoàn thành' }).click()]);
  const [midterm] = await server.db.select().from(submissions).where(eq(submissions.id, page.url().split('/').at(-2)!));
  expect(midterm.roundId).toBe('hn-phu-chau-midterm');
  expect(midterm.householdCode).toBe('09649|thôn đoài|042');
  await context.close();
});

it('finishes a draft on the version it started on after the round moves to a new version', { timeout: 90_000 }, async () => {
  const context = await openProfile();
  const page = context.pages()[0] ?? (await context.newPage());
  await signIn(page, server.url, people.evaluatorLan);
  const surveyPath = '/rounds/hn-me-linh-midterm/survey/household';
  await page.goto(server.url + surveyPath);
  await surveyReady(page);
  await page.locator('[data-name="hamlet"] input').fill('Thôn Phiên Bản');
  await page.locator('[data-name="household_number"] input').fill('V1');
  await page.locator('[data-name="household_number"] input').press('Tab');
  await expect.poll(() => page.locator('[data-drafts-count]').innerText(), { timeout: 10_000 }).toBe('1');
  const draftId = (await deviceDrafts(page)).find((d) => d.data.hamlet === 'Thôn Phiên Bản')!.id;

  // The round moves to household v2 while the draft waits.
  await server.db.update(roundInstruments).set({ version: 2 }).where(and(eq(roundInstruments.roundId, 'hn-me-linh-midterm'), eq(roundInstruments.slug, 'household')));
  // A new survey is on v2 (the kept page may show once more as it was while the new one is fetched behind it).
  await expect
    .poll(async () => {
      await page.goto(server.url + surveyPath);
      await surveyReady(page);
      return page.locator('h1 small').innerText();
    })
    .toBe('v2');
  await page.goto(`${server.url}${surveyPath}?draft=${draftId}`);
  await surveyReady(page);
  const { hamlet: _h, household_number: _n, ...rest } = householdAnswers(seededRng(9), { knows111Rate: 0.5 });
  await putAnswers(page, rest, { merge: true, pageNo: 2 });
  expect(await page.locator('#survey [data-name="knows_111"]').count()).toBe(1); // the draft's own version, v1, still
  await goToSurveyPage(page, -1);
  await Promise.all([page.waitForURL(/\/submissions\/[0-9a-f-]{36}\/sent$/), page.getByRole('button', { name: 'Hoàn thành' }).click()]);
  const [stored] = await server.db.select().from(submissions).where(eq(submissions.id, draftId));
  expect(stored.instrumentVersion).toBe(1);
  expect(JSON.parse(stored.answers).hamlet).toBe('Thôn Phiên Bản');
  await context.close();
});
