/** Creating and changing models and the places they run in (models, model_places). */
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { assignmentCommunes, modelPlaces, models, modelTypes, organisations, places, programmes, registeredCounts, roundAssignments, rounds, submissions } from '../../db/schema';
import { atomically, type Db, statement } from '../db';
import { type AuditEntry, auditStatement } from './audit';
import type { ModelEntry } from '../domain/model-entry';
import type { PlaceNode } from '../domain/places';

/** What a model may be made of: the types, the programmes with their periods, the sponsor organisations. */
export async function modelChoices(db: Db) {
  const [types, programmeRows, sponsors] = await Promise.all([
    db.select({ id: modelTypes.id, nameVi: modelTypes.nameVi, nameEn: modelTypes.nameEn }).from(modelTypes).orderBy(asc(modelTypes.id)),
    db.select({ id: programmes.id, nameVi: programmes.nameVi, nameEn: programmes.nameEn, periodStart: programmes.periodStart, periodEnd: programmes.periodEnd }).from(programmes).orderBy(asc(programmes.id)),
    db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(eq(organisations.kind, 'sponsor')).orderBy(asc(organisations.name)),
  ]);
  return { types, programmes: programmeRows, sponsors };
}

export type ModelChoices = Awaited<ReturnType<typeof modelChoices>>;

/** A stored model as an entry (with the units it runs in), or null. */
export async function storedModel(db: Db, id: string): Promise<ModelEntry | null> {
  const [model] = await db.select().from(models).where(eq(models.id, id)).limit(1);
  if (!model) return null;
  const rows = await db
    .select({ id: places.id, code: places.code, level: places.level, nameVi: places.nameVi, nameEn: places.nameEn, parentId: places.parentId, validFrom: places.validFrom, validTo: places.validTo, role: modelPlaces.role })
    .from(modelPlaces)
    .innerJoin(places, eq(places.id, modelPlaces.placeId))
    .where(eq(modelPlaces.modelId, id))
    .orderBy(asc(places.code));
  const units: PlaceNode[] = rows.map(({ role: _, ...unit }) => unit);
  const { id: _, ...rest } = model;
  return { id, ...rest, places: units, comparison: rows.filter((r) => r.role === 'comparison').map((r) => r.id) };
}

const placeIdsJson = (units: readonly PlaceNode[]) => JSON.stringify(units.map((p) => p.id));

/** A place's role in the model: comparison when the entry names it so (`value`: its id from json_each). */
const roleOf = (entry: ModelEntry) => sql`CASE WHEN value IN (SELECT value FROM json_each(${JSON.stringify(entry.comparison)})) THEN 'comparison' ELSE 'treated' END`;

/**
 * Creates a model with its places in one batch; false when the id is taken. The places are added only while
 * none exist for that id: every model has at least one, so a model created meanwhile by another request keeps
 * its own.
 */
export async function insertModel(db: Db, entry: ModelEntry): Promise<boolean> {
  const [inserted] = await db.batch([
    db
      .insert(models)
      .values({ id: entry.id, programmeId: entry.programmeId, typeId: entry.typeId, nameVi: entry.nameVi, nameEn: entry.nameEn, periodStart: entry.periodStart, periodEnd: entry.periodEnd, sponsorId: entry.sponsorId })
      .onConflictDoNothing()
      .returning({ id: models.id }),
    statement(db, sql`INSERT INTO ${modelPlaces} (model_id, place_id, role) SELECT ${entry.id}, value, ${roleOf(entry)} FROM json_each(${placeIdsJson(entry.places)})
               WHERE NOT EXISTS (SELECT 1 FROM ${modelPlaces} WHERE ${modelPlaces.modelId} = ${entry.id})`),
  ]);
  return inserted.length === 1;
}

/** Data of a place in one of the model's rounds: a submission or a registered figure. */
const holdsData = (modelId: string, placeId: SQL) => sql`(
  EXISTS (SELECT 1 FROM ${submissions} JOIN ${rounds} ON ${rounds.id} = ${submissions.roundId} WHERE ${rounds.modelId} = ${modelId} AND ${submissions.communeId} = ${placeId})
  OR EXISTS (SELECT 1 FROM ${registeredCounts} JOIN ${rounds} ON ${rounds.id} = ${registeredCounts.roundId} WHERE ${rounds.modelId} = ${modelId} AND ${registeredCounts.communeId} = ${placeId}))`;

/** Which of these places already have submissions or registered figures in the model's rounds. */
export async function placesHoldingData(db: Db, modelId: string, units: readonly PlaceNode[]): Promise<number[]> {
  if (units.length === 0) return [];
  const rows = await db.all<{ id: number }>(sql`SELECT value AS id FROM json_each(${placeIdsJson(units)}) WHERE ${holdsData(modelId, sql`value`)}`);
  return rows.map((r) => Number(r.id));
}

/**
 * Changes a model and its places (with their roles, treated or comparison) in one batch, with its audit entry. A removed place is kept should data for it have arrived since
 * it was checked (the data is never orphaned); evaluators lose the removed communes from their assignments of
 * the model's rounds, and an assignment left without a commune ends.
 */
export async function updateModel(db: Db, entry: ModelEntry, removed: readonly PlaceNode[], audit: AuditEntry) {
  const roundsOfModel = sql`(SELECT ${rounds.id} FROM ${rounds} WHERE ${rounds.modelId} = ${entry.id})`;
  await atomically(db, [
    auditStatement(db, audit),
    db
      .update(models)
      .set({ programmeId: entry.programmeId, typeId: entry.typeId, nameVi: entry.nameVi, nameEn: entry.nameEn, periodStart: entry.periodStart, periodEnd: entry.periodEnd, sponsorId: entry.sponsorId })
      .where(eq(models.id, entry.id)),
    statement(db, sql`DELETE FROM ${modelPlaces} WHERE ${modelPlaces.modelId} = ${entry.id}
               AND ${modelPlaces.placeId} IN (SELECT value FROM json_each(${placeIdsJson(removed)}))
               AND NOT ${holdsData(entry.id, sql`${modelPlaces.placeId}`)}`),
    statement(db, sql`INSERT INTO ${modelPlaces} (model_id, place_id, role) SELECT ${entry.id}, value, ${roleOf(entry)} FROM json_each(${placeIdsJson(entry.places)}) WHERE true
               ON CONFLICT (model_id, place_id) DO UPDATE SET role = excluded.role`),
    db.delete(assignmentCommunes).where(
      and(
        inArray(assignmentCommunes.roundId, roundsOfModel),
        sql`${assignmentCommunes.placeId} NOT IN (SELECT ${modelPlaces.placeId} FROM ${modelPlaces} WHERE ${modelPlaces.modelId} = ${entry.id})`,
      ),
    ),
    db.delete(roundAssignments).where(
      and(
        inArray(roundAssignments.roundId, roundsOfModel),
        sql`NOT EXISTS (SELECT 1 FROM ${assignmentCommunes} WHERE ${assignmentCommunes.userId} = ${roundAssignments.userId} AND ${assignmentCommunes.roundId} = ${roundAssignments.roundId})`,
      ),
    ),
  ]);
}
