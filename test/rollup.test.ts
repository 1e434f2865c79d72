/**
 * Roll-ups over HTTP: communes' kept sums added up per district, province or programme, under the rounds'
 * boundaries or today's (Yên Bái became part of Lào Cai on 2025-07-01; districts ended that day).
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { catchUpAggregates } from '../src/workflows/aggregates';
import { freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
/** Caregivers who know 111, per model: [yes, of]. */
const sent = new Map<string, [number, number]>();

beforeAll(async () => {
  t = await freshApp();
  const rng = seededRng(3);
  const [evaluator] = await t.db.select().from(s.users).limit(1);
  const rows = [];
  for (const model of ['hn-phu-chau', 'hn-hoa-lam', 'yb-service-pilot']) {
    const communes = await t.db.select().from(s.modelPlaces).where(eq(s.modelPlaces.modelId, model));
    for (let i = 0; i < 10; i++) {
      const answers = { ...householdAnswers(rng, { knows111Rate: 0.5 }), knows_111: i < (model === 'yb-service-pilot' ? 8 : 4) ? 'yes' : 'no' };
      const [yes, of] = sent.get(model) ?? [0, 0];
      sent.set(model, [yes + (answers.knows_111 === 'yes' ? 1 : 0), of + 1]);
      const communeId = communes[i % communes.length].placeId;
      rows.push({ id: `${model}-${i}`, roundId: `${model}-baseline`, communeId, instrumentSlug: 'household', instrumentVersion: 1, evaluatorId: evaluator.id, answers: JSON.stringify(answers), contentHash: 'x', receivedAt: '2017-05-01T00:00:00.000Z' });
    }
  }
  await t.db.insert(s.submissions).values(rows);
  await catchUpAggregates(t.db);
});

async function rollUp(query: string) {
  const admin = await webAs(t.app, people.admin);
  const res = await admin.get(`/programme/rollup?${query}&chart=caregivers-know-111`, { 'hx-request': 'true' });
  expect(res.status).toBe(200);
  const html = await res.text();
  // Each row: unit code, then the 111 cell's "value% … n = N hộ" (Vietnamese: a decimal comma).
  return [...html.matchAll(/<tr data-unit="([^"]+)">(.*?)<\/tr>/gs)].map(([, unit, row]) => ({ unit, n: Number(/n = (\d+) hộ/.exec(row)?.[1] ?? 0), value: /<strong>([\d,]+)%/.exec(row)?.[1] ?? null }));
}

/** The value as a Vietnamese page writes it: one decimal at most, a decimal comma. */
const pct = (yes: number, of: number) => String(Math.round((yes / of) * 1000) / 10).replace('.', ',');

describe('GET /programme/rollup', () => {
  it('adds communes up to provinces under the boundaries the rounds were run in', async () => {
    const rows = await rollUp('level=province&boundaries=round&round=baseline');
    const hanoi = [sent.get('hn-phu-chau')!, sent.get('hn-hoa-lam')!].reduce(([a, b], [c, d]) => [a + c, b + d]);
    expect(rows.find((r) => r.unit === '01')).toMatchObject({ n: hanoi[1], value: pct(hanoi[0], hanoi[1]) });
    const [yes, of] = sent.get('yb-service-pilot')!;
    expect(rows.find((r) => r.unit === '15')).toMatchObject({ n: of, value: pct(yes, of) });
  });

  it("puts Yên Bái's communes under Lào Cai under today's boundaries", async () => {
    const html = await (await (await webAs(t.app, people.admin)).get('/programme/rollup?level=province&boundaries=today&round=baseline')).text();
    expect(html).toContain('Lào Cai (15)');
    expect(html).not.toContain('Yên Bái (15)');
  });

  it("has no districts under today's boundaries, and one programme row that adds everything up", async () => {
    const districts = await rollUp('level=district&boundaries=today&round=baseline');
    expect(districts.map((r) => r.unit)).toEqual(['unmapped']);
    const [programme] = await rollUp('level=programme&boundaries=round&round=baseline');
    const all = [...sent.values()].reduce(([a, b], [c, d]) => [a + c, b + d]);
    expect(programme).toMatchObject({ unit: 'programme', n: all[1], value: pct(all[0], all[1]) });
    const byDistrict = await rollUp('level=district&boundaries=round&round=baseline');
    expect(byDistrict.reduce((sum, r) => sum + r.n, 0)).toBe(all[1]);
  });
});
