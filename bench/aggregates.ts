/**
 * `npm run bench:aggregates`: dashboards over 10k and 1M synthetic household submissions spread over 584
 * communes (Hanoi's nine model communes plus 575 synthetic ones, coded S0001…, named "(tổng hợp)"), and the
 * ingest rate with and without counting into the kept sums, in the same run.
 * Options (env): BENCH_SIZES (default "10000,1000000"), BENCH_REQUESTS (timed requests per page, default 200),
 * BENCH_INGEST (submissions per ingest block, default 400).
 * Pages are requested in-process (app.request: routing, queries, rendering; no sockets), one at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import * as s from '../db/schema';
import { createApp } from '../src/app';
import { openNodeDb } from '../src/db-node';
import { addSums, noSums, partsOfSubmission, type Sums } from '../src/domain/aggregates';
import { canonicalAnswers, indicatorCatalogue } from '../src/domain/indicators';
import { checklistAnswers, householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import type { Db } from '../src/db';
import { findInstrument } from '../test/support/instruments';
import { scopeOf } from '../src/queries/scope';
import { userByEmail } from '../src/queries/users';
import { uuidFrom } from '../src/seed/demo';
import { placesValidFrom, placesValidTo } from '../src/seed/places';
import { seedProgramme } from '../src/seed/seed';
import { seedDemoUsers } from '../src/seed/users';
import { catchUpAggregates } from '../src/workflows/aggregates';
import { ingestSubmission } from '../src/workflows/ingest';
import { people, testConfig, testPassword, webAs } from '../test/support/app';
import { householdSubmission, percentile } from './server';

const sizes = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number);
const requests = Number(process.env.BENCH_REQUESTS ?? 200);
const ingestBlock = Number(process.env.BENCH_INGEST ?? 400);
const communesInAll = 584;
const rng = seededRng(584);

/** Synthetic communes under synthetic districts of Hà Nội, shared out over the nine Hanoi models. */
async function spreadOverHanoi(db: Db): Promise<Map<string, number[]>> {
  const [hanoi] = await db.select().from(s.places).where(eq(s.places.code, '01'));
  const hanoiModels = (await db.select().from(s.models).where(eq(s.models.programmeId, 'hanoi-2015-2020'))).map((m) => m.id).sort();
  const communesOf = new Map<string, number[]>();
  for (const row of await db.select().from(s.modelPlaces)) if (hanoiModels.includes(row.modelId)) communesOf.set(row.modelId, [row.placeId]);
  const real = [...communesOf.values()].flat().length;
  const base = { level: 'district' as const, validFrom: placesValidFrom, validTo: placesValidTo };
  const districts = await db
    .insert(s.places)
    .values(Array.from({ length: 25 }, (_, i) => ({ ...base, code: `S${String(i + 1).padStart(3, '0')}`, nameVi: `Huyện tổng hợp ${i + 1}`, nameEn: `Synthetic district ${i + 1}`, parentId: hanoi.id })))
    .returning({ id: s.places.id });
  for (let i = 0; i < communesInAll - real; i += 200) {
    const chunk = Array.from({ length: Math.min(200, communesInAll - real - i) }, (_, j) => {
      const n = i + j + 1;
      return { ...base, level: 'commune' as const, code: `S${String(n).padStart(4, '0')}`, nameVi: `Xã ${n} (tổng hợp)`, nameEn: `Commune ${n} (synthetic)`, parentId: districts[n % districts.length].id };
    });
    const added = await db.insert(s.places).values(chunk).returning({ id: s.places.id });
    const links = added.map((p, j) => ({ modelId: hanoiModels[(i + j) % hanoiModels.length], placeId: p.id }));
    await db.insert(s.modelPlaces).values(links);
    for (const l of links) communesOf.get(l.modelId)!.push(l.placeId);
  }
  return communesOf;
}

/** 2,000 answer sets (v1, and v2 for final rounds) with what each adds to the kept sums. */
function templates() {
  return Array.from({ length: 2000 }, (_, i) => {
    const version = i % 2 === 0 ? 1 : 2;
    const v1 = householdAnswers(rng, { knows111Rate: 0.3 + rng() * 0.5 });
    const { knows_111, ...rest } = v1;
    const answers = version === 1 ? v1 : { ...rest, hotline_111: knows_111, called_111: rng() < 0.1 };
    const canonical = canonicalAnswers(answers, findInstrument('household', version)!.renamed ?? {});
    return { version, json: JSON.stringify(answers), parts: partsOfSubmission(indicatorCatalogue, 'household', canonical) };
  });
}

/**
 * Stores `size` household submissions already counted (revision 1) with their kept sums added up in memory
 * (the same partsOfSubmission as ingest), then one commune checklist per round × commune through the
 * ordinary batch step.
 */
