import { eq } from 'drizzle-orm';
import { roundAssignments, rounds, userModels } from '../../db/schema';
import type { Db } from '../db';
import { type Actor, everything, type Scope } from '../domain/access';

/** Loads the models and rounds an actor may reach (see domain/access for the rules). */
export async function scopeOf(db: Db, actor: Actor): Promise<Scope> {
  if (actor.role === 'admin') return everything;
  if (actor.role === 'evaluator') {
    const rows = await db
      .select({ roundId: rounds.id, modelId: rounds.modelId })
      .from(roundAssignments)
      .innerJoin(rounds, eq(rounds.id, roundAssignments.roundId))
      .where(eq(roundAssignments.userId, actor.id));
    return { models: new Set(rows.map((r) => r.modelId)), rounds: new Set(rows.map((r) => r.roundId)) };
  }
  const rows = await db.select({ modelId: userModels.modelId }).from(userModels).where(eq(userModels.userId, actor.id));
  return { models: new Set(rows.map((r) => r.modelId)), rounds: 'all' };
}
