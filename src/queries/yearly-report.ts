/** What the yearly programme report reads beyond the indicator sums (workflows/yearly-report.ts). */
import { and, inArray, max, sql } from 'drizzle-orm';
import { registeredCounts, submissions } from '../../db/schema';
import type { Db } from '../db';
import type { ReviewState } from '../domain/review';
import { inTreatedCommune } from './aggregates';

/**
 * When the newest data of these rounds came in (ISO instant): the last counted submission received or registered
 * figure entered in a treated commune; null without any. Two statements, each one JSON list of round ids.
 */
export async function lastDataOf(db: Db, roundIds: readonly string[], states: readonly ReviewState[]): Promise<string | null> {
  if (roundIds.length === 0) return null;
  const rounds = sql`(SELECT value FROM json_each(${JSON.stringify(roundIds)}))`;
  const [[sent], [entered]] = await Promise.all([
    db
      .select({ at: max(submissions.receivedAt) })
      .from(submissions)
      .where(and(inArray(submissions.roundId, rounds), inArray(submissions.reviewState, sql`(SELECT value FROM json_each(${JSON.stringify(states)}))`), inTreatedCommune(submissions.roundId, submissions.communeId))),
    db
      .select({ at: max(registeredCounts.updatedAt) })
      .from(registeredCounts)
      .where(and(inArray(registeredCounts.roundId, rounds), inTreatedCommune(registeredCounts.roundId, registeredCounts.communeId))),
  ]);
  const times = [sent?.at, entered?.at].filter((t): t is string => typeof t === 'string');
  return times.length ? times.sort().at(-1)! : null;
}
