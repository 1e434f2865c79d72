import { and, desc, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import { places, rounds, submissions } from '../../db/schema';
import type { Db } from '../db';

/**
 * The latest household submission per household code from the rounds of `modelId` that started before
 * `before` (a round's planned start): where a later round's evaluator finds the households to revisit.
 */
export async function earlierHouseholds(db: Db, modelId: string, before: string) {
  const earlierRounds = db.select({ id: rounds.id }).from(rounds).where(and(eq(rounds.modelId, modelId), lt(rounds.plannedStart, before)));
  const rows = await db
    .select({
      id: submissions.id,
      householdCode: submissions.householdCode,
      answers: submissions.answers,
      instrumentVersion: submissions.instrumentVersion,
      startedAt: submissions.startedAt,
      receivedAt: submissions.receivedAt,
      roundKind: rounds.kind,
      communeCode: places.code,
      communeVi: places.nameVi,
      communeEn: places.nameEn,
    })
    .from(submissions)
    .innerJoin(rounds, eq(rounds.id, submissions.roundId))
    .innerJoin(places, eq(places.id, submissions.communeId))
    .where(and(inArray(submissions.roundId, earlierRounds), eq(submissions.instrumentSlug, 'household'), isNotNull(submissions.householdCode)))
    .orderBy(desc(submissions.receivedAt));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.householdCode!)) latest.set(row.householdCode!, row);
  return [...latest.values()];
}

/** Every submission of one household, oldest first: the household's visits across rounds. */
export async function visitsOfHousehold(db: Db, code: string) {
  return db
    .select({ id: submissions.id, roundId: submissions.roundId, kind: rounds.kind, receivedAt: submissions.receivedAt })
    .from(submissions)
    .innerJoin(rounds, eq(rounds.id, submissions.roundId))
    .where(eq(submissions.householdCode, code))
    .orderBy(submissions.receivedAt);
}
