/**
 * The statistics as the API and the model page carry them (docs/statistics.md): each round's design comes from
 * the kept sums (communes as clusters, households as clusters of children in one commune), census indicators
 * are counts with no interval or test, and a change's verdict and p come from one interval.
 */
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { totalsOf, valueOfTotals } from '../src/domain/aggregates';
import { designOfValue, didOf } from '../src/domain/estimates';
import { indicatorCatalogue, termOf, termsOf } from '../src/domain/indicators';
import { momentsOfGroups } from '../src/domain/statistics';
import { checklistAnswers, householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { didOfModel } from '../src/workflows/did';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
beforeAll(async () => {
  t = await freshApp();
});
afterAll(() => t.remove());

type RoundJson = { kind: string; numerator: number; denominator: number; ci: [number, number] | null; method: string | null; deff: number; df: number | null };
type IndicatorJson = { id: string; rounds: RoundJson[]; changes: { ci: [number, number]; pValue: number; verdict: string; df: number | null }[] };

async function send(round: string, commune: string, instrument: string, answers: Record<string, unknown>) {
  const admin = await apiAs(t.app, people.admin);
  const res = await admin.post('/api/v1/submissions', { id: crypto.randomUUID(), round, commune, instrument, version: 1, answers });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
}

async function indicator(model: string, id: string): Promise<IndicatorJson> {
  const admin = await apiAs(t.app, people.admin);
  const body = await (await admin.get(`/api/v1/models/${model}/indicators?indicator=${id}`)).json();
  return body.indicators[0];
}

const registered = indicatorCatalogue.find((d) => d.id === 'children-birth-registered')!;
const know111 = indicatorCatalogue.find((d) => d.id === 'caregivers-know-111')!;

describe('designs from the kept sums', () => {
  it('children in one commune: their households are the clusters (df = households − 1), as recomputed from the answers', async () => {
    const rng = seededRng(15);
    const sent: Record<string, unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      const answers = householdAnswers(rng, { knows111Rate: 0.5 });
      // Four households register none of their children: children of one household answer alike.
      const children = (answers.children as Record<string, unknown>[]).map((c) => ({ ...c, birth_registered: i >= 4 }));
      sent.push({ ...answers, children });
      await send('hn-phu-chau-midterm', '09649', 'household', sent[i]);
    }
    // The households as clusters, straight from the answers.
    const households = sent.map((answers) => {
      const terms = termsOf(registered, answers).map((term) => termOf(registered, term)).filter((x) => x !== null);
      const sum = terms.reduce((s, x) => s + x.numerator, 0);
      return { n: terms.reduce((s, x) => s + x.denominator, 0), sum, sumSquares: sum };
    }).filter((h) => h.n > 0);
    const all = households.reduce((s, h) => ({ n: s.n + h.n, sum: s.sum + h.sum, sumSquares: s.sumSquares + h.sum }), { n: 0, sum: 0, sumSquares: 0 });
    const expected = designOfValue(registered, momentsOfGroups([all]), momentsOfGroups(households));
    expect(expected.deff).toBeGreaterThan(1.5);
    const midterm = (await indicator('hn-phu-chau', registered.id)).rounds.find((r) => r.kind === 'midterm')!;
    expect(midterm).toMatchObject({ numerator: all.sum, denominator: all.n, deff: expected.deff, df: households.length - 1 });
  });

  it('households in several communes: the communes are the clusters, df = communes − 1', async () => {
    const rng = seededRng(16);
    const midterm = async () => (await indicator('yb-service-pilot', 'caregivers-know-111')).rounds.find((r) => r.kind === 'midterm')!;
    const before = (await midterm()).denominator;
    for (const commune of ['04771', '04732', '04663']) for (let i = 0; i < 8; i++) await send('yb-service-pilot-midterm', commune, 'household', householdAnswers(rng, { knows111Rate: 0.5 }));
    // Other tests of this file may have sent households to the fourth commune (04675) first.
    const admin = await apiAs(t.app, people.admin);
    const byCommune = (await (await admin.get('/api/v1/models/yb-service-pilot/indicators?indicator=caregivers-know-111&by=commune')).json()).indicators[0].breakdown.categories as { rounds: RoundJson[] }[];
    const communes = byCommune.filter((c) => (c.rounds.find((r) => r.kind === 'midterm')?.denominator ?? 0) > 0).length;
    expect(communes).toBeGreaterThanOrEqual(3);
    expect(await midterm()).toMatchObject({ denominator: before + 24, df: communes - 1 });
  });
});

