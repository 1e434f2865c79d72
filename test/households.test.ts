/**
 * Follow-up households and instrument versions over HTTP: a household's code links its visits across rounds,
 * a later round starts from its stable facts with ages moved on, and a v1 baseline and a v2 final compare.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { roundAssignments, rounds, submissions, users } from '../db/schema';
import { householdCode, prefillFrom, wholeYearsBetween } from '../src/domain/household';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const rng = seededRng(31);

/** Opens a round and assigns the demo evaluator to it, as an admin would. */
async function openRound(id: string) {
  await t.db.update(rounds).set({ status: 'open' }).where(eq(rounds.id, id));
  const [lan] = await t.db.select().from(users).where(eq(users.email, people.evaluatorLan));
  await t.db.insert(roundAssignments).values({ userId: lan.id, roundId: id }).onConflictDoNothing();
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

  it('is only for those who may submit to the round', async () => {
    const wv = await apiAs(t.app, people.sponsorWorldVision);
    expect((await wv.get('/api/v1/rounds/hn-phu-chau-midterm/households')).status).toBe(404);
    const lan = await apiAs(t.app, people.evaluatorLan);
    expect((await lan.get('/api/v1/rounds/hn-dai-dong-midterm/households')).status).toBe(404);
  });
});

describe('instrument versions', () => {
  it('takes v2 and a v1 draft on a round pinned to v2, refuses v3, and compares v1 baseline with v2 final', async () => {
    await openRound('hn-phu-chau-final');
    const lan = await apiAs(t.app, people.evaluatorLan);
    const v1 = householdAnswers(rng, { knows111Rate: 1 });
    const { knows_111, ...rest } = householdAnswers(rng, { knows111Rate: 1 });
    const v2 = { ...rest, hotline_111: knows_111, ...(knows_111 === 'yes' ? { called_111: false } : {}) };
    const send = (version: number, answers: Record<string, unknown>) =>
      lan.post('/api/v1/submissions', { id: crypto.randomUUID(), round: 'hn-phu-chau-final', commune: '09649', instrument: 'household', version, answers });

    expect((await send(2, v2)).status).toBe(201);
    // A v2 answer set sent as v1 fails v1's own validation (knows_111 is required there).
    const wrong = await send(1, v2);
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).errors).toContainEqual(expect.objectContaining({ question: 'knows_111' }));
    expect((await send(1, v1)).status).toBe(201);
    const v3 = await send(3, v2);
    expect(v3.status).toBe(422);
    expect((await v3.json()).code).toBe('unknown_instrument');

    const ha = await apiAs(t.app, people.managerHa);
    const body = await (await ha.get('/api/v1/models/hn-phu-chau/indicators')).json();
    const know111 = body.indicators.find((i: { id: string }) => i.id === 'caregivers-know-111');
    const final = know111.rounds.find((r: { kind: string }) => r.kind === 'final');
    // Both the v2 answer (hotline_111) and the v1 answer (knows_111) count: 2 caregivers, both know 111.
    expect(final).toMatchObject({ n: 2, numerator: 2, denominator: 2, value: 100 });
    const baseline = know111.rounds.find((r: { kind: string }) => r.kind === 'baseline');
    expect(baseline.n).toBeGreaterThan(0);
  });
});
