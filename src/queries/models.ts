import { and, asc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { modelPlaces, models, modelTypes, organisations, places, programmes } from '../../db/schema';
import { type Db, valuesOf } from '../db';
import type { Scope } from '../domain/access';
import { inJson } from './bound';

const province = alias(places, 'province');

const modelColumns = {
  id: models.id,
  nameVi: models.nameVi,
  nameEn: models.nameEn,
  periodStart: models.periodStart,
  periodEnd: models.periodEnd,
  typeId: models.typeId,
  typeVi: modelTypes.nameVi,
  typeEn: modelTypes.nameEn,
  programmeId: models.programmeId,
  programmeVi: programmes.nameVi,
  programmeEn: programmes.nameEn,
  provinceCode: province.code,
  provinceVi: province.nameVi,
  provinceEn: province.nameEn,
  sponsor: organisations.name,
  sponsorId: models.sponsorId,
};

export type ModelSummary = Awaited<ReturnType<typeof listModels>>[number];

function modelsQuery(db: Db, where: (SQL | undefined)[]) {
  return db
    .select(modelColumns)
    .from(models)
    .innerJoin(modelTypes, eq(modelTypes.id, models.typeId))
    .innerJoin(programmes, eq(programmes.id, models.programmeId))
    .innerJoin(province, eq(province.id, programmes.provinceId))
    .leftJoin(organisations, eq(organisations.id, models.sponsorId))
    .where(and(...where));
}

function scopeFilter(scope: Scope): SQL | undefined {
  // One JSON parameter however many models (a sponsor given a whole programme): D1 binds at most 100.
  return scope.models === 'all' ? undefined : inJson(models.id, [...scope.models]);
}

/** The models in scope, by province code then id. */
export async function listModels(db: Db, scope: Scope) {
  return modelsQuery(db, [scopeFilter(scope)]).orderBy(asc(province.code), asc(models.id));
}

export async function modelById(db: Db, id: string) {
  const [row] = await modelsQuery(db, [eq(models.id, id)]).limit(1);
  return row ?? null;
}

/** Where each model runs: communes (with their district and role, treated or comparison) or whole districts. */
export async function placesOfModels(db: Db, modelIds: string[]) {
  if (modelIds.length === 0) return [];
  const parent = alias(places, 'parent');
  const query = db
    .select({ modelId: modelPlaces.modelId, id: places.id, code: places.code, level: places.level, nameVi: places.nameVi, nameEn: places.nameEn, parentVi: parent.nameVi, parentEn: parent.nameEn, role: modelPlaces.role })
    .from(modelPlaces)
    .innerJoin(places, eq(places.id, modelPlaces.placeId))
    .leftJoin(parent, eq(parent.id, places.parentId))
    .where(inJson(modelPlaces.modelId, modelIds))
    .orderBy(asc(places.code));
  // Read by position (valuesOf): a programme's 600 places as row objects mapped by Drizzle took twice as long,
  // on every dashboard page.
  type Place = Awaited<typeof query>[number];
  const rows = await valuesOf<[string, number, string, Place['level'], string, string, string | null, string | null, Place['role']]>(db, query.getSQL());
  return rows.map(([modelId, id, code, level, nameVi, nameEn, parentVi, parentEn, role]): Place => ({ modelId, id, code, level, nameVi, nameEn, parentVi, parentEn, role }));
}

/** Every programme, by id (a target may be set for a whole programme). */
export async function listProgrammes(db: Db) {
  return db.select({ id: programmes.id, nameVi: programmes.nameVi, nameEn: programmes.nameEn }).from(programmes).orderBy(asc(programmes.id));
}
