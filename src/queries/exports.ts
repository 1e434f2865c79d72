/**
 * The reads of exports: a round's submissions of one instrument a page at a time, by keyset (received_at, id)
 * on the index submissions_round_received (the review states passed as one JSON array), so that an export of any size holds one page in memory and each
 * page costs the same; and how many rows an export holds, for its audit entry.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { places, submissions, users } from '../../db/schema';
import { type Db, valuesOf } from '../db';
import type { ReviewState } from '../domain/review';
import { inJson } from './bound';

export interface ExportFilter {
  roundId: string;
  instrument: string;
  /** The review states exported (never `removed`). */
  states: readonly ReviewState[];
}

/** Where the next page starts: after this (receivedAt, id). */
export type ExportCursor = { receivedAt: string; id: string } | null;

/** A stored submission as an export page reads it: names of its commune and evaluator come from exportNames. */
export interface ExportStored {
  id: string;
  roundId: string;
  receivedAt: string;
  communeId: number;
  evaluatorId: number;
  version: number;
  reviewState: ReviewState;
  householdCode: string | null;
  answers: string;
}

/**
 * One page of the filter's submissions in (receivedAt, id) order after `after`. Plain SQL, no joins, values by
 * position: an export reads every row of a round, and making objects by column name cost as much as the read.
 * Example: `await exportPage(db, filter, null, 250)` → the first 250.
 */
export async function exportPage(db: Db, filter: ExportFilter, after: ExportCursor, limit: number): Promise<ExportStored[]> {
  // The round is the filter's: not read again per row. Rows are mapped in one loop (no intermediate arrays).
  const rows = await valuesOf<[string, string, number, number, number, ReviewState, string | null, string]>(db, sql`
    SELECT id, received_at, commune_id, evaluator_id, instrument_version, review_state, household_code, answers
    FROM ${submissions}
    WHERE round_id = ${filter.roundId} AND instrument_slug = ${filter.instrument}
      AND review_state IN (SELECT value FROM json_each(${JSON.stringify(filter.states)}))
      ${after ? sql`AND (received_at, id) > (${after.receivedAt}, ${after.id})` : sql``}
    ORDER BY received_at, id
    LIMIT ${limit}`);
  const page: ExportStored[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    page[i] = {
      id: r[0],
      roundId: filter.roundId,
      receivedAt: r[1],
      communeId: Number(r[2]),
      evaluatorId: Number(r[3]),
      version: Number(r[4]),
      reviewState: r[5],
      householdCode: r[6],
      answers: r[7],
    };
  }
  return page;
}

/** The communes' codes and names and the evaluators' names of the ids given (each list passed as one JSON array). */
export async function exportNames(db: Db, communeIds: readonly number[], evaluatorIds: readonly number[]) {
  const [communes, evaluators] = await db.batch([
    db
      .select({ id: places.id, code: places.code, nameVi: places.nameVi, nameEn: places.nameEn })
      .from(places)
      .where(inJson(places.id, communeIds)),
    db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inJson(users.id, evaluatorIds)),
  ]);
  return { communes, evaluators };
}

/**
 * How many submissions the filter holds and, per dynamic panel named, how many entries they have in all.
 * Example: `await exportCounts(db, filter, ['children'])` → { submissions: 120, entries: { children: 310 } }.
 */
export async function exportCounts(db: Db, filter: ExportFilter, panels: readonly string[]): Promise<{ submissions: number; entries: Record<string, number> }> {
  const entryCounts = panels.map((p) => sql<number>`coalesce(sum(json_array_length(${submissions.answers}, ${`$."${p.replace(/["\\]/g, '')}"`})), 0)`.mapWith(Number));
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number), ...Object.fromEntries(entryCounts.map((e, i) => [`p${i}`, e])) })
    .from(submissions)
    .where(and(eq(submissions.roundId, filter.roundId), eq(submissions.instrumentSlug, filter.instrument), inArray(submissions.reviewState, [...filter.states])));
  const r = row as unknown as Record<string, number>;
  return { submissions: r.n, entries: Object.fromEntries(panels.map((p, i) => [p, r[`p${i}`] ?? 0])) };
}
