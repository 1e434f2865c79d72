import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { indicatorAggregates, modelPlaces, models, places, roundInstruments, rounds, roundStatusChanges, submissions, users } from '../../db/schema';
import { statement, type Db } from '../db';
import { receivedIndicator } from '../domain/aggregates';
import { statesCollected } from '../domain/review-check';
import { inJson } from './bound';
import { preparedFor } from './prepared';

export type RoundRow = typeof rounds.$inferSelect;

export interface RoundWithInstruments extends RoundRow {
  instruments: { slug: string; version: number }[];
}

// A round's pins as a JSON array, read with the round.
const pinsOfRound = sql<string>`(SELECT json_group_array(json_object('slug', ${roundInstruments.slug}, 'version', ${roundInstruments.version})) FROM ${roundInstruments} WHERE ${roundInstruments.roundId} = ${rounds.id})`;

// The round and its pins in one statement.
const roundWithPins = preparedFor((db) => db.select({ round: rounds, pins: pinsOfRound }).from(rounds).where(eq(rounds.id, sql.placeholder('id'))).limit(1).prepare());

function withPins(row: { round: RoundRow; pins: string }): RoundWithInstruments {
  const pins = JSON.parse(row.pins) as RoundWithInstruments['instruments'];
  return { ...row.round, instruments: pins.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)) };
}

/** A round with its pinned instrument versions (by slug), or null. */
export async function roundById(db: Db, id: string): Promise<RoundWithInstruments | null> {
  const [row] = await roundWithPins(db).all({ id });
  return row ? withPins(row) : null;
}

/**
 * Rounds with their pins by id, however many (one JSON parameter), as a select for a batch and what reads its
 * rows: `const [rows] = await db.batch([query, …]); rows.map(read)`.
 */
export function roundsByIds(db: Db, ids: string[]) {
  return { query: db.select({ round: rounds, pins: pinsOfRound }).from(rounds).where(inJson(rounds.id, ids)), read: withPins };
}

const kindOrder = { baseline: 0, midterm: 1, final: 2 };

/** Each model's rounds together, in order baseline → midterm → final. */
const inModelOrder = <T extends RoundRow>(rows: T[]) => rows.sort((a, b) => a.modelId.localeCompare(b.modelId) || kindOrder[a.kind] - kindOrder[b.kind]);

/** Rounds of the given models, each model's in order baseline → midterm → final, with received counts. */
export async function roundsOfModels(db: Db, modelIds: string[]) {
  if (modelIds.length === 0) return [];
  const rows = await db
    // Received submissions come from the kept sums (one `received` part per submission, in the `received` basis:
    // received and approved ones, domain/review-check.ts statesCollected), not a scan.
    .select({ round: rounds, received: sql<number>`coalesce(sum(${indicatorAggregates.n}), 0)`.mapWith(Number) })
    .from(rounds)
    .leftJoin(indicatorAggregates, and(eq(indicatorAggregates.roundId, rounds.id), eq(indicatorAggregates.dimension, 'all'), eq(indicatorAggregates.indicatorId, receivedIndicator), eq(indicatorAggregates.basis, 'received')))
    .where(inJson(rounds.modelId, modelIds))
    .groupBy(rounds.id);
  return inModelOrder(rows.map((r) => ({ ...r.round, received: r.received })));
}

/**
 * roundsOfModels without received counts, for pages that show values, not progress: the counts read a kept
 * row per round × commune, one table page each (~20 ms for the nine Hanoi models at 1M submissions).
 */
export async function plainRoundsOfModels(db: Db, modelIds: string[]): Promise<RoundRow[]> {
  if (modelIds.length === 0) return [];
  return inModelOrder(await db.select().from(rounds).where(inJson(rounds.modelId, modelIds)));
}

export async function instrumentsOfRounds(db: Db, roundIds: string[]) {
  if (roundIds.length === 0) return [];
  return db.select().from(roundInstruments).where(inJson(roundInstruments.roundId, roundIds));
}

const communeOfModelQuery = preparedFor((db) =>
  db
    .select({ id: places.id, code: places.code, nameVi: places.nameVi, nameEn: places.nameEn })
    .from(modelPlaces)
    .innerJoin(places, eq(places.id, modelPlaces.placeId))
    .where(and(eq(modelPlaces.modelId, sql.placeholder('modelId')), eq(places.level, 'commune'), eq(places.code, sql.placeholder('communeCode'))))
    .limit(1)
    .prepare(),
);

