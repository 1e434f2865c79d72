import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { validateAnswers } from '../src/domain/survey-validation';
import { findInstrument } from './support/instruments';
import { deleteSyntheticSubmissions } from '../src/workflows/aggregates';
import { seedDemoSubmissions } from '../src/seed/demo';
import { seedProgramme } from '../src/seed/seed';
import { apiAs, freshApp, people } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;

beforeAll(async () => {
  t = await freshApp();
});

async function counts() {
  const tables = { places: s.places, models: s.models, rounds: s.rounds, modelPlaces: s.modelPlaces, roundInstruments: s.roundInstruments, users: s.users };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) out[name] = (await t.db.select({ n: count() }).from(table))[0].n;
  return out;
}

describe('seeding', () => {
  it('gives each model its rounds in order, each in its own window (Yên Bái: 2018, 2019, 2020)', async () => {
    const rounds = await t.db.select().from(s.rounds);
    const order = ['baseline', 'midterm', 'final'];
    for (const modelId of new Set(rounds.map((r) => r.modelId))) {
      const own = rounds.filter((r) => r.modelId === modelId).sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
      for (let i = 1; i < own.length; i++) expect(own[i].plannedStart > own[i - 1].plannedEnd, `${own[i].id} after ${own[i - 1].id}`).toBe(true);
    }
    expect(rounds.filter((r) => r.modelId === 'yb-service-pilot').map((r) => r.plannedStart.slice(0, 4)).sort()).toEqual(['2018', '2019', '2020']);
  });

  it('is idempotent', async () => {
    const before = await counts();
    await seedProgramme(t.db);
    expect(await counts()).toEqual(before);
  });

  it('has Hanoi’s nine models in the communes of seed 000, keyed by GSO code', async () => {
    const rows = await t.db
      .select({ model: s.models.id, type: s.models.typeId, code: s.places.code, name: s.places.nameVi })
      .from(s.models)
      .innerJoin(s.modelPlaces, eq(s.modelPlaces.modelId, s.models.id))
      .innerJoin(s.places, eq(s.places.id, s.modelPlaces.placeId))
      .where(eq(s.models.programmeId, 'hanoi-2015-2020'));
    expect(rows).toHaveLength(9);
    expect(rows.filter((r) => r.type === 'abuse-violence').map((r) => r.code).sort()).toEqual(['09010', '09847']);
    expect(rows.filter((r) => r.type === 'community-cp').map((r) => r.code).sort()).toEqual(['09649', '09781', '09916', '09958', '10162', '10402', '10474']);
    // The namesake Đức Giang ward (00124, Long Biên) and Phùng Xá (09997, Thạch Thất) are not model communes.
    expect(rows.map((r) => r.code)).not.toContain('00124');
    expect(rows.map((r) => r.code)).not.toContain('09997');
    for (const r of rows) expect(r.name).toBe(r.name.normalize('NFC'));
  });

  it('seeds synthetic demo data once, valid against its instrument, and removes all of it in one call', async () => {
    const added = await seedDemoSubmissions(t.db, new Date('2026-11-20T00:00:00Z'), 3);
    expect(added).toBeGreaterThan(50);
    expect(await seedDemoSubmissions(t.db, new Date('2026-11-20T00:00:00Z'), 3)).toBe(0);
    const sample = await t.db.select().from(s.submissions).limit(40);
    for (const row of sample) {
      expect(row.synthetic).toBe(true);
      const errors = validateAnswers(findInstrument(row.instrumentSlug, row.instrumentVersion)!, JSON.parse(row.answers), 'en').errors;
      expect(errors).toEqual([]);
    }
    const lan = await apiAs(t.app, people.evaluatorLan);
    const real = sample.find((r) => r.instrumentSlug === 'household')!;
    const res = await lan.post('/api/v1/submissions', { id: crypto.randomUUID(), round: 'hn-me-linh-midterm', commune: '09010', instrument: 'household', version: 1, answers: JSON.parse(real.answers) });
    expect(res.status).toBe(201);
    expect(await deleteSyntheticSubmissions(t.db)).toBe(added);
    const left = await t.db.select({ synthetic: s.submissions.synthetic }).from(s.submissions);
    expect(left).toEqual([{ synthetic: false }]);
  });
});