async function load(db: Db, size: number, communesOf: Map<string, number[]>) {
  const [evaluator] = await db.select().from(s.users).where(eq(s.users.email, people.evaluatorLan));
  const rounds = (await db.select().from(s.rounds)).filter((r) => communesOf.has(r.modelId));
  const pool = templates();
  const sums = new Map<string, Sums & { roundId: string; communeId: number; part: (typeof pool)[number]['parts'][number] }>();
  const statements = [];
  for (let i = 0; i < size; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(size, i + 500); j++) {
      const round = rounds[j % rounds.length];
      const communes = communesOf.get(round.modelId)!;
      const communeId = communes[Math.floor(rng() * communes.length)];
      const candidates = pool.filter((_, k) => (k % 2 === 0) === (round.kind !== 'final'));
      const t = candidates[Math.floor(rng() * candidates.length)];
      for (const part of t.parts) {
        const key = `${round.id}|${communeId}|${part.indicatorId}|${part.dimension}|${part.category}`;
        const at = sums.get(key) ?? { roundId: round.id, communeId, part, ...noSums() };
        sums.set(key, addSums(at, part) as typeof at);
      }
      rows.push({
        id: `bench-${j}`,
        roundId: round.id,
        communeId,
        instrumentSlug: 'household',
        instrumentVersion: t.version,
        evaluatorId: evaluator.id,
        answers: t.json,
        contentHash: 'synthetic',
        receivedAt: '2017-05-15T08:00:00.000Z',
        synthetic: true,
        revision: 1,
      });
    }
    statements.push(db.insert(s.submissions).values(rows));
    if (statements.length === 20) await db.batch(statements.splice(0) as [never]);
  }
  if (statements.length) await db.batch(statements.splice(0) as [never]);
  const kept = [...sums.values()].map((v) => ({
    roundId: v.roundId,
    communeId: v.communeId,
    dimension: v.part.dimension,
    indicatorId: v.part.indicatorId,
    indicatorVersion: v.part.indicatorVersion,
    category: v.part.category,
    numerator: v.numerator,
    denominator: v.denominator,
    n: v.n,
    sumSquares: v.sumSquares,
  }));
  for (let i = 0; i < kept.length; i += 500) await db.insert(s.indicatorAggregates).values(kept.slice(i, i + 500));
  const checklists = rounds.flatMap((round) =>
    communesOf.get(round.modelId)!.map((communeId) => ({
      id: uuidFrom(rng),
      roundId: round.id,
      communeId,
      instrumentSlug: 'commune-checklist',
      instrumentVersion: 1,
      evaluatorId: evaluator.id,
      answers: JSON.stringify(checklistAnswers(rng, { reportingYear: 2017, cscAssistedRate: 0.8 + rng() * 0.2 })),
      contentHash: 'synthetic',
      receivedAt: '2017-05-15T08:00:00.000Z',
      synthetic: true,
    })),
  );
  for (let i = 0; i < checklists.length; i += 500) await db.insert(s.submissions).values(checklists.slice(i, i + 500));
  await catchUpAggregates(db);
  return { keptRows: kept.length, checklists: checklists.length };
}

async function timed(label: string, request: () => Response | Promise<Response>) {
  for (let i = 0; i < 10; i++) await request();
  const ms: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const res = await request();
    await res.text();
    ms.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${label}: ${res.status}`);
  }
  ms.sort((a, b) => a - b);
  return { label, p50: percentile(ms, 50).toFixed(1), p95: percentile(ms, 95).toFixed(1), max: ms.at(-1)!.toFixed(1) };
}

/** Ingest through the workflow (validation included) in alternating blocks with and without counting. */
async function ingestRates(db: Db) {
  const user = (await userByEmail(db, people.evaluatorLan))!;
  const actor = { id: user.id, role: user.role, name: user.name, email: user.email };
  const scope = await scopeOf(db, actor);
  const rates = { counted: [] as number[], uncounted: [] as number[] };
  for (const block of ['counted', 'uncounted', 'counted', 'uncounted', 'counted', 'uncounted'] as const) {
    const bodies = Array.from({ length: ingestBlock }, () => householdSubmission(rng));
    const t0 = performance.now();
    for (const body of bodies) await ingestSubmission({ db, now: new Date(), actor, scope, locale: 'vi', synthetic: true, count: block === 'counted' }, body);
    rates[block].push(ingestBlock / ((performance.now() - t0) / 1000));
  }
  const best = (xs: number[]) => Math.max(...xs);
  return { counted: best(rates.counted), uncounted: best(rates.uncounted), ratio: best(rates.counted) / best(rates.uncounted) };
}

for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'moc-bench-agg-'));
  const { db, close } = await openNodeDb(join(dir, 'bench.sqlite'));
  try {
    await seedProgramme(db);
    await seedDemoUsers(db, testPassword, testConfig.scrypt, false);
    const communesOf = await spreadOverHanoi(db);
    const t0 = performance.now();
    const loaded = await load(db, size, communesOf);
    console.log(`\n${size.toLocaleString('en')} submissions over ${[...communesOf.values()].flat().length} communes: loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s (${loaded.keptRows.toLocaleString('en')} kept rows, ${loaded.checklists} checklists)`);
    const app = createApp({ db, clock: () => new Date('2026-11-20T09:00:00Z'), config: testConfig });
    const manager = await webAs(app, people.managerHa);
    const results = [
      await timed('model page /models/hn-phu-chau', () => manager.get('/models/hn-phu-chau')),
      await timed('programme overview /programme', () => manager.get('/programme')),
      await timed('programme roll-up /programme/rollup?level=province', () => manager.get('/programme/rollup?level=province&boundaries=today')),
    ];
    console.table(results);
    const ingest = await ingestRates(db);
    console.log(
      `ingest (workflow, validation included, best of 3 blocks of ${ingestBlock}): ${ingest.counted.toFixed(0)}/s counted vs ${ingest.uncounted.toFixed(0)}/s uncounted, ratio ${ingest.ratio.toFixed(2)}`,
    );
  } finally {
    close();
    rmSync(dir, { recursive: true, force: true });
  }
}
