/**
 * The dataset of `npm run bench:aggregates`: household submissions spread over 584 communes (Hanoi's nine model
 * communes plus 575 synthetic ones, coded S0001…, named "(tổng hợp)") with their kept sums, built the same
 * way from the same seed every time. Nine in ten are approved (what sponsors' figures count), and the demo
 * sponsor reaches the whole Hanoi programme, so that every reader's pages read the same rows.
 */
import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as s from '../db/schema';
import type { Db } from '../src/db';
import type { AggregatePart } from '../src/domain/aggregates';
import { checklistAnswers, householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { renamesByVersion } from '../src/queries/instruments';
import { uuidFrom } from '../src/seed/demo';
import { placesValidFrom, placesValidTo } from '../src/seed/places';
import { seedProgramme } from '../src/seed/seed';
import { seedDemoUsers } from '../src/seed/users';
import { catchUpAggregates, countingOf } from '../src/workflows/aggregates';
import { people, testConfig, testPassword } from '../test/support/app';

const communesInAll = 584;
const hanoi = 'hanoi-2015-2020';

/** Synthetic communes under synthetic districts of Hà Nội, shared out over the nine Hanoi models. */
async function spreadOverHanoi(db: Db): Promise<Map<string, number[]>> {
  const [province] = await db.select().from(s.places).where(eq(s.places.code, '01'));
  const hanoiModels = (await db.select().from(s.models).where(eq(s.models.programmeId, hanoi))).map((m) => m.id).sort();
  const communesOf = new Map<string, number[]>();
  for (const row of await db.select().from(s.modelPlaces)) if (hanoiModels.includes(row.modelId)) communesOf.set(row.modelId, [row.placeId]);
  const real = [...communesOf.values()].flat().length;
  const base = { level: 'district' as const, validFrom: placesValidFrom, validTo: placesValidTo };
  const districts = await db
    .insert(s.places)
    .values(Array.from({ length: 25 }, (_, i) => ({ ...base, code: `S${String(i + 1).padStart(3, '0')}`, nameVi: `Huyện tổng hợp ${i + 1}`, nameEn: `Synthetic district ${i + 1}`, parentId: province.id })))
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

type Renamed = Awaited<ReturnType<typeof renamesByVersion>>;

/**
 * 2,000 answer sets (household v1 for baseline and midterm, v2 for final) with what each adds to the kept
 * sums, from countingOf (what ingest counts), each part as its slot among all templates' parts.
 */
function templates(rng: () => number, renames: Renamed) {
  const slots: AggregatePart[] = [];
  const slotByKey = new Map<string, number>();
  const slotOf = (p: AggregatePart) => {
    const key = `${p.dimension}\u0000${p.indicatorId}\u0000${p.indicatorVersion}\u0000${p.category}`;
    if (!slotByKey.has(key)) slotByKey.set(key, slots.push(p) - 1);
    return slotByKey.get(key)!;
  };
  const all = Array.from({ length: 2000 }, (_, i) => {
    const version = i % 2 === 0 ? 1 : 2;
    const v1 = householdAnswers(rng, { knows111Rate: 0.3 + rng() * 0.5 });
    const { knows_111, ...rest } = v1;
    const answers = JSON.stringify(version === 1 ? v1 : { ...rest, hotline_111: knows_111, called_111: rng() < 0.1 });
    const row = { id: '', roundId: '', communeId: 0, instrumentSlug: 'household', instrumentVersion: version, answers, receivedAt: '' };
    const parts = countingOf(row, renames.get(`household@${version}`) ?? {}).parts.map((p) => ({ slot: slotOf(p), sums: [p.numerator, p.denominator, p.n, p.sumSquares] }));
    return { version, answers, parts };
  });
  return { all, slots };
}

/** Kept sums per round × commune: four numbers (numerator, denominator, n, sum of squares) per part slot. */
class KeptSums {
  readonly cells = new Map<string, { roundId: string; communeId: number; sums: Float64Array }>();
  constructor(private readonly slotCount: number) {}
  add(roundId: string, communeId: number, parts: { slot: number; sums: number[] }[]) {
    const key = `${roundId}|${communeId}`;
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { roundId, communeId, sums: new Float64Array(this.slotCount * 4) }));
    for (const p of parts) for (let k = 0; k < 4; k++) cell.sums[p.slot * 4 + k] += p.sums[k];
  }
  rows(basis: 'received' | 'approved', slots: AggregatePart[]) {
    return [...this.cells.values()].flatMap((cell) =>
      slots.flatMap((p, slot) => {
        const [numerator, denominator, n, sumSquares] = cell.sums.subarray(slot * 4, slot * 4 + 4);
        if (n === 0) return [];
        const { dimension, indicatorId, indicatorVersion, category } = p;
        return [{ basis, roundId: cell.roundId, communeId: cell.communeId, dimension, indicatorId, indicatorVersion, category, numerator, denominator, n, sumSquares }];
      }),
    );
  }
}