export interface ModelCommune {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string;
}

/** The commune with this GSO code if it is one of the model's communes, else null. */
export async function communeOfModel(db: Db, modelId: string, communeCode: string): Promise<ModelCommune | null> {
  const [row] = await communeOfModelQuery(db).all({ modelId, communeCode });
  return row ?? null;
}

/**
 * The communes with these GSO codes among those of the rounds' models, each with its model: communeOfModel for
 * many at once, as a select for a batch.
 */
export function communesOfRounds(db: Db, roundIds: string[], communeCodes: string[]) {
  return db
    .select({ modelId: rounds.modelId, id: places.id, code: places.code, nameVi: places.nameVi, nameEn: places.nameEn })
    .from(rounds)
    .innerJoin(modelPlaces, eq(modelPlaces.modelId, rounds.modelId))
    .innerJoin(places, eq(places.id, modelPlaces.placeId))
    .where(and(inJson(rounds.id, roundIds), eq(places.level, 'commune'), inJson(places.code, communeCodes)));
}

/** Rounds by id with their model's names and received counts, open rounds first (an evaluator's home). */
export async function roundsWithModels(db: Db, roundIds: string[] | 'all') {
  const rows = await db
    .select({ round: rounds, modelVi: models.nameVi, modelEn: models.nameEn, received: count(submissions.id) })
    .from(rounds)
    .innerJoin(models, eq(models.id, rounds.modelId))
    .leftJoin(submissions, and(eq(submissions.roundId, rounds.id), inArray(submissions.reviewState, statesCollected)))
    .where(roundIds === 'all' ? undefined : inJson(rounds.id, roundIds))
    .groupBy(rounds.id)
    .orderBy(desc(rounds.status), rounds.modelId);
  return rows.map((r) => ({ ...r.round, modelVi: r.modelVi, modelEn: r.modelEn, received: r.received }));
}

/** The kinds of round a model already has. */
export async function roundKindsOfModel(db: Db, modelId: string): Promise<string[]> {
  return (await db.select({ kind: rounds.kind }).from(rounds).where(eq(rounds.modelId, modelId))).map((r) => r.kind);
}

/**
 * Creates a round with its pinned instrument versions in one batch; false when the model already has a round
 * of that kind (another request created it first).
 */
export async function insertRound(db: Db, round: typeof rounds.$inferInsert, pins: { slug: string; version: number }[]): Promise<boolean> {
  const [inserted] = await db.batch([
    db.insert(rounds).values(round).onConflictDoNothing().returning({ id: rounds.id }),
    // Pinned only for a round without pins (a round that existed keeps its own; SQLite reads the SELECT whole
    // before inserting, since it reads the table it fills).
    statement(db, sql`INSERT OR IGNORE INTO ${roundInstruments} (round_id, slug, version)
               SELECT ${round.id}, json_extract(value, '$.slug'), json_extract(value, '$.version') FROM json_each(${JSON.stringify(pins)})
               WHERE NOT EXISTS (SELECT 1 FROM ${roundInstruments} WHERE ${roundInstruments.roundId} = ${round.id})`),
  ]);
  return inserted.length === 1;
}

/** Opens or closes a round and records who did it, when and why, in one batch. */
export async function setRoundStatus(db: Db, roundId: string, change: { status: 'open' | 'closed'; reason: string | null; changedBy: number; changedAt: string }) {
  await db.batch([db.update(rounds).set({ status: change.status }).where(eq(rounds.id, roundId)), db.insert(roundStatusChanges).values({ roundId, ...change })]);
}

/** A round's openings and closings, newest first, with who made them. */
export async function statusChangesOfRound(db: Db, roundId: string) {
  return db
    .select({ status: roundStatusChanges.status, reason: roundStatusChanges.reason, changedAt: roundStatusChanges.changedAt, by: users.name })
    .from(roundStatusChanges)
    .innerJoin(users, eq(users.id, roundStatusChanges.changedBy))
    .where(eq(roundStatusChanges.roundId, roundId))
    .orderBy(desc(roundStatusChanges.changedAt), desc(roundStatusChanges.id));
}
