/** Programmes and organisations set up by admins (programmes, organisations), and the provinces to choose from. */
import { and, asc, eq, exists, gt, inArray, lt, notExists, or, sql } from 'drizzle-orm';
import { models, organisations, places, programmes, users } from '../../db/schema';
import type { Db } from '../db';
import { inJson } from './bound';
import type { OrganisationEntry, ProgrammeEntry } from '../domain/programmes';

const programmeColumns = {
  id: programmes.id,
  nameVi: programmes.nameVi,
  nameEn: programmes.nameEn,
  provinceId: programmes.provinceId,
  periodStart: programmes.periodStart,
  periodEnd: programmes.periodEnd,
  source: programmes.source,
  provinceCode: places.code,
  provinceVi: places.nameVi,
  provinceEn: places.nameEn,
};

export type ProgrammeRow = Awaited<ReturnType<typeof programmesSeen>>[number];

/** The programmes of these models (or every programme), with their province, by id. */
export async function programmesSeen(db: Db, ofModels: 'all' | readonly string[]) {
  const where = ofModels === 'all' ? undefined : exists(db.select({ one: sql`1` }).from(models).where(and(eq(models.programmeId, programmes.id), inJson(models.id, ofModels))));
  return db.select(programmeColumns).from(programmes).innerJoin(places, eq(places.id, programmes.provinceId)).where(where).orderBy(asc(programmes.id));
}

export async function programmeRowById(db: Db, id: string) {
  const [row] = await db.select(programmeColumns).from(programmes).innerJoin(places, eq(places.id, programmes.provinceId)).where(eq(programmes.id, id)).limit(1);
  return row ?? null;
}

/** Every stored unit with this code, whatever its level and validity (a programme's province is checked against them). */
export async function placesWithCode(db: Db, code: string) {
  return db.select().from(places).where(eq(places.code, code));
}

/** The province of a stored programme, with its validity. */
export async function placeById(db: Db, id: number) {
  const [row] = await db.select().from(places).where(eq(places.id, id)).limit(1);
  return row ?? null;
}

/** Every province in the places table, old and current, by code then start: the choices of the programme form. */
export async function provinces(db: Db) {
  return db.select({ code: places.code, nameVi: places.nameVi, nameEn: places.nameEn, validFrom: places.validFrom, validTo: places.validTo }).from(places).where(eq(places.level, 'province')).orderBy(asc(places.code), asc(places.validFrom));
}

/** The periods of a programme's models (a changed period must still contain each). */
export async function modelPeriodsOf(db: Db, programmeId: string) {
  return db.select({ id: models.id, periodStart: models.periodStart, periodEnd: models.periodEnd }).from(models).where(eq(models.programmeId, programmeId)).orderBy(asc(models.id));
}

/** Inserts a programme; false when its id is taken. */
export async function insertProgramme(db: Db, entry: ProgrammeEntry): Promise<boolean> {
  const rows = await db.insert(programmes).values(entry).onConflictDoNothing().returning({ id: programmes.id });
  return rows.length === 1;
}

/**
 * Changes a programme's names, period and source, unless one of its models (perhaps created meanwhile) runs
 * outside the new period; false then, and nothing is written.
 */
export async function updateProgramme(db: Db, entry: ProgrammeEntry): Promise<boolean> {
  const outside = db
    .select({ one: sql`1` })
    .from(models)
    .where(and(eq(models.programmeId, entry.id), or(lt(models.periodStart, entry.periodStart), gt(models.periodEnd, entry.periodEnd))));
  const rows = await db
    .update(programmes)
    .set({ nameVi: entry.nameVi, nameEn: entry.nameEn, periodStart: entry.periodStart, periodEnd: entry.periodEnd, source: entry.source })
    .where(and(eq(programmes.id, entry.id), notExists(outside)))
    .returning({ id: programmes.id });
  return rows.length === 1;
}

const organisationColumns = { id: organisations.id, name: organisations.name, kind: organisations.kind };

/**
 * The organisations someone reads: every one, or those sponsoring the given models plus the reader's own
 * (their account's organisation). By name.
 */
export async function organisationsSeen(db: Db, of: 'all' | { models: readonly string[]; userId: number }) {
  const where =
    of === 'all'
      ? undefined
      : or(
          inArray(organisations.id, db.select({ id: models.sponsorId }).from(models).where(inJson(models.id, of.models))),
          inArray(organisations.id, db.select({ id: users.organisationId }).from(users).where(eq(users.id, of.userId))),
        );
  return db.select(organisationColumns).from(organisations).where(where).orderBy(asc(organisations.name));
}

/** Every organisation (few), to find one with the same name before adding another. */
export async function allOrganisations(db: Db) {
  return db.select(organisationColumns).from(organisations).orderBy(asc(organisations.name));
}

/** Inserts an organisation unless its id or exactly its name is taken (false then). */
export async function insertOrganisation(db: Db, entry: OrganisationEntry): Promise<boolean> {
  const rows = await db.all<{ id: string }>(sql`INSERT INTO ${organisations} (id, name, kind)
    SELECT ${entry.id}, ${entry.name}, ${entry.kind} WHERE NOT EXISTS (SELECT 1 FROM ${organisations} WHERE name = ${entry.name})
    ON CONFLICT DO NOTHING RETURNING id`);
  return rows.length === 1;
}
