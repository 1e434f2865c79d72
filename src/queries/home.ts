/** What a manager's or admin's home lists: the open rounds of the models they reach, with what awaits review. */
import { and, eq, sql } from 'drizzle-orm';
import { models, rounds, submissions } from '../../db/schema';
import type { Db } from '../db';
import { statesCollected } from '../domain/review-check';
import type { RoundKind } from '../domain/rounds';
import { inJson } from './bound';

export interface OpenRoundTodo {
  id: string;
  kind: RoundKind;
  status: 'open' | 'closed';
  modelId: string;
  modelVi: string;
  modelEn: string;
  plannedSample: number;
  /** What round progress counts (statesCollected). */
  received: number;
  /** Submissions in the review state `received`: sent, not reviewed yet. */
  awaitingReview: number;
}

/**
 * The open rounds of `modelIds` ('all' for admins), each with its progress and how many submissions await
 * review; the ids travel as one JSON array (json_each), so a manager of many models stays within D1's bound.
 */
export async function openRoundsOfModels(db: Db, modelIds: 'all' | readonly string[]): Promise<OpenRoundTodo[]> {
  const collected = JSON.stringify(statesCollected);
  const rows = await db
    .select({
      id: rounds.id,
      kind: rounds.kind,
      status: rounds.status,
      modelId: rounds.modelId,
      modelVi: models.nameVi,
      modelEn: models.nameEn,
      plannedSample: rounds.plannedSample,
      received: sql<number>`coalesce(sum(${submissions.reviewState} IN (SELECT value FROM json_each(${collected}))), 0)`,
      awaitingReview: sql<number>`coalesce(sum(${submissions.reviewState} = 'received'), 0)`,
    })
    .from(rounds)
    .innerJoin(models, eq(models.id, rounds.modelId))
    .leftJoin(submissions, eq(submissions.roundId, rounds.id))
    .where(and(eq(rounds.status, 'open'), modelIds === 'all' ? undefined : inJson(rounds.modelId, modelIds)))
    .groupBy(rounds.id)
    .orderBy(rounds.modelId, rounds.kind);
  return rows.map((r) => ({ ...r, received: Number(r.received), awaitingReview: Number(r.awaitingReview) }));
}
