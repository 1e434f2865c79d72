/**
 * The reads of exports: a round's submissions of one instrument a page at a time, by keyset (received_at, id)
 * on the index submissions_round_received, so that an export of any size holds one page in memory and each
 * page costs the same; and how many rows an export holds, for its audit entry.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { places, submissions, users } from '../../db/schema';
import type { Db } from '../db';
import type { ExportRow } from '../domain/exports';
import type { ReviewState } from '../domain/review';

export interface ExportFilter {
  roundId: string;
  instrument: string;
  /** The review states exported (never `removed`). */
  states: readonly ReviewState[];
}

/** Where the next page starts: after this (receivedAt, id). */
export type ExportCursor = { receivedAt: string; id: string } | null;

/**
 * One page of the filter's submissions in (receivedAt, id) order after `after`, with the commune's code and
 * names and the evaluator's name. Example: `await exportPage(db, filter, null, 500)` → the first 500.
 */
export async function exportPage(db: Db, filter: ExportFilter, after: ExportCursor, limit: number): Promise<ExportRow[]> {
  return db
    .select({
      id: submissions.id,
      roundId: submissions.roundId,
      receivedAt: submissions.receivedAt,
      communeCode: places.code,
      communeVi: places.nameVi,
      communeEn: places.nameEn,
      evaluator: users.name,
      version: submissions.instrumentVersion,
      reviewState: submissions.reviewState,
      householdCode: submissions.householdCode,
      answers: submissions.answers,
    })
    .from(submissions)
    .innerJoin(places, eq(places.id, submissions.communeId))
    .innerJoin(users, eq(users.id, submissions.evaluatorId))
    .where(
      and(
        eq(submissions.roundId, filter.roundId),
        eq(submissions.instrumentSlug, filter.instrument),
        inArray(submissions.reviewState, [...filter.states]),
        after ? sql`(${submissions.receivedAt}, ${submissions.id}) > (${after.receivedAt}, ${after.id})` : undefined,
      ),
    )
    .orderBy(asc(submissions.receivedAt), asc(submissions.id))
    .limit(limit);
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
