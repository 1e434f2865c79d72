/**
 * The reference data every installation needs, demo or not: the administrative units (as they were when the
 * seeded plans were written and as they are since the 2025 reorganisation), which units replaced which, and the
 * model types of the national programme. No programme, model, account or round: admins set those up
 * (src/workflows/programmes.ts, models, users, rounds). Idempotent: running it twice changes nothing.
 * Called by `npm run db:migrate`, `npm run admin:create` and the demo seed (seed.ts).
 */
import { and, eq } from 'drizzle-orm';
import * as s from '../../db/schema';
import { atomically, type Db } from '../db';
import { inJson, insertsThatFit } from '../queries/bound';
import { modelTypes } from './programme';
import { placesValidFrom, placesValidTo, reorganisedOn, seedPlaces, seedSuccessions, todayPlaces, type SeedPlace } from './places';

/** Place ids by code among the units valid from `validFrom` (by default those in force when the plans were written). */
export async function placeIds(db: Db, codes: string[], validFrom = placesValidFrom): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ id: s.places.id, code: s.places.code })
    .from(s.places)
    .where(and(inJson(s.places.code, codes), eq(s.places.validFrom, validFrom)));
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Parents before children, so each level finds its parents' ids, looked up in the same list (same validFrom). */
async function seedPlacesByLevel(db: Db, list: SeedPlace[], validFrom: string, validTo: string | null) {
  for (const level of ['province', 'district', 'commune'] as const) {
    const rows = list.filter((p) => p.level === level);
    if (rows.length === 0) continue;
    const parents = await placeIds(db, rows.flatMap((p) => (p.parent ? [p.parent] : [])), validFrom);
    const values = rows.map((p) => ({
      code: p.code,
      level,
      nameVi: p.vi.normalize('NFC'),
      nameEn: p.en,
      parentId: p.parent ? parents.get(p.parent)! : null,
      validFrom,
      validTo,
    }));
    await atomically(db, insertsThatFit(db, s.places, values));
  }
}

/** Today's provinces and the old units they replaced (the primary key keeps a second run from adding any). */
async function seedReorganisation(db: Db) {
  await seedPlacesByLevel(db, todayPlaces, reorganisedOn, null);
  const [before, after] = await Promise.all([
    placeIds(db, seedSuccessions.map((x) => x.predecessor)),
    placeIds(db, seedSuccessions.map((x) => x.successor), reorganisedOn),
  ]);
  const successions = seedSuccessions.map((x) => ({ predecessorId: before.get(x.predecessor)!, successorId: after.get(x.successor)!, effective: reorganisedOn }));
  await atomically(db, insertsThatFit(db, s.placeSuccessions, successions));
}

/** Places, their successions and the model types (see above). */
export async function seedReference(db: Db): Promise<void> {
  await seedPlacesByLevel(db, seedPlaces, placesValidFrom, placesValidTo);
  await seedReorganisation(db);
  await atomically(db, insertsThatFit(db, s.modelTypes, modelTypes.map((t) => ({ id: t.id, nameVi: t.vi, nameEn: t.en }))));
}
