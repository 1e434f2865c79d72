/**
 * Idempotent seeding of the programmes of the seed documents: places (as they were and as they are today),
 * organisations, programmes, model types, models, rounds, pinned instruments and targets. Running it twice
 * changes nothing.
 */
import { and, eq, inArray } from 'drizzle-orm';
import * as s from '../../db/schema';
import { atomically, type Db } from '../db';
import { seedTargetStatements } from '../queries/targets';
import { modelTypes, organisations, programmes, roundsFor, seedModels } from './programme';
import { seededTargets } from './targets';
import { seedInstruments } from './instruments';
import { placesValidFrom, placesValidTo, reorganisedOn, seedPlaces, seedSuccessions, todayPlaces, type SeedPlace } from './places';

/** Place ids by code among the units valid from `validFrom` (by default those in force when the plans were written). */
export async function placeIds(db: Db, codes: string[], validFrom = placesValidFrom): Promise<Map<string, number>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ id: s.places.id, code: s.places.code })
    .from(s.places)
    .where(and(inArray(s.places.code, codes), eq(s.places.validFrom, validFrom)));
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Parents before children, so each level finds its parents' ids, looked up in the same list (same validFrom). */
async function seedPlacesByLevel(db: Db, list: SeedPlace[], validFrom: string, validTo: string | null) {
  for (const level of ['province', 'district', 'commune'] as const) {
    const rows = list.filter((p) => p.level === level);
    if (rows.length === 0) continue;
    const parents = await placeIds(db, rows.flatMap((p) => (p.parent ? [p.parent] : [])), validFrom);
    await db
      .insert(s.places)
      .values(
        rows.map((p) => ({
          code: p.code,
          level,
          nameVi: p.vi.normalize('NFC'),
          nameEn: p.en,
          parentId: p.parent ? parents.get(p.parent)! : null,
          validFrom,
          validTo,
        })),
      )
      .onConflictDoNothing();
  }
}

/** Today's provinces and the old units they replaced (the primary key keeps a second run from adding any). */
async function seedReorganisation(db: Db) {
  await seedPlacesByLevel(db, todayPlaces, reorganisedOn, null);
  const [before, after] = await Promise.all([
    placeIds(db, seedSuccessions.map((x) => x.predecessor)),
    placeIds(db, seedSuccessions.map((x) => x.successor), reorganisedOn),
  ]);
  await db
    .insert(s.placeSuccessions)
    .values(seedSuccessions.map((x) => ({ predecessorId: before.get(x.predecessor)!, successorId: after.get(x.successor)!, effective: reorganisedOn })))
    .onConflictDoNothing();
}

export async function seedProgramme(db: Db): Promise<void> {
  await seedPlacesByLevel(db, seedPlaces, placesValidFrom, placesValidTo);
  await seedReorganisation(db);
  const ids = await placeIds(db, seedPlaces.map((p) => p.code));
  const evaluated = seedModels.filter((m) => m.rounds);
  const rounds = evaluated.flatMap(roundsFor);
  // Final rounds pin household v2: released first, as an admin would (the first versions come with migration 0011).
  await seedInstruments(db);
  await atomically(db, [
    db.insert(s.organisations).values(organisations).onConflictDoNothing(),
    db
      .insert(s.programmes)
      .values(programmes.map((p) => ({ id: p.id, nameVi: p.vi, nameEn: p.en, provinceId: ids.get(p.province)!, periodStart: p.start, periodEnd: p.end, source: p.source })))
      .onConflictDoNothing(),
    db.insert(s.modelTypes).values(modelTypes.map((t) => ({ id: t.id, nameVi: t.vi, nameEn: t.en }))).onConflictDoNothing(),
    db
      .insert(s.models)
      .values(seedModels.map((m) => ({ id: m.id, programmeId: m.programme, typeId: m.type, nameVi: m.vi, nameEn: m.en, periodStart: m.start, periodEnd: m.end, sponsorId: m.sponsor ?? null })))
      .onConflictDoNothing(),
    db
      .insert(s.modelPlaces)
      .values(seedModels.flatMap((m) => m.places.map((code) => ({ modelId: m.id, placeId: ids.get(code)! }))))
      .onConflictDoNothing(),
    db
      .insert(s.rounds)
      .values(rounds.map((r) => ({ id: r.id, modelId: r.modelId, kind: r.kind, status: r.status, plannedStart: r.start, plannedEnd: r.end, plannedSample: r.plannedSample })))
      .onConflictDoNothing(),
    db
      .insert(s.roundInstruments)
      .values(rounds.flatMap((r) => [
        // Final rounds collect on household v2; baseline and midterm on v1 (indicators compare across versions).
        { roundId: r.id, slug: 'household', version: r.kind === 'final' ? 2 : 1 },
        { roundId: r.id, slug: 'commune-checklist', version: 1 },
      ]))
      .onConflictDoNothing(),
    // The targets of the source documents, as rows people can edit (a second run keeps their edits).
    ...seedTargetStatements(db, seededTargets, new Date().toISOString()),
  ]);
}