/**
 * Inserts rows as one JSON array per 10,000 (json_each): one bound value per statement, read by SQLite,
 * where building statements of many bound values cost as much as running them.
 */
async function insertAll(db: Db, table: SQLiteTable, rows: Record<string, unknown>[]) {
  // Every column in the table's order (drizzle's insert … select), a column a row leaves out at its default.
  const columns = Object.entries(getTableColumns(table));
  const fields = Object.fromEntries(columns.map(([key], i) => [key, sql`json_extract(value, ${`$[${i}]`})`.as(key)]));
  for (let i = 0; i < rows.length; i += 10_000) {
    const json = JSON.stringify(rows.slice(i, i + 10_000).map((row) => columns.map(([key, column]) => row[key] ?? column.default ?? null)));
    await db.insert(table).select(db.select(fields).from(sql`json_each(${json})`) as never);
  }
}

/**
 * Seeds the programmes and demo people into a fresh database, then stores `size` household submissions
 * already counted (revision 1) with their kept sums added up in memory from the same parts as ingest's, and
 * one commune checklist per round × commune counted through the ordinary batch step.
 */
export async function buildDataset(db: Db, size: number) {
  const rng = seededRng(584);
  await seedProgramme(db);
  await seedDemoUsers(db, testPassword, testConfig.scrypt, false);
  const [evaluator] = await db.select().from(s.users).where(eq(s.users.email, people.evaluatorLan));
  const [sponsor] = await db.select().from(s.users).where(eq(s.users.email, people.sponsorWorldVision));
  await db.insert(s.userProgrammes).values({ userId: sponsor.id, programmeId: hanoi });
  const communesOf = await spreadOverHanoi(db);
  const rounds = (await db.select().from(s.rounds)).filter((r) => communesOf.has(r.modelId)).sort((a, b) => a.id.localeCompare(b.id));
  const pool = templates(rng, await renamesByVersion(db));
  const byKind = (final: boolean) => pool.all.filter((t) => (t.version === 2) === final);
  const candidates = { final: byKind(true), other: byKind(false) };
  const received = new KeptSums(pool.slots.length);
  const approved = new KeptSums(pool.slots.length);
  let rows = [];
  for (let j = 0; j < size; j++) {
    const round = rounds[j % rounds.length];
    const communes = communesOf.get(round.modelId)!;
    const communeId = communes[Math.floor(rng() * communes.length)];
    const among = round.kind === 'final' ? candidates.final : candidates.other;
    const t = among[Math.floor(rng() * among.length)];
    const reviewState = j % 10 === 0 ? ('received' as const) : ('approved' as const);
    received.add(round.id, communeId, t.parts);
    if (reviewState === 'approved') approved.add(round.id, communeId, t.parts);
    rows.push({ id: `bench-${j}`, roundId: round.id, communeId, instrumentSlug: 'household', instrumentVersion: t.version, evaluatorId: evaluator.id, answers: t.answers, contentHash: 'synthetic', receivedAt: '2017-05-15T08:00:00.000Z', synthetic: 1, revision: 1, reviewState });
    if (rows.length === 10_000 || j === size - 1) {
      await insertAll(db, s.submissions, rows);
      rows = [];
    }
  }
  const kept = [...received.rows('received', pool.slots), ...approved.rows('approved', pool.slots)];
  await insertAll(db, s.indicatorAggregates, kept);
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
      synthetic: 1,
      revision: 0,
      reviewState: 'approved' as const,
    })),
  );
  await insertAll(db, s.submissions, checklists);
  await catchUpAggregates(db);
  return { communes: [...communesOf.values()].flat().length, keptRows: kept.length, checklists: checklists.length };
}
