import { eq, sql } from 'drizzle-orm';
import { roundAssignments, rounds, userModels } from '../../db/schema';
import type { Db } from '../db';
import { type Actor, everything, type Scope } from '../domain/access';
import { preparedFor } from './prepared';

const assignedRounds = preparedFor((db) =>
  db
    .select({ roundId: rounds.id, modelId: rounds.modelId })
    .from(roundAssignments)
    .innerJoin(rounds, eq(rounds.id, roundAssignments.roundId))
    .where(eq(roundAssignments.userId, sql.placeholder('userId')))
    .prepare(),
);
const managedModels = preparedFor((db) => db.select({ modelId: userModels.modelId }).from(userModels).where(eq(userModels.userId, sql.placeholder('userId'))).prepare());

/** Loads the models and rounds an actor may reach (see domain/access for the rules). */
export async function scopeOf(db: Db, actor: Actor): Promise<Scope> {
  if (actor.role === 'admin') return everything;
  if (actor.role === 'evaluator') {
    const rows = await assignedRounds(db).all({ userId: actor.id });
    return { models: new Set(rows.map((r) => r.modelId)), rounds: new Set(rows.map((r) => r.roundId)) };
  }
  const rows = await managedModels(db).all({ userId: actor.id });
  return { models: new Set(rows.map((r) => r.modelId)), rounds: 'all' };
}