describe('a census', () => {
  it('communes meeting the child-friendly criteria: a count with no interval, design or test, on the page as "2/3 xã"', async () => {
    const rng = seededRng(17);
    const communes = ['04771', '04732', '04663'];
    // The pilot's final round is seeded closed: opened here to receive the checklists.
    await t.db.update(s.rounds).set({ status: 'open' }).where(eq(s.rounds.id, 'yb-service-pilot-final'));
    for (const [i, commune] of communes.entries()) {
      await send('yb-service-pilot-midterm', commune, 'commune-checklist', { ...checklistAnswers(rng, { reportingYear: 2018, cscAssistedRate: 0.8 }), child_friendly_commune: false });
      await send('yb-service-pilot-final', commune, 'commune-checklist', { ...checklistAnswers(rng, { reportingYear: 2020, cscAssistedRate: 0.9 }), child_friendly_commune: i < 2 });
    }
    const friendly = await indicator('yb-service-pilot', 'child-friendly-communes');
    expect(friendly.rounds.find((r) => r.kind === 'final')).toMatchObject({ numerator: 2, denominator: 3, ci: null, method: 'census', deff: 1, df: null });
    expect(friendly.changes).toEqual([]);
    const page = await (await (await webAs(t.app, people.admin)).get('/models/yb-service-pilot')).text();
    const card = /<article class="indicator" data-indicator="child-friendly-communes">(.*?)<\/article>/s.exec(page)![1];
    expect(/<dd data-round="final">(.*?)<\/dd>/s.exec(card)![1]).toMatch(/2\/3 xã/);
    expect(card).not.toMatch(/data-ci|data-change/);
  });
});

describe('difference in differences from the kept sums', () => {
  it('adds treated and comparison communes up by group, each with its design, as didOf does with the same values', async () => {
    const rng = seededRng(18);
    await t.db.update(s.rounds).set({ status: 'open' }).where(eq(s.rounds.id, 'yb-service-pilot-final'));
    const places = await t.db.select({ id: s.places.id, code: s.places.code }).from(s.places).where(inArray(s.places.code, ['04771', '04732', '04663', '04675']));
    const id = (code: string) => places.find((p) => p.code === code)!.id;
    // Treated communes move from about 30% to 70% knowing 111, comparison ones stay near 30%.
    const rate = { '04771': [0.3, 0.7], '04732': [0.3, 0.7], '04663': [0.3, 0.35], '04675': [0.3, 0.35] } as const;
    for (const [code, [before, after]] of Object.entries(rate)) {
      for (let i = 0; i < 10; i++) {
        await send('yb-service-pilot-midterm', code, 'household', { ...householdAnswers(rng, { knows111Rate: 0.5 }), knows_111: rng() < before ? 'yes' : 'no' });
        await send('yb-service-pilot-final', code, 'household', { ...householdAnswers(rng, { knows111Rate: 0.5 }), knows_111: rng() < after ? 'yes' : 'no' });
      }
    }
    const communes = Object.keys(rate).map(id);
    const comparison = new Set([id('04663'), id('04675')]);
    const dids = await didOfModel(t.db, { before: 'yb-service-pilot-midterm', after: 'yb-service-pilot-final' }, communes, comparison, 'received');
    const did = dids.get('caregivers-know-111')!;
    // The same from the API's per-commune values: each group's communes added up, with their design.
    const admin = await apiAs(t.app, people.admin);
    const byCommune = (await (await admin.get('/api/v1/models/yb-service-pilot/indicators?indicator=caregivers-know-111&by=commune')).json()).indicators[0].breakdown.categories as { category: string; rounds: RoundJson[] }[];
    const group = (codes: string[], kind: string) => {
      const counts = codes.map((code) => byCommune.find((c) => c.category === code)!.rounds.find((r) => r.kind === kind)!);
      const commune = (r: RoundJson) => ({ numerator: r.numerator, denominator: r.denominator, n: r.denominator, sumSquares: r.numerator });
      const totals = totalsOf(counts.map(commune));
      return { value: valueOfTotals(know111, totals), estimate: designOfValue(know111, totals.moments) };
    };
    const expected = didOf(know111, {
      treatedBefore: group(['04771', '04732'], 'midterm'),
      treatedAfter: group(['04771', '04732'], 'final'),
      comparisonBefore: group(['04663', '04675'], 'midterm'),
      comparisonAfter: group(['04663', '04675'], 'final'),
    });
    expect(did).toEqual(expected);
    // Two communes a group: df 1. The interval and p agree.
    expect(did.df).toBe(1);
    expect(did.pValue < 0.05).toBe(did.verdict !== 'not-distinguishable');
    expect(dids.has('child-friendly-communes')).toBe(false);
  });
});
