/**
 * Follow-up households and instrument versions over HTTP: a household's code links its visits across rounds,
 * a later round starts from its stable facts with ages moved on, and a v1 baseline and a v2 final compare.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rounds, submissions } from '../db/schema';
import { householdCode, prefillFrom, wholeYearsBetween } from '../src/domain/household';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const rng = seededRng(31);

/** Opens a round and assigns the demo evaluator to its commune, as an admin would. */
async function openRound(id: string, commune = '09649') {
  await t.db.update(rounds).set({ status: 'open' }).where(eq(rounds.id, id));
  const admin = await apiAs(t.app, people.admin);
  const res = await t.app.request(`/api/v1/rounds/${id}/assignments`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify([{ user: people.evaluatorLan, communes: [commune] }]),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  t = await freshApp({ now: new Date('2026-11-20T09:00:00.000Z') });
});

describe('household codes and prefill (pure)', () => {
  it('normalises hamlet and number into one stable code', () => {
    expect(householdCode('09649', { hamlet: ' Thôn  Đoài ', household_number: '042' })).toBe('09649|thôn đoài|042');
    expect(householdCode('09649', { hamlet: 'THÔN ĐOÀI', household_number: '042' })).toBe('09649|thôn đoài|042');
    // The same letters in decomposed Unicode are the same hamlet.
    expect(householdCode('09649', { hamlet: 'Thôn Đoài'.normalize('NFD'), household_number: '042' })).toBe('09649|thôn đoài|042');
    expect(householdCode('09649', { hamlet: 'Thôn Đoài' })).toBeNull();
    expect(householdCode('09649', { hamlet: '  ', household_number: '1' })).toBeNull();
  });

  it('counts whole years, never negative', () => {
    expect(wholeYearsBetween('2015-05-15', '2017-05-14')).toBe(1);
    expect(wholeYearsBetween('2015-05-15', '2017-05-15')).toBe(2);
    expect(wholeYearsBetween('2017-01-01', '2015-01-01')).toBe(0);
  });

  it('keeps stable facts, moves ages on and leaves out children who turned 18', () => {
    const prefill = prefillFrom(
      {
        hamlet: 'Thôn 3',
        household_number: '7',
        household_size: 5,
        respondent_age: 40,
        knows_111: 'no',
        children: [
          { age: 4, sex: 'female', in_school: false, birth_registered: true, csc_groups: ['4'] },
          { age: 16, sex: 'male', in_school: true, birth_registered: true },
        ],
      },
      '2015-05-15T08:00:00.000Z',
      '2017-12-31',
    );
    expect(prefill.answers).toEqual({
      hamlet: 'Thôn 3',
      household_number: '7',
      household_size: 5,
      children: [{ age: 6, sex: 'female', birth_registered: true, csc_groups: ['4'] }],
    });
    expect(prefill.prefilled).toEqual(['hamlet', 'household_number', 'household_size', 'children']);
    expect(prefill.agedOut).toBe(1);
  });
});

describe('GET /api/v1/rounds/{id}/households', () => {
  it('lists the households of earlier rounds with their prefill, and the new visit links by code', async () => {
    await openRound('hn-phu-chau-baseline');
    const lan = await apiAs(t.app, people.evaluatorLan);
    const baseline = { id: crypto.randomUUID(), round: 'hn-phu-chau-baseline', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5, hamlet: 'Thôn Đông', householdNumber: '12' }), startedAt: '2015-05-20T08:00:00.000Z' };
    expect((await lan.post('/api/v1/submissions', baseline)).status).toBe(201);
    const [stored] = await t.db.select().from(submissions).where(eq(submissions.id, baseline.id));
    expect(stored.householdCode).toBe('09649|thôn đông|12');

    const res = await lan.get('/api/v1/rounds/hn-phu-chau-midterm/households');
    expect(res.status).toBe(200);
    const { households } = await res.json();
    const found = households.find((h: { code: string }) => h.code === '09649|thôn đông|12');
    expect(found).toMatchObject({ commune: { code: '09649' }, hamlet: 'Thôn Đông', householdNumber: '12', from: { submission: baseline.id, round: 'baseline' } });
    // Collected May 2015; the midterm window ends December 2017 (before today): two whole years on.
    const ages = (baseline.answers.children as { age: number }[]).map((c) => c.age + 2).filter((a) => a <= 17);
    expect(found.prefill.answers.children.map((c: { age: number }) => c.age)).toEqual(ages);

    const midterm = { ...baseline, id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', answers: { ...householdAnswers(rng, { knows111Rate: 0.5 }), ...found.prefill.answers } };
    expect((await lan.post('/api/v1/submissions', midterm)).status).toBe(201);
    const [visit] = await t.db.select().from(submissions).where(eq(submissions.id, midterm.id));
    expect(visit.householdCode).toBe(stored.householdCode);
    // A baseline round has no earlier households.
    expect((await (await lan.get('/api/v1/rounds/hn-phu-chau-baseline/households')).json()).households).toEqual([]);
  });

  it('moves ages on to today while the round is collecting, and to its planned end once it is over', async () => {
    await openRound('hn-phu-chau-baseline');
    const lan = await apiAs(t.app, people.evaluatorLan);
    const children = [
      { age: 3, sex: 'female', birth_registered: true, has_disability: false },
      { age: 15, sex: 'male', in_school: true, birth_registered: true, has_disability: false },
      { age: 16, sex: 'female', in_school: false, birth_registered: false, has_disability: false },
    ];
    const answers = { ...householdAnswers(rng, { knows111Rate: 0.5, hamlet: 'Thôn Bắc', householdNumber: '5' }), children, household_size: 6 };
    // Collected in November 2015; the midterm collects from October to December 2017.
    const baseline = { id: crypto.randomUUID(), round: 'hn-phu-chau-baseline', commune: '09649', instrument: 'household', version: 1, answers, startedAt: '2015-11-15T08:00:00.000Z' };
    expect((await lan.post('/api/v1/submissions', baseline)).status).toBe(201);
    const prefillOn = async (now: string) => {
      t.setNow(new Date(now));
      const { households } = await (await lan.get('/api/v1/rounds/hn-phu-chau-midterm/households')).json();
      return households.find((h: { code: string }) => h.code === '09649|thôn bắc|5').prefill;
    };
    try {
      // 1 November 2017: one whole year since the visit; nobody has turned 18 yet.
      expect(await prefillOn('2017-11-01T09:00:00.000Z')).toMatchObject({ answers: { household_size: 6, children: [{ age: 4 }, { age: 16 }, { age: 17 }] }, agedOut: 0 });
      // Today (2026) is after the window: ages on its last day, 31 December 2017, two years on.
      const later = await prefillOn('2026-11-20T09:00:00.000Z');
      expect(later.answers.children).toEqual([
        { age: 5, sex: 'female', birth_registered: true, has_disability: false },
        { age: 17, sex: 'male', birth_registered: true, has_disability: false },
      ]);
      expect(later.agedOut).toBe(1);
    } finally {
      t.setNow(new Date('2026-11-20T09:00:00.000Z'));
    }
  });

  it('is only for those who may submit to the round', async () => {
    const wv = await apiAs(t.app, people.sponsorWorldVision);
    // Sponsors never collect: 403 (access.ts: submission.send is none for them); a round beyond an evaluator's reach: 404.
    expect((await wv.get('/api/v1/rounds/hn-phu-chau-midterm/households')).status).toBe(403);
    const lan = await apiAs(t.app, people.evaluatorLan);
    expect((await lan.get('/api/v1/rounds/hn-dai-dong-midterm/households')).status).toBe(404);
  });
});

