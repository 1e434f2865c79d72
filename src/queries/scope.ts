import { and, eq, sql } from 'drizzle-orm';
import { assignmentCommunes, models, places, roundAssignments, rounds, userModels, userProgrammes } from '../../db/schema';
import type { Db } from '../db';
import { type Actor, everything, type Scope } from '../domain/access';
import { preparedFor } from './prepared';

/** One row per assigned round × commune (the commune null when an assignment has none). */
const assignedRounds = preparedFor((db) =>
  db
    .select({ roundId: rounds.id, modelId: rounds.modelId, communeCode: places.code })
    .from(roundAssignments)
    .innerJoin(rounds, eq(rounds.id, roundAssignments.roundId))
    .leftJoin(assignmentCommunes, and(eq(assignmentCommunes.userId, roundAssignments.userId), eq(assignmentCommunes.roundId, roundAssignments.roundId)))
    .leftJoin(places, eq(places.id, assignmentCommunes.placeId))
    .where(eq(roundAssignments.userId, sql.placeholder('userId')))
    .prepare(),
);
/**
 * A manager's or sponsor's models: those given one by one (user_models) and every model of the programmes they
 * were given (user_programmes), so a model created later in such a programme is reached too. One query, one
 * parameter.
 */
const managedModels = preparedFor((db) =>
  db
    .select({ modelId: userModels.modelId })
    .from(userModels)
    .where(eq(userModels.userId, sql.placeholder('userId')))
    .union(
      db
        .select({ modelId: models.id })
        .from(userProgrammes)
        .innerJoin(models, eq(models.programmeId, userProgrammes.programmeId))
        .where(eq(userProgrammes.userId, sql.placeholder('userId'))),
    )
    .prepare(),
);

/** Loads the models and rounds an actor may reach (see domain/access for the rules). */
export async function scopeOf(db: Db, actor: Actor): Promise<Scope> {
  if (actor.role === 'admin') return everything;
  if (actor.role === 'evaluator') {
    const rows = await assignedRounds(db).all({ userId: actor.id });
    const communes = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = communes.get(r.roundId) ?? new Set<string>();
      if (r.communeCode) set.add(r.communeCode);
      communes.set(r.roundId, set);
    }
    return { models: new Set(rows.map((r) => r.modelId)), rounds: new Set(communes.keys()), communes };
  }
  const rows = await managedModels(db).all({ userId: actor.id });
  return { models: new Set(rows.map((r) => r.modelId)), rounds: 'all', communes: 'all' };
}
