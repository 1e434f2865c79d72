/**
 * Idempotent seeding of the programmes of the seed documents: the reference data (reference.ts: places as they
 * were and as they are today, model types), then organisations, programmes, models, rounds, pinned instruments
 * and targets. Running it twice changes nothing.
 */
import * as s from '../../db/schema';
import { atomically, type Db } from '../db';
import { insertsThatFit } from '../queries/bound';
import { seedTargetStatements } from '../queries/targets';
import { organisations, programmes, roundsFor, seedModels } from './programme';
import { placeIds, seedReference } from './reference';
import { seededTargets } from './targets';
import { seedInstruments } from './instruments';
import { seedPlaces } from './places';

export { placeIds };

export async function seedProgramme(db: Db): Promise<void> {
  // Places, successions and model types: what an installation without demo data has too.
  await seedReference(db);
  const ids = await placeIds(db, seedPlaces.map((p) => p.code));
  const evaluated = seedModels.filter((m) => m.rounds);
  const rounds = evaluated.flatMap(roundsFor);
  // Final rounds pin household v2: released first, as an admin would (the first versions come with migration 0011).
  await seedInstruments(db);
  await atomically(db, [
    ...insertsThatFit(db, s.organisations, organisations),
    ...insertsThatFit(
      db,
      s.programmes,
      programmes.map((p) => ({ id: p.id, nameVi: p.vi, nameEn: p.en, provinceId: ids.get(p.province)!, periodStart: p.start, periodEnd: p.end, source: p.source })),
    ),
    ...insertsThatFit(
      db,
      s.models,
      seedModels.map((m) => ({ id: m.id, programmeId: m.programme, typeId: m.type, nameVi: m.vi, nameEn: m.en, periodStart: m.start, periodEnd: m.end, sponsorId: m.sponsor ?? null })),
    ),
    ...insertsThatFit(db, s.modelPlaces, seedModels.flatMap((m) => m.places.map((code) => ({ modelId: m.id, placeId: ids.get(code)! })))),
    ...insertsThatFit(
      db,
      s.rounds,
      rounds.map((r) => ({ id: r.id, modelId: r.modelId, kind: r.kind, status: r.status, plannedStart: r.start, plannedEnd: r.end, plannedSample: r.plannedSample })),
    ),
    ...insertsThatFit(
      db,
      s.roundInstruments,
      rounds.flatMap((r) => [
        // Final rounds collect on household v2; baseline and midterm on v1 (indicators compare across versions).
        { roundId: r.id, slug: 'household', version: r.kind === 'final' ? 2 : 1 },
        { roundId: r.id, slug: 'commune-checklist', version: 1 },
      ]),
    ),
    // The targets of the source documents, as rows people can edit (a second run keeps their edits).
    ...seedTargetStatements(db, seededTargets, new Date().toISOString()),
  ]);
}