describe('instrument versions', () => {
  // Mê Linh's rounds are used by this test alone, so the indicator values below are exactly its submissions.
  it('takes v2 and a v1 draft on a round pinned to v2, refuses v3, and compares v1 baseline with v2 final', async () => {
    await openRound('hn-me-linh-baseline', '09010');
    await openRound('hn-me-linh-final', '09010');
    const lan = await apiAs(t.app, people.evaluatorLan);
    const send = (round: string, version: number, answers: Record<string, unknown>) =>
      lan.post('/api/v1/submissions', { id: crypto.randomUUID(), round, commune: '09010', instrument: 'household', version, answers });
    const v1 = (knows: string) => ({ ...householdAnswers(rng, { knows111Rate: 1 }), knows_111: knows });
    const v2 = (knows: string) => {
      const { knows_111: _, ...rest } = householdAnswers(rng, { knows111Rate: 1 });
      return { ...rest, hotline_111: knows, ...(knows === 'yes' ? { called_111: false } : {}) };
    };

    // Baseline on v1: 1 of 4 caregivers knows 111.
    for (const knows of ['yes', 'no', 'no', 'unsure']) expect((await send('hn-me-linh-baseline', 1, v1(knows))).status).toBe(201);
    // A v2 file on the v1 baseline is newer than the version the round pins.
    expect((await (await send('hn-me-linh-baseline', 2, v2('yes'))).json()).code).toBe('unknown_instrument');

    // Final pinned to v2: v2 answers, and a draft started on v1 finishing on v1.
    expect((await send('hn-me-linh-final', 2, v2('yes'))).status).toBe(201);
    expect((await send('hn-me-linh-final', 2, v2('no'))).status).toBe(201);
    expect((await send('hn-me-linh-final', 1, v1('yes'))).status).toBe(201);
    // Each submission is validated against its own version: v2 answers sent as v1 miss knows_111.
    const wrong = await send('hn-me-linh-final', 1, v2('yes'));
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).errors).toContainEqual(expect.objectContaining({ question: 'knows_111' }));
    const v3 = await send('hn-me-linh-final', 3, v2('yes'));
    expect(v3.status).toBe(422);
    expect((await v3.json()).code).toBe('unknown_instrument');

    const ha = await apiAs(t.app, people.managerHa);
    const body = await (await ha.get('/api/v1/models/hn-me-linh/indicators')).json();
    const know111 = body.indicators.find((i: { id: string }) => i.id === 'caregivers-know-111');
    const byKind = (kind: string) => know111.rounds.find((r: { kind: string }) => r.kind === kind);
    expect(byKind('baseline')).toMatchObject({ n: 4, numerator: 1, denominator: 4, value: 25 });
    // hotline_111 (v2) counts as knows_111: 2 of 3 know 111, one answer from each version.
    expect(byKind('final')).toMatchObject({ n: 3, numerator: 2, denominator: 3 });
    expect(byKind('final').value).toBeCloseTo(66.67, 1);
    expect(know111.changes).toContainEqual(expect.objectContaining({ from: 'baseline', to: 'final' }));
  });
});
