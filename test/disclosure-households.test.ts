/**
 * Child-level cells count households as well as children (issue 11: "5 children of one household pass it"),
 * over HTTP against kept sums rebuilt at start: one household of 10 children, 5 of them with a registered
 * birth, all in CSC group 11 and alone in its commune, is suppressed for the sponsor in both breakdowns
 * (10 children, 5 on each side: enough children, one respondent) while the admin sees 5 of 10; the model's
 * value over 7 households is shown.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { getMeta, setMeta } from '../src/queries/meta';
import { insertSubmission } from '../src/queries/submissions';
import { bringAggregatesUpToDate } from '../src/workflows/aggregates';
import { apiAs, freshApp, people } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const model = 'yb-service-pilot';
const round = `${model}-baseline`;
const indicator = 'children-birth-registered';
/** The communes (codes read from the seeded places): six households in one, the household of 10 alone in another. */
let crowdedCommune: string;
let lonelyCommune: string;

const child = (i: number, registered: boolean, csc: number[] = []) => ({
  age: 6 + i,
  sex: i % 2 === 0 ? 'female' : 'male',
  in_school: true,
  birth_registered: registered,
  has_disability: false,
  ...(csc.length ? { csc_groups: csc } : {}),
});

beforeAll(async () => {
  t = await freshApp();
  const places = await t.db
    .select({ id: s.places.id, code: s.places.code })
    .from(s.modelPlaces)
    .innerJoin(s.places, eq(s.places.id, s.modelPlaces.placeId))
    .where(eq(s.modelPlaces.modelId, model))
    .orderBy(s.places.code);
  const [crowded, lonely] = places;
  crowdedCommune = crowded.code;
  lonelyCommune = lonely.code;
  const [evaluator] = await t.db.select({ id: s.users.id }).from(s.users).where(eq(s.users.email, people.evaluatorLan));
  const rng = seededRng(11);
  const households = [
    // Six households of two children, one registered and one not.
    ...Array.from({ length: 6 }, (_, k) => ({ commune: crowded.id, children: [child(k, true), child(k + 1, false)] })),
    // One household of ten, five registered, every one in CSC group 11.
    { commune: lonely.id, children: Array.from({ length: 10 }, (_, i) => child(i, i < 5, [11])) },
  ];
  for (const [k, h] of households.entries()) {
    const answers = { ...householdAnswers(rng, { knows111Rate: 0.5, householdNumber: String(k + 1) }), children: h.children, household_size: h.children.length + 2 };
    // Stored uncounted, as rows from before the households were kept: the start-up step counts them. Approved,
    // as sponsors count approved submissions only.
    const stored = await insertSubmission(t.db, {
      id: `households-${k}`,
      roundId: round,
      communeId: h.commune,
      instrumentSlug: 'household',
      instrumentVersion: 1,
      evaluatorId: evaluator.id,
      answers: JSON.stringify(answers),
      contentHash: `households-${k}`,
      receivedAt: `2019-03-0${k + 1}T08:00:00.000Z`,
      reviewState: 'approved',
    });
    expect(stored).not.toBeNull();
  }
  // A database counted under the definitions before households were kept: its signature differs, so the
  // start-up step rebuilds every kept sum.
  await setMeta(t.db, 'indicator_catalogue', 'before-households');
  expect(await bringAggregatesUpToDate(t.db)).toBe(households.length);
  expect(await getMeta(t.db, 'indicator_catalogue')).not.toBe('before-households');
});
afterAll(() => t.close());

type RoundJson = { kind: string; suppressed: boolean; numerator?: number; denominator?: number; n?: number };
type IndicatorJson = { id: string; rounds: RoundJson[]; breakdown?: { categories: { category: string; rounds: RoundJson[] }[] } | null };

async function birthRegistration(email: string, by: string) {
  const api = await apiAs(t.app, email);
  const res = await api.get(`/api/v1/models/${model}/indicators?indicator=${indicator}&by=${by}`);
  expect(res.status).toBe(200);
  const [shown] = ((await res.json()) as { indicators: IndicatorJson[] }).indicators;
  const baseline = (rounds: RoundJson[]) => rounds.find((r) => r.kind === 'baseline')!;
  return {
    total: baseline(shown.rounds),
    category: (category: string) => baseline(shown.breakdown!.categories.find((c) => c.category === category)!.rounds),
  };
}

describe('a child-level cell from one household', () => {
  it('is suppressed for the sponsor in a CSC group, though it has 10 children and 5 on each side; the admin sees it', async () => {
    const admin = await birthRegistration(people.admin, 'cscGroup');
    expect(admin.category('11')).toMatchObject({ suppressed: false, numerator: 5, denominator: 10, n: 10 });
    const sponsor = await birthRegistration(people.sponsorWorldVision, 'cscGroup');
    expect(sponsor.category('11')).toEqual({ round, kind: 'baseline', suppressed: true });
    // The model's value rests on 7 households, 7 on each side: shown.
    expect(sponsor.total).toMatchObject({ suppressed: false, numerator: 11, denominator: 22 });
  });

  it('is suppressed for the sponsor as a commune, with the other commune (total − one = the other); the admin sees both', async () => {
    const admin = await birthRegistration(people.admin, 'commune');
    expect(admin.category(lonelyCommune)).toMatchObject({ suppressed: false, numerator: 5, denominator: 10 });
    expect(admin.category(crowdedCommune)).toMatchObject({ suppressed: false, numerator: 6, denominator: 12 });
    const sponsor = await birthRegistration(people.sponsorWorldVision, 'commune');
    expect(sponsor.category(lonelyCommune)).toEqual({ round, kind: 'baseline', suppressed: true });
    expect(sponsor.category(crowdedCommune)).toEqual({ round, kind: 'baseline', suppressed: true });
    expect(sponsor.total).toMatchObject({ suppressed: false, numerator: 11, denominator: 22 });
  });

  it('keeps the households behind each cell next to its children', async () => {
    // Approved rows are kept in both bases (received and approved, domain/review.ts), alike: read the sponsors'.
    const all = await t.db.select().from(s.indicatorAggregates).where(eq(s.indicatorAggregates.indicatorId, `households:${indicator}`));
    const kept = all.filter((r) => r.basis === 'approved');
    expect(all.filter((r) => r.basis === 'received').map(({ basis, ...rest }) => rest)).toEqual(kept.map(({ basis, ...rest }) => rest));
    const group11 = kept.filter((r) => r.dimension === 'cscGroup' && r.category === '11');
    expect(group11.map((r) => ({ households: r.n, numerator: r.numerator, remainder: r.sumSquares }))).toEqual([{ households: 1, numerator: 1, remainder: 1 }]);
    const overall = kept.filter((r) => r.dimension === 'all').reduce((sum, r) => sum + r.n, 0);
    expect(overall).toBe(7);
  });
});
