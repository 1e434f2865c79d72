/**
 * Pages read what was worked out from a round's kept sums and kept for the next reader — the round's totals
 * (round_totals) and, for sponsors, the cells disclosure control hides (suppressed_cells) — while the round's
 * sums have not changed since (kept_versions). After every kind of write (ingest, approval, correction, removal,
 * deletion, an import, registered figures, comparison communes, a recount) what they show must be what the full
 * computation from the kept sums gives with nothing kept, secondary suppression included, in both bases.
 */
import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { isSensitive } from '../src/domain/disclosure';
import { indicatorCatalogue } from '../src/domain/indicators';
import { type Basis, bases, basesOf, type ReviewState, reviewStates } from '../src/domain/review';
import { checklistAnswers, householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { seedDemoSubmissions } from '../src/seed/demo';
import { atomically } from '../src/db';
import { enterFigures, resetAggregates } from '../src/queries/aggregates';
import { listModels } from '../src/queries/models';
import { roundsOfModels } from '../src/queries/rounds';
import { everything } from '../src/domain/access';
import { bringAggregatesUpToDate, catchUpAggregates, deleteSubmissions } from '../src/workflows/aggregates';
import { breakdownOfModel, type BreakdownBy } from '../src/workflows/breakdown';
import { disclosureCell, type ShownModel, shownModels } from '../src/workflows/shown';
import { apiAs, freshApp, people } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
type Api = Awaited<ReturnType<typeof apiAs>>;
let admin: Api;
const rng = seededRng(15);
const model = 'yb-service-pilot';
const midterm = 'yb-service-pilot-midterm';
const threshold = 5;

beforeAll(async () => {
  t = await freshApp();
  // The demo's 24 households per commune: sponsors see some cells hidden, some of them by the secondary rule.
  await seedDemoSubmissions(t.db, new Date('2026-11-20T00:00:00Z'));
  await bringAggregatesUpToDate(t.db);
  admin = await apiAs(t.app, people.admin);
});

async function entries() {
  const models = await listModels(t.db, everything);
  const rounds = await roundsOfModels(t.db, models.map((m) => m.id));
  return models.map((m) => ({ model: m, rounds: rounds.filter((r) => r.modelId === m.id) }));
}

/** A model as compared: its series and the breakdowns asked for, the hidden cells per round. */
const plain = (m: ShownModel) => ({ series: m.series, breakdowns: Object.fromEntries(Object.entries(m.breakdowns).map(([by, x]) => [by, Object.fromEntries(x)])), hidden: m.hidden });

/**
 * What readers see of every model: suppressed in each basis (sponsors read approved; received tells the bases
 * apart), with no breakdown (overview, summary) and by commune (the model page's), and every value unsuppressed.
 */
async function pages() {
  const all = await entries();
  const read = async (suppressed: boolean, wanted: BreakdownBy[], basis: Basis) => (await shownModels(t.db, all, suppressed ? { threshold } : null, wanted, basis)).map(plain);
  return {
    approved: await read(true, [], 'approved'),
    approvedByCommune: await read(true, ['commune'], 'approved'),
    received: await read(true, [], 'received'),
    unsuppressed: await read(false, [], 'received'),
  };
}

/** The same, worked out from the kept sums alone: nothing kept from earlier reads. */
async function recomputed() {
  await atomically(t.db, [t.db.delete(s.suppressedCells), t.db.delete(s.roundTotals)]);
  return pages();
}

/** Pages read with what earlier reads kept: equal to the full computation, and each kept row read. */
async function expectKeptAsRecomputed() {
  const kept = await pages();
  expect((await t.db.select().from(s.suppressedCells)).length).toBeGreaterThan(0);
  expect(kept).toEqual(await recomputed());
  return kept;
}

/** Read once so that everything is kept, then `write`, then compare; returns before and after. */
async function afterWrite(write: () => Promise<void>) {
  const before = await pages();
  await write();
  const after = await expectKeptAsRecomputed();
  return { before, after };
}

async function send(commune: string, round = midterm) {
  const id = crypto.randomUUID();
  const res = await admin.post('/api/v1/submissions', { id, round, commune, instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) });
  expect(res.status).toBe(201);
  return id;
}

const review = async (id: string, status: string, comment?: string) => expect((await admin.post(`/api/v1/submissions/${id}/reviews`, { status, comment })).status).toBe(201);

const placeId = async (code: string) => (await t.db.select({ id: s.places.id }).from(s.places).where(and(eq(s.places.code, code), eq(s.places.level, 'commune'))))[0].id;

