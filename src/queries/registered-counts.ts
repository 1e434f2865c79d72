/** Reading registered counts with where each came from; writing them is `enterFigures` (queries/aggregates). */
import { and, asc, eq } from 'drizzle-orm';
import { modelPlaces, places, registeredCounts, users } from '../../db/schema';
import type { Db } from '../db';

/** The communes a model runs in, by GSO code, with their role (treated, or comparison: surveyed, not the model's). */
export async function communesOfModel(db: Db, modelId: string) {
  return db
    .select({ id: places.id, code: places.code, nameVi: places.nameVi, nameEn: places.nameEn, role: modelPlaces.role })
    .from(modelPlaces)
    .innerJoin(places, eq(places.id, modelPlaces.placeId))
    .where(and(eq(modelPlaces.modelId, modelId), eq(places.level, 'commune')))
    .orderBy(asc(places.code));
}

/** A round's registered figures, each with its source and date, and the checklist or the person it came from. */
export async function countsOfRound(db: Db, roundId: string) {
  const r = registeredCounts;
  return db
    .select({ communeId: r.communeId, figure: r.figure, value: r.value, source: r.source, asOf: r.asOf, submissionId: r.submissionId, enteredBy: users.name })
    .from(r)
    .leftJoin(users, eq(users.id, r.enteredBy))
    .where(eq(r.roundId, roundId));
}

export type StoredCount = Awaited<ReturnType<typeof countsOfRound>>[number];
