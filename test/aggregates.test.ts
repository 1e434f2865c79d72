/**
 * The kept indicator sums must equal a from-scratch recompute from the stored answers, whatever mix of
 * inserts, retries, revisions, review moves, deletions and rows counted late by the batch step brought them
 * there, in each basis (domain/review.ts: `received` counts received and approved submissions, `approved` the
 * approved ones only).
 * The recompute goes through the plain engine (computeIndicator, disaggregate), not through the code that
 * keeps the sums.
 */
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { keptIndicators } from '../src/domain/aggregates';
import { childDimensions, disaggregate } from '../src/domain/disaggregation';
import { canonicalAnswers, computeIndicator, indicatorCatalogue } from '../src/domain/indicators';
import { checklistAnswers, householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { findInstrument } from './support/instruments';
import { insertSubmission, submissionById } from '../src/queries/submissions';
import { catchUpAggregates, countStatements, deleteSubmissions, reviseSubmission } from '../src/workflows/aggregates';
import { applyReview } from '../src/workflows/review';
import { type Basis, bases, type ReviewState, statesCountedIn } from '../src/domain/review';
import { movesFrom } from '../src/domain/review-check';
import { everything } from '../src/domain/access';
import { apiAs, freshApp, people } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
beforeAll(async () => {
  t = await freshApp();
});
afterAll(() => t.close());

/** `remainder` only for the households behind child-level cells: their sum_squares. */
type Cell = { numerator: number; denominator: number; n: number; remainder?: number };

/** The kept sums as stored, rows with n 0 (everything taken out again) left out. */
async function keptCells(): Promise<Map<string, Cell>> {
  const rows = await t.db.select().from(s.indicatorAggregates);
  for (const r of rows) expect(r.n, `negative count in ${JSON.stringify(r)}`).toBeGreaterThanOrEqual(0);
  return new Map(
    rows
      .filter((r) => r.n > 0)
      .map((r) => [
        `${r.basis}|${r.roundId}|${r.communeId}|${r.indicatorId}|${r.dimension}|${r.category}`,
        { numerator: r.numerator, denominator: r.denominator, n: r.n, ...(r.indicatorId.startsWith('households:') ? { remainder: r.sumSquares } : {}) },
      ]),
  );
}

/** The same cells computed with the plain engine from the stored submissions each basis counts (by their state). */
async function recomputedCells(): Promise<Map<string, Cell>> {
  const rows = await t.db.select().from(s.submissions);
  const groups = new Map<string, { basis: Basis; roundId: string; communeId: number; slug: string; answers: Record<string, unknown>[] }>();
  for (const basis of bases) for (const r of rows.filter((row) => statesCountedIn(basis).includes(row.reviewState))) {
    const key = `${basis}|${r.roundId}|${r.communeId}|${r.instrumentSlug}`;
    const group = groups.get(key) ?? { basis, roundId: r.roundId, communeId: r.communeId, slug: r.instrumentSlug, answers: [] };
    group.answers.push(canonicalAnswers(JSON.parse(r.answers), findInstrument(r.instrumentSlug, r.instrumentVersion)!.renamed ?? {}));
    groups.set(key, group);
  }
  const cells = new Map<string, Cell>();
  const put = (key: string, v: Cell) => v.n > 0 && cells.set(key, { numerator: v.numerator, denominator: v.denominator, n: v.n });
  for (const g of groups.values()) {
    put(`${g.basis}|${g.roundId}|${g.communeId}|received|all|${g.slug}`, { numerator: g.answers.length, denominator: g.answers.length, n: g.answers.length });
    for (const def of keptIndicators(indicatorCatalogue).filter((d) => d.instrument === g.slug)) {
      put(`${g.basis}|${g.roundId}|${g.communeId}|${def.id}|all|`, computeIndicator(def, g.answers));
      for (const dimension of def.unitOfAnalysis === 'child' ? childDimensions : []) {
        const tagged = g.answers.map((answers) => ({ answers, commune: '', modelType: '' }));
        for (const [category, v] of disaggregate(def, tagged, dimension)) put(`${g.basis}|${g.roundId}|${g.communeId}|${def.id}|${dimension}|${category}`, v);
      }
      if (def.unitOfAnalysis !== 'child') continue;
      // The households behind each child-level cell: one per submission with a counted child in it, on the
      // numerator's side (numerator) and on the remainder's (kept as sum_squares, see householdsPart).
      const households = new Map<string, Cell & { remainder: number }>();
      const clusters = new Map<string, Cell>();
      const count = (dimension: string, category: string, v: { numerator: number; denominator: number; n: number }) => {
        if (v.n === 0) return;
        const key = `${g.basis}|${g.roundId}|${g.communeId}|households:${def.id}|${dimension}|${category}`;
        const h = households.get(key) ?? { numerator: 0, denominator: 0, n: 0, remainder: 0 };
        households.set(key, { numerator: h.numerator + (v.numerator > 0 ? 1 : 0), denominator: h.denominator + 1, n: h.n + 1, remainder: h.remainder + (v.denominator > v.numerator ? 1 : 0) });
        // The household as a cluster (clustersPart): its numerator and denominator squared.
        const clusterKey = `${g.basis}|${g.roundId}|${g.communeId}|clusters:${def.id}|${dimension}|${category}`;
        const c = clusters.get(clusterKey) ?? { numerator: 0, denominator: 0, n: 0 };
        clusters.set(clusterKey, { numerator: c.numerator + v.numerator ** 2, denominator: c.denominator + v.denominator ** 2, n: c.n + 1 });
      };
      for (const answers of g.answers) {
        count('all', '', computeIndicator(def, [answers]));
        for (const dimension of childDimensions) for (const [category, v] of disaggregate(def, [{ answers, commune: '', modelType: '' }], dimension)) count(dimension, category, v);
      }
      for (const [key, h] of households) cells.set(key, h);
      for (const [key, c] of clusters) cells.set(key, c);
    }
  }
  return cells;
}

describe('kept indicator sums', () => {
  it('equal a from-scratch recompute in each basis after a random mix of inserts, retries, revisions, review moves, deletions and late counting', async () => {
    const rng = seededRng(2026);
    const rounds = ['hn-phu-chau-baseline', 'hn-phu-chau-final', 'hn-hoa-lam-midterm', 'yb-service-pilot-baseline'];
    const communesOf = new Map<string, number[]>();
    for (const id of rounds) {
      const [round] = await t.db.select().from(s.rounds).where(eq(s.rounds.id, id));
      const places = await t.db.select({ id: s.modelPlaces.placeId }).from(s.modelPlaces).where(eq(s.modelPlaces.modelId, round.modelId));
      communesOf.set(id, places.map((p) => p.id));
    }
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
    const [evaluator] = await t.db.select({ id: s.users.id }).from(s.users).limit(1);
    const answersFor = (slug: string, version: number) => {
      if (slug === 'commune-checklist') return checklistAnswers(rng, { reportingYear: 2017, cscAssistedRate: rng() });
      const answers = householdAnswers(rng, { knows111Rate: rng() });
      if (version === 1) return answers;
      const { knows_111, ...rest } = answers;
      return { ...rest, hotline_111: knows_111, called_111: rng() < 0.1 };
    };
    const reviewer = { db: t.db, actor: { id: evaluator.id, role: 'admin' as const, name: 'Reviewer', email: 'reviewer@example.org' }, scope: everything, locale: 'en' as const, now: new Date('2026-11-20T09:00:00Z') };
    const reviewed: Record<ReviewState, number> = { received: 0, approved: 0, has_issues: 0, rejected: 0, removed: 0 };
    const stored: string[] = [];
    let uncounted = 0;
    let counter = 0;
    for (let op = 0; op < 400; op++) {
      const dice = rng();
      if (dice < 0.45 || stored.length < 5) {
        const roundId = pick(rounds);
        const slug = rng() < 0.85 ? 'household' : 'commune-checklist';
        const version = slug === 'household' && rng() < 0.5 ? 2 : 1;
        const row = {
          id: `agg-${counter++}`,
          roundId,
          communeId: pick(communesOf.get(roundId)!),
          instrumentSlug: slug,
          instrumentVersion: version,
          evaluatorId: evaluator.id,
          answers: JSON.stringify(answersFor(slug, version)),
          contentHash: `hash-${counter}`,
          receivedAt: new Date(Date.UTC(2017, 0, 1) + counter * 86_400_000).toISOString(),
        };
        const late = rng() < 0.1;
        const counting = late ? [] : countStatements(t.db, row, { id: row.id, revision: 0, contentHash: row.contentHash }, findInstrument(slug, version)!.renamed);
        expect(await insertSubmission(t.db, row, counting)).not.toBeNull();
        if (late) uncounted++;
        // A retry of the same request: the row is there, so the counting statements must do nothing.
        if (!late && rng() < 0.3) await t.db.batch([t.db.select().from(s.submissions).limit(1), ...countStatements(t.db, row, { id: row.id, revision: 0, contentHash: row.contentHash }, findInstrument(slug, version)!.renamed)]);
        stored.push(row.id);
      } else if (dice < 0.6) {
        const row = (await submissionById(t.db, pick(stored)))!;
        expect(await reviseSubmission(t.db, row, answersFor(row.instrumentSlug, row.instrumentVersion), `revised-${op}`)).toBe(true);
        // A revision based on a stale read changes nothing.
        expect(await reviseSubmission(t.db, row, answersFor(row.instrumentSlug, row.instrumentVersion), `stale-${op}`)).toBe(false);
      } else if (dice < 0.88) {
        // A review move the rules allow from the row's state (none from removed), sometimes on a late row.
        const row = (await submissionById(t.db, pick(stored)))!;
        const moves = movesFrom(row.reviewState);
        if (moves.length === 0) continue;
        const to = pick(moves);
        await applyReview(reviewer, row, { to, comment: 'aggregates test' });
        reviewed[to]++;
        // A review based on a stale read changes nothing.
        if (rng() < 0.3) await expect(applyReview(reviewer, row, { to: pick(moves), comment: 'stale' })).rejects.toMatchObject({ code: 'review_stale' });
      } else {
        const id = stored.splice(Math.floor(rng() * stored.length), 1)[0];
        expect(await deleteSubmissions(t.db, [id])).toBe(1);
      }
    }
    expect(uncounted).toBeGreaterThan(3);
    for (const state of ['approved', 'has_issues', 'rejected', 'received', 'removed'] as const) expect(reviewed[state], `${state} moves`).toBeGreaterThan(3);
    await catchUpAggregates(t.db);
    const kept = await keptCells();
    const recomputed = await recomputedCells();
    expect(kept.size).toBeGreaterThan(100);
    for (const basis of bases) expect([...kept.keys()].filter((k) => k.startsWith(`${basis}|`)).length, basis).toBeGreaterThan(50);
    // The households behind child-level cells are kept too, for every child dimension.
    for (const dimension of ['all', ...childDimensions]) expect([...kept.keys()].some((k) => k.includes('|households:children-birth-registered|') && k.includes(`|${dimension}|`))).toBe(true);
    for (const dimension of ['all', ...childDimensions]) expect([...kept.keys()].some((k) => k.includes('|clusters:children-birth-registered|') && k.includes(`|${dimension}|`))).toBe(true);
    expect(Object.fromEntries(kept)).toEqual(Object.fromEntries(recomputed));
  });

  it('count a submission sent twice over the API once', async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    const round = 'hn-phu-chau-midterm';
    const body = { id: '0d7c7a5e-58a4-4b8e-9a4f-3c2a1b0e9d11', round, commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(seededRng(7), { knows111Rate: 1 }) };
    expect((await lan.post('/api/v1/submissions', body)).status).toBe(201);
    expect((await lan.post('/api/v1/submissions', body)).status).toBe(200);
    const rows = await t.db.select().from(s.indicatorAggregates).where(inArray(s.indicatorAggregates.roundId, [round]));
    const know = rows.find((r) => r.indicatorId === 'caregivers-know-111' && r.dimension === 'all');
    expect(know).toMatchObject({ numerator: 1, denominator: 1, n: 1 });
    expect((await submissionById(t.db, body.id))!.revision).toBe(1);
  });
});