const householdsIn = async (code: string, round = midterm) =>
  t.db
    .select()
    .from(s.submissions)
    .where(and(eq(s.submissions.roundId, round), eq(s.submissions.communeId, await placeId(code)), eq(s.submissions.instrumentSlug, 'household'), eq(s.submissions.reviewState, 'approved')));

describe('pages read what was kept as the full computation gives it', () => {
  it('hides what the full computation hides for sponsors, secondary suppression included, and reads it back from what was kept', async () => {
    const first = await pages();
    expect((await t.db.select().from(s.roundTotals)).length).toBeGreaterThan(0);
    expect(await pages()).toEqual(first);
    expect(first).toEqual(await recomputed());
    // Some cells are hidden though not sensitive themselves (the secondary rule), some shown: worked out and kept.
    const all = await entries();
    const kept = await t.db.select().from(s.suppressedCells).where(eq(s.suppressedCells.basis, 'approved'));
    let secondary = 0;
    let shown = 0;
    for (const { model: m, rounds } of all) {
      for (const by of ['commune', 'sex', 'ageBand', 'cscGroup'] as const) {
        for (const [id, categories] of await breakdownOfModel(t.db, m, rounds, by, 'approved')) {
          const def = indicatorCatalogue.find((d) => d.id === id)!;
          for (const [r, round] of rounds.entries()) {
            const hidden = JSON.parse(kept.find((k) => k.roundId === round.id && k.indicatorId === id)!.hidden) as string[];
            for (const c of categories) {
              const v = c.series.values[r];
              if (v.value.n === 0) continue;
              if (!hidden.includes(`${by}:${c.category}`)) shown++;
              else if (!isSensitive(disclosureCell(def, c.category, v.value, true, v.households), threshold)) secondary++;
            }
          }
        }
      }
    }
    expect(secondary).toBeGreaterThan(0);
    expect(shown).toBeGreaterThan(0);
  });

  it('after an ingest: received sums change, sponsors’ approved ones do not', async () => {
    const { before, after } = await afterWrite(async () => {
      for (let i = 0; i < 6; i++) await send('04771');
    });
    expect(after.received).not.toEqual(before.received);
    expect(after.approved).toEqual(before.approved);
  });

  it('after an import of households and a commune checklist (stored a slice at a time)', async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    const at = { round: 'hn-phu-chau-midterm', commune: '09649', startedAt: '2026-11-19T08:00:00.000Z', evaluator: people.evaluatorLan };
    const households = Array.from({ length: 6 }, () => ({ ...at, id: crypto.randomUUID(), instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) }));
    const checklist = { ...at, id: crypto.randomUUID(), instrument: 'commune-checklist', version: 1, answers: checklistAnswers(rng, { reportingYear: 2019, cscAssistedRate: 0.5 }) };
    const { before, after } = await afterWrite(async () => {
      const res = await lan.post('/api/v1/imports', { format: 'moc-backup', formatVersion: 1, exportedAt: '2026-11-19T09:00:00.000Z', exportedBy: people.evaluatorLan, submissions: [...households, checklist] });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ stored: 7, refused: 0 });
    });
    expect(after.received).not.toEqual(before.received);
    // The checklist's figures count in both bases: sponsors' ratio moves too.
    expect(after.approved).not.toEqual(before.approved);
  });

  it('after an approval and a correction: sponsors’ figures move', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 6; i++) sent.push(await send('04663'));
    const approval = await afterWrite(async () => {
      for (const id of sent) await review(id, 'approved');
    });
    expect(approval.after.approved).not.toEqual(approval.before.approved);
    const [row] = await householdsIn('04732');
    const answers = JSON.parse(row.answers) as Record<string, unknown>;
    const correction = await afterWrite(async () => {
      const res = await t.app.request(`/api/v1/submissions/${row.id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ answers: { ...answers, knows_111: answers.knows_111 === 'yes' ? 'no' : 'yes' }, reason: 'Ghi nhầm', baseRevision: row.contentRevision }),
      });
      expect(res.status).toBe(200);
    });
    expect(correction.after.unsuppressed).not.toEqual(correction.before.unsuppressed);
  });

  it('after removals that leave a commune too few households, and a deletion: the commune is hidden at once', async () => {
    const households = await householdsIn('04732');
    expect(households.length).toBe(24);
    const pilot = (await entries()).findIndex((e) => e.model.id === model);
    const { before, after } = await afterWrite(async () => {
      for (const row of households.slice(0, 21)) await review(row.id, 'removed', 'Trùng hộ');
    });
    expect(after.approved[pilot].hidden).not.toEqual(before.approved[pilot].hidden);
    // Three households left in 04732: its value is hidden from sponsors now.
    const commune = String(await placeId('04732'));
    expect(after.approved[pilot].hidden.get('caregivers-know-111')!.get(midterm)!.communes.get(commune)).toBe(true);
    const deletion = await afterWrite(async () => {
      await deleteSubmissions(t.db, [households[21].id]);
    });
    expect(deletion.after.unsuppressed).not.toEqual(deletion.before.unsuppressed);
  });

  it('after registered figures are entered, and comparison communes are marked', async () => {
    const figures = await afterWrite(async () => {
      const at = { roundId: midterm, communeId: await placeId('04771'), source: 'manual', asOf: '2026-11-19', enteredBy: null, submissionId: null, updatedAt: '2026-11-19T00:00:00Z' };
      await atomically(t.db, enterFigures(t.db, [{ ...at, figure: 'csc_total', value: 40 }, { ...at, figure: 'csc_assisted', value: 37 }]));
    });
    expect(figures.after.unsuppressed).not.toEqual(figures.before.unsuppressed);
    const comparison = await afterWrite(async () => {
      const res = await t.app.request(`/api/v1/models/${model}`, { method: 'PATCH', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ comparison: ['04675'] }) });
      expect(res.status).toBe(200);
    });
    expect(comparison.after.unsuppressed).not.toEqual(comparison.before.unsuppressed);
    expect(comparison.after.approved).not.toEqual(comparison.before.approved);
  });

  it('after the kept sums are forgotten and counted again (a changed catalogue)', async () => {
    const reset = await afterWrite(() => resetAggregates(t.db));
    expect(reset.after.unsuppressed).not.toEqual(reset.before.unsuppressed);
    const recount = await afterWrite(async () => {
      await catchUpAggregates(t.db);
    });
    expect(recount.after).toEqual(reset.before);
  });

  it('serves sponsors while the database is read-only, keeping nothing, and keeps it once writable', async () => {
    const sponsor = await apiAs(t.app, people.sponsorWorldVision);
    const indicators = async () => {
      const res = await sponsor.get(`/api/v1/models/${model}/indicators?by=commune`);
      expect(res.status).toBe(200);
      return res.json();
    };
    await atomically(t.db, [t.db.delete(s.suppressedCells), t.db.delete(s.roundTotals)]);
    const kept = async () => (await t.db.select().from(s.suppressedCells)).length + (await t.db.select().from(s.roundTotals)).length;
    await t.db.run(sql.raw('PRAGMA query_only = ON'));
    let readOnly: unknown;
    try {
      readOnly = await indicators();
    } finally {
      await t.db.run(sql.raw('PRAGMA query_only = OFF'));
    }
    expect(await kept()).toBe(0);
    expect(await indicators()).toEqual(readOnly);
    expect(await kept()).toBeGreaterThan(0);
  });

  it('moves on the versions of the bases a counted submission leaves and joins (basesOf), whoever writes it', async () => {
    const round = 'hn-phu-chau-baseline';
    // A row of its own, uncounted (revision 0) and deleted at the end: the kept sums stay those of the other rows.
    const [stored] = await t.db.select().from(s.submissions).where(and(eq(s.submissions.roundId, round), eq(s.submissions.instrumentSlug, 'household')));
    const row = { ...stored, id: crypto.randomUUID(), revision: 0, reviewState: 'received' as const };
    await t.db.insert(s.submissions).values(row);
    const versions = async () => new Map((await t.db.select().from(s.keptVersions).where(eq(s.keptVersions.roundId, round))).map((v) => [v.basis, v.version]));
    const moved = async (write: () => Promise<unknown>) => {
      const before = await versions();
      await write();
      const after = await versions();
      return bases.filter((b) => (after.get(b) ?? 0) > (before.get(b) ?? 0));
    };
    let state: ReviewState = row.reviewState;
    let revision = row.revision;
    for (const next of [...reviewStates, ...reviewStates]) {
      const update = () => t.db.update(s.submissions).set({ reviewState: next, revision: ++revision }).where(eq(s.submissions.id, row.id));
      expect(await moved(update)).toEqual(bases.filter((b) => basesOf(state).includes(b) || basesOf(next).includes(b)));
      state = next;
    }
    expect(await moved(() => t.db.delete(s.submissions).where(eq(s.submissions.id, row.id)))).toEqual(basesOf(state));
  });
});
