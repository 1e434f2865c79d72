/**
 * Pages that show a few indicators work out only those (the programme overview's columns and chart, the
 * roll-up's) and read every model at once (shownModels): for each reader they must give exactly what the full
 * computation, one model at a time, gives for those indicators, suppression included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { type Actor, countedBasis } from '../src/domain/access';
import { seedDemoSubmissions } from '../src/seed/demo';
import { scopeOf } from '../src/queries/scope';
import { userByEmail } from '../src/queries/users';
import { roundsOfModels } from '../src/queries/rounds';
import { listModels } from '../src/queries/models';
import { bringAggregatesUpToDate } from '../src/workflows/aggregates';
import { keyIndicators, programmeOverview } from '../src/workflows/overview';
import { programmeRollUp } from '../src/workflows/rollup';
import { shownModel, shownModels, suppressionOf } from '../src/workflows/shown';
import { freshApp, people, testConfig } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const readers = { admin: people.admin, manager: people.managerHa, sponsor: people.sponsorWorldVision };
/** The overview's columns and a charted indicator of another shape (a mean), as the page asks. */
const shownIds = [...keyIndicators, 'parenting-sessions-mean'];

beforeAll(async () => {
  t = await freshApp();
  // Six households per commune: enough for some values, few enough that sponsors see some suppressed.
  await seedDemoSubmissions(t.db, new Date('2026-11-20T00:00:00Z'), 6);
  await bringAggregatesUpToDate(t.db);
  // The sponsor reaches the Hanoi programme too: several models in one read.
  const sponsor = (await userByEmail(t.db, people.sponsorWorldVision))!;
  await t.db.insert(s.userProgrammes).values({ userId: sponsor.id, programmeId: 'hanoi-2015-2020' });
});

async function as(email: string) {
  const user = (await userByEmail(t.db, email))!;
  const actor: Actor = { id: user.id, role: user.role, name: user.name, email: user.email };
  return { db: t.db, actor, scope: await scopeOf(t.db, actor), threshold: testConfig.suppressionThreshold, basis: countedBasis(actor, undefined), today: '2026-11-20' };
}

const only = <T>(cells: Record<string, T>) => Object.fromEntries(shownIds.map((id) => [id, cells[id]]));

describe.each(Object.entries(readers))('as the %s', (reader, email) => {
  it('the overview of the shown indicators equals the full overview’s cells of them', async () => {
    const ctx = await as(email);
    for (const round of ['latest', 'baseline', 'midterm'] as const) {
      const full = await programmeOverview(ctx, { round });
      const shown = await programmeOverview(ctx, { round }, shownIds);
      expect(shown.length).toBeGreaterThan(1);
      expect(shown.map((r) => ({ model: r.model, cells: r.cells }))).toEqual(full.map((r) => ({ model: r.model, cells: only(r.cells) })));
    }
    if (reader === 'sponsor') {
      const cells = (await programmeOverview(ctx, { round: 'latest' }, shownIds)).flatMap((r) => Object.values(r.cells).map((c) => c.cell));
      expect(cells.some((c) => c?.suppressed)).toBe(true);
      expect(cells.some((c) => c && !c.suppressed && c.value.n > 0)).toBe(true);
    }
  });

  it('the roll-up of the shown indicators equals the full roll-up’s cells of them', async () => {
    const ctx = await as(email);
    for (const level of ['district', 'province'] as const) {
      const filter = { level, boundaries: 'round' as const, round: 'baseline' as const };
      const full = await programmeRollUp(ctx, filter);
      const shown = await programmeRollUp(ctx, filter, shownIds);
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.map((r) => ({ ...r, cells: Object.fromEntries(r.cells) }))).toEqual(full.map((r) => ({ ...r, cells: only(Object.fromEntries(r.cells)) })));
    }
  });

  it('every model read at once equals each model read alone, breakdown by commune included', async () => {
    const ctx = await as(email);
    const models = await listModels(t.db, ctx.scope);
    const rounds = await roundsOfModels(t.db, models.map((m) => m.id));
    const entries = models.map((model) => ({ model, rounds: rounds.filter((r) => r.modelId === model.id) }));
    const suppression = suppressionOf(ctx.actor, ctx.threshold);
    const together = await shownModels(t.db, entries, suppression, ['commune'], ctx.basis);
    const alone = await Promise.all(entries.map((e) => shownModel(t.db, e.model, e.rounds, suppression, ['commune'], ctx.basis)));
    expect(together).toEqual(alone);
    const communes = (m: (typeof together)[number]) => m.breakdowns.commune!.get('caregivers-know-111')!.map((c) => c.category);
    expect(communes(together[0]).length).toBeGreaterThan(0);
  });
});
