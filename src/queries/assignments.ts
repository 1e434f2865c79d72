/** Evaluators' assignments to rounds and to communes within them (round_assignments, assignment_communes). */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { assignmentCommunes, modelPlaces, places, roundAssignments, rounds, users } from '../../db/schema';
import { atomically, statement, type Db } from '../db';
import type { Assignment } from '../domain/assignments';
import { inJson } from './bound';

/** Each evaluator of a round with the communes they work in, by name. */
export async function assignmentsOfRound(db: Db, roundId: string) {
  const rows = await db
    .select({ userId: users.id, email: users.email, name: users.name, communeCode: places.code, communeVi: places.nameVi, communeEn: places.nameEn })
    .from(roundAssignments)
    .innerJoin(users, eq(users.id, roundAssignments.userId))
    .leftJoin(assignmentCommunes, and(eq(assignmentCommunes.userId, roundAssignments.userId), eq(assignmentCommunes.roundId, roundAssignments.roundId)))
    .leftJoin(places, eq(places.id, assignmentCommunes.placeId))
    .where(eq(roundAssignments.roundId, roundId))
    .orderBy(asc(users.name), asc(places.code));
  const byUser = new Map<number, { userId: number; email: string; name: string; communes: { code: string; nameVi: string; nameEn: string }[] }>();
  for (const r of rows) {
    const entry = byUser.get(r.userId) ?? { userId: r.userId, email: r.email, name: r.name, communes: [] };
    if (r.communeCode) entry.communes.push({ code: r.communeCode, nameVi: r.communeVi!, nameEn: r.communeEn! });
    byUser.set(r.userId, entry);
  }
  return [...byUser.values()];
}

/** The evaluators among these emails (any case) and ids; both lists travel as JSON (json_each), whatever their length. */
export async function evaluatorsNamed(db: Db, named: { emails: string[]; ids: number[] }) {
  return db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.role, 'evaluator'),
        or(
          inArray(sql`lower(${users.email})`, sql`(SELECT value FROM json_each(${JSON.stringify(named.emails)}))`),
          inJson(users.id, named.ids),
        ),
      ),
    );
}

/**
 * Sets a round's assignments whole, in one batch: evaluators left out are no longer assigned. Each list goes
 * as one JSON parameter, so any number of evaluators and communes stays within D1's bound parameters.
 */
export async function replaceAssignments(db: Db, roundId: string, assignments: readonly Assignment[]) {
  const json = JSON.stringify(assignments.map((a) => ({ u: a.userId, c: a.placeIds })));
  await atomically(db, [
    db.delete(assignmentCommunes).where(eq(assignmentCommunes.roundId, roundId)),
    db.delete(roundAssignments).where(eq(roundAssignments.roundId, roundId)),
    statement(db, sql`INSERT INTO ${roundAssignments} (user_id, round_id) SELECT json_extract(value, '$.u'), ${roundId} FROM json_each(${json})`),
    statement(
      db,
      sql`INSERT INTO ${assignmentCommunes} (user_id, round_id, place_id)
          SELECT json_extract(a.value, '$.u'), ${roundId}, c.value FROM json_each(${json}) AS a, json_each(json_extract(a.value, '$.c')) AS c`,
    ),
  ]);
}

/** Assigns these evaluators to every commune of these rounds' models (the demo's evaluators; one statement). */
export function assignEveryCommune(db: Db, userIds: number[], roundIds: string[]) {
  return statement(
    db,
    sql`INSERT OR IGNORE INTO ${assignmentCommunes} (user_id, round_id, place_id)
        SELECT u.value, ${rounds.id}, ${modelPlaces.placeId}
        FROM json_each(${JSON.stringify(userIds)}) AS u, ${rounds}
        JOIN ${modelPlaces} ON ${modelPlaces.modelId} = ${rounds.modelId}
        JOIN ${places} ON ${places.id} = ${modelPlaces.placeId} AND ${places.level} = 'commune'
        WHERE ${rounds.id} IN (SELECT value FROM json_each(${JSON.stringify(roundIds)}))`,
  );
}
