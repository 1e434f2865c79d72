/**
 * Personal answers over HTTP (issue 13, part 5): once household v3 marks hamlet, household number and comments
 * personal, a household's answers (on v1 here, stored before the marks) show them to the evaluator who sent it and
 * the model's manager, as ••• to an admin; another evaluator and sponsors do not reach the submission at all. The
 * follow-up list shows addresses to those who collect there, masked for an admin.
 */
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { instruments, rounds } from '../db/schema';
import { openNodeDb } from '../src/db-node';
import { sha256Hex } from '../src/domain/crypto';
import { personalMask } from '../src/domain/personal';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';
import { seedMarkedHousehold } from '../src/seed/instruments';
import { seedProgramme } from '../src/seed/seed';
import { surveyFile } from './support/instruments';
import { tempDir } from './support/temp';

let t: Awaited<ReturnType<typeof freshApp>>;
const rng = seededRng(513);
const secret = { hamlet: 'Xóm Gốc Gạo', household_number: '0427', comments: 'Chị Nguyễn Thị Hoa, 0912 345 678' };
const sent = { baseline: crypto.randomUUID(), midterm: crypto.randomUUID() };

const household = (round: string, id: string) => ({
  id,
  round,
  commune: '09649',
  instrument: 'household',
  version: 1,
  answers: { ...householdAnswers(rng, { knows111Rate: 0.5, hamlet: secret.hamlet, householdNumber: secret.household_number }), comments: secret.comments },
});

const page = async (email: string, id: string) => {
  const res = await (await webAs(t.app, email)).get(`/submissions/${id}`);
  return { status: res.status, html: await res.text() };
};

const shows = (html: string) => Object.values(secret).map((v) => html.includes(v));

beforeAll(async () => {
  t = await freshApp();
  const admin = await apiAs(t.app, people.admin);
  // The marks come as household v3, uploaded as an admin of any installation would (the demo seed does the same).
  const released = await admin.post('/api/v1/instruments', { slug: 'household', version: 3, json: surveyFile('household.v3.json'), renamed: { hotline_111: 'knows_111' }, release: true });
  expect(released.status).toBe(201);
  expect(await released.json()).toMatchObject({ personal: ['hamlet', 'household_number', 'comments'], diff: { personalChanged: [{ name: 'hamlet', from: false, to: true }, { name: 'household_number', from: false, to: true }, { name: 'comments', from: false, to: true }] } });
  // Lan visits the household at baseline (reopened for the test) and again at midterm.
  await t.db.update(rounds).set({ status: 'open' }).where(eq(rounds.id, 'hn-phu-chau-baseline'));
  const assigned = await t.app.request('/api/v1/rounds/hn-phu-chau-baseline/assignments', {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ user: people.evaluatorLan, communes: ['09649'] }]),
  });
  expect(assigned.status).toBe(200);
  const lan = await apiAs(t.app, people.evaluatorLan);
  for (const [round, id] of [['hn-phu-chau-baseline', sent.baseline], ['hn-phu-chau-midterm', sent.midterm]]) {
    const res = await lan.post('/api/v1/submissions', household(round, id));
    expect(res.status, await res.clone().text()).toBe(201);
  }
}, 60_000);

describe('the submission page', () => {
  it('shows the personal answers to the evaluator who sent it and to the model’s manager', async () => {
    for (const email of [people.evaluatorLan, people.managerHa]) {
      const { status, html } = await page(email, sent.midterm);
      expect(status, email).toBe(200);
      expect(shows(html), email).toEqual([true, true, true]);
      expect(html, email).not.toContain('data-personal="masked"');
    }
  });

  it('masks them for an admin, with a note saying why; the other answers stay readable', async () => {
    const { status, html } = await page(people.admin, sent.midterm);
    expect(status).toBe(200);
    expect(shows(html)).toEqual([false, false, false]);
    expect(html).toContain('data-personal="masked"');
    expect(html).toContain(`<dd data-question="hamlet">${personalMask}</dd>`);
    expect(html).toContain(`<dd data-question="comments">${personalMask}</dd>`);
    expect(html).toMatch(/<dd data-question="household_size">\d+<\/dd>/);
  });

  it('is 404 for another evaluator of the same round, as before, and 403 for a sponsor (who never gets answers)', async () => {
    expect((await page(people.evaluatorMinh, sent.midterm)).status).toBe(404);
    const sponsor = await page(people.sponsorWorldVision, sent.midterm);
    expect(sponsor.status).toBe(403);
    expect(shows(sponsor.html)).toEqual([false, false, false]);
  });
});

describe('the follow-up list of the midterm', () => {
  const entry = async (email: string) => {
    const res = await (await apiAs(t.app, email)).get('/api/v1/rounds/hn-phu-chau-midterm/households');
    expect(res.status, email).toBe(200);
    const { households } = (await res.json()) as { households: { code: string; hamlet: string; householdNumber: string; from: { submission: string }; prefill: { answers: Record<string, unknown>; prefilled: string[] } }[] };
    return households.find((h) => h.from.submission === sent.baseline)!;
  };

  it('names the household by its address to those who collect there: the evaluators assigned to the commune and the manager', async () => {
    // Minh did not visit it at baseline, but revisits the commune at midterm: he needs the address to find it.
    for (const email of [people.evaluatorLan, people.evaluatorMinh, people.managerHa]) {
      const h = await entry(email);
      expect([h.hamlet, h.householdNumber, h.code], email).toEqual([secret.hamlet, secret.household_number, '09649|xóm gốc gạo|0427']);
      expect(h.prefill.answers, email).toMatchObject({ hamlet: secret.hamlet, household_number: secret.household_number });
      expect(JSON.stringify(h), email).not.toContain('0912');
    }
  });

  it('masks the address for an admin, and leaves it out of the prefill rather than starting a form from •••', async () => {
    const h = await entry(people.admin);
    expect([h.hamlet, h.householdNumber, h.code]).toEqual([personalMask, personalMask, personalMask]);
    expect(h.prefill.answers).not.toHaveProperty('hamlet');
    expect(h.prefill.answers).not.toHaveProperty('household_number');
    expect(h.prefill.prefilled).not.toContain('hamlet');
    expect(h.prefill.answers).toHaveProperty('household_size');
    expect(JSON.stringify(h)).not.toContain(secret.hamlet);
  });
});

describe('household v3 on the demo installation', () => {
  it('is released from surveys/household.v3.json byte for byte after the demo’s v2, once; never after another version', async () => {
    const { db, close } = await openNodeDb(join(tempDir('moc-personal-'), 'demo.sqlite'));
    try {
      const v3 = () => db.select().from(instruments).where(and(eq(instruments.slug, 'household'), eq(instruments.version, 3)));
      // Without the demo's v2 (an installation that only has the first versions): nothing.
      await seedMarkedHousehold(db);
      expect(await v3()).toEqual([]);
      await seedProgramme(db);
      await seedMarkedHousehold(db);
      const [row] = await v3();
      expect([row.json, row.hash, row.renamed]).toEqual([surveyFile('household.v3.json'), sha256Hex(surveyFile('household.v3.json')), JSON.stringify({ hotline_111: 'knows_111' })]);
      await seedMarkedHousehold(db);
      expect(await v3()).toEqual([row]);
    } finally {
      close();
    }
  });
});
