/** What the sponsor summary reads beyond the indicators: how recent its data is. */
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { type Basis, statesCountedIn } from '../domain/review';
import { inTreatedCommune } from './aggregates';

/**
 * The latest moment behind some rounds' values (ISO instant, null when there is none): the last counted
 * submission received (in the basis's review states) or registered figure entered, in the models' treated
 * communes (as their figures count: queries/aggregates inTreatedCommune). Each round is read
 * backwards on submissions_round_received until its first counted submission, so the cost does not grow with
 * the rounds' size; the ids travel as one JSON array (D1 binds at most 100).
 */
export async function dataAsOf(db: Db, roundIds: readonly string[], basis: Basis): Promise<string | null> {
  if (roundIds.length === 0) return null;
  const rounds = JSON.stringify([...roundIds]);
  const states = JSON.stringify(statesCountedIn(basis));
  const [row] = await db.all<{ received: string | null; figures: string | null }>(sql`
    SELECT
      (SELECT max((SELECT s.received_at FROM submissions s INDEXED BY submissions_round_received
                   WHERE s.round_id = r.value AND s.review_state IN (SELECT value FROM json_each(${states}))
                     AND ${inTreatedCommune(sql`s.round_id`, sql`s.commune_id`)}
                   ORDER BY s.received_at DESC LIMIT 1))
       FROM json_each(${rounds}) r) AS received,
      (SELECT max(c.updated_at) FROM registered_counts c
       WHERE c.round_id IN (SELECT value FROM json_each(${rounds})) AND ${inTreatedCommune(sql`c.round_id`, sql`c.commune_id`)}) AS figures`);
  const times = [row?.received, row?.figures].filter((t): t is string => Boolean(t));
  return times.length ? times.sort().at(-1)! : null;
}
