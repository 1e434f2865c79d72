import { and, count, desc, eq, getTableColumns, inArray, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { modelPlaces, places, submissions, users } from '../../db/schema';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db';
import { type Basis, statesCountedIn } from '../domain/review';
import { statesCollected } from '../domain/review-check';
import { canonicalSubmissionId } from '../domain/submission';
import { inTreatedCommune } from './aggregates';
import { batchTemplate, returnedRows } from './batch-template';
import { inJson } from './bound';
import { preparedFor } from './prepared';

export type SubmissionRow = typeof submissions.$inferSelect;
export type NewSubmission = typeof submissions.$inferInsert;

/** What answering a resend needs of the stored row (its content hash, and what the answer shows). */
export type KnownSubmission = Pick<SubmissionRow, 'id' | 'roundId' | 'instrumentSlug' | 'instrumentVersion' | 'contentHash' | 'receivedAt'>;

/** The known rows among these ids, however many (one JSON parameter), as a select for a batch. */
export function knownSubmissions(db: Db, ids: string[]) {
  const s = submissions;
  return db
    .select({ id: s.id, roundId: s.roundId, instrumentSlug: s.instrumentSlug, instrumentVersion: s.instrumentVersion, contentHash: s.contentHash, receivedAt: s.receivedAt })
    .from(s)
    .where(inJson(s.id, ids));
}

const byId = preparedFor((db) => db.select().from(submissions).where(eq(submissions.id, sql.placeholder('id'))).limit(1).prepare());

export async function submissionById(db: Db, id: string): Promise<SubmissionRow | null> {
  const [row] = await byId(db).all({ id });
  return row ?? null;
}

const columns = Object.entries(getTableColumns(submissions));

// Every column a placeholder, the insert built once per database (Drizzle built it for every submission:
// ~150 µs of an ingest request's CPU).
const insertStatement = batchTemplate((db, value) =>
  db
    .insert(submissions)
    .values(Object.fromEntries(columns.map(([key]) => [key, value(key)])) as unknown as NewSubmission)
    .onConflictDoNothing()
    .returning({ id: submissions.id }),
);

/** The row as stored: the columns it leaves out take their defaults. */
function withDefaults(row: NewSubmission): SubmissionRow {
  const full: Record<string, unknown> = {};
  for (const [key, column] of columns) full[key] = (row as Record<string, unknown>)[key] ?? (column.hasDefault ? column.default : null);
  return full as SubmissionRow;
}

/**
 * Inserts unless the id exists, in one batch with `alongside` (the statements that count it, see
 * workflows/aggregates.ts); returns the stored row, or null when another request stored it first.
 */
export async function insertSubmission(db: Db, row: NewSubmission, alongside: BatchItem<'sqlite'>[] = []): Promise<SubmissionRow | null> {
  const stored = withDefaults(row);
  const [inserted] = await db.batch([insertStatement(db, stored), ...alongside]);
  return returnedRows(inserted).length === 1 ? stored : null;
}

/** The submissions with these ids, however many (one JSON parameter). */
export async function submissionsByIds(db: Db, ids: string[]): Promise<SubmissionRow[]> {
  return db.select().from(submissions).where(inJson(submissions.id, ids));
}

/**
 * A submission with the names a reader needs, its id in any case: the stored (lower-case) id, or an id as
 * stored before ids were canonical, kept when its lower-case twin already existed (migration 0004).
 */
export async function submissionDetail(db: Db, id: string) {
  const canonical = canonicalSubmissionId(id);
  const [row] = await db
    .select({ submission: submissions, communeVi: places.nameVi, communeEn: places.nameEn, communeCode: places.code, evaluator: users.name })
    .from(submissions)
    .innerJoin(places, eq(places.id, submissions.communeId))
    .innerJoin(users, eq(users.id, submissions.evaluatorId))
    .where(inArray(submissions.id, [...new Set([id, canonical])]))
    // The exact id first.
    .orderBy(sql`${submissions.id} = ${id} DESC`)
    .limit(1);
  return row ?? null;
}

/** Ids of up to `limit` synthetic (demo or benchmark) submissions. */
export async function syntheticIds(db: Db, limit: number): Promise<string[]> {
  const rows = await db.select({ id: submissions.id }).from(submissions).where(eq(submissions.synthetic, true)).limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Household submissions of a round per commune of its model (zero where none yet) and per evaluator, those
 * that count as collected (domain/review-check.ts statesCollected: received and approved).
 */
export async function progressOfRound(db: Db, round: { id: string; modelId: string }) {
  const [byCommune, byEvaluator] = await db.batch([
    db
      .select({ code: places.code, nameVi: places.nameVi, nameEn: places.nameEn, received: count(submissions.id) })
      .from(modelPlaces)
      .innerJoin(places, eq(places.id, modelPlaces.placeId))
      .leftJoin(submissions, and(eq(submissions.communeId, places.id), eq(submissions.roundId, round.id), eq(submissions.instrumentSlug, 'household'), inArray(submissions.reviewState, statesCollected)))
      .where(and(eq(modelPlaces.modelId, round.modelId), eq(places.level, 'commune')))
      .groupBy(places.id)
      .orderBy(places.code),
    db
      .select({ evaluatorId: users.id, evaluator: users.name, received: count(submissions.id) })
      .from(submissions)
      .innerJoin(users, eq(users.id, submissions.evaluatorId))
      .where(and(eq(submissions.roundId, round.id), eq(submissions.instrumentSlug, 'household'), inArray(submissions.reviewState, statesCollected)))
      .groupBy(users.id)
      .orderBy(desc(count(submissions.id))),
  ]);
  return { byCommune, byEvaluator };
}

/**
 * Household answers of the same households in two rounds (linked by household code), the latest of each
 * side when a household was surveyed twice in a round. Reads only the households found in both rounds, each
 * side a submission counted in `basis` (domain/review.ts).
 */
export async function linkedHouseholds(db: Db, fromRound: string, toRound: string, basis: Basis) {
  const counted = statesCountedIn(basis);
  const a = alias(submissions, 'before');
  const b = alias(submissions, 'after');
  const rows = await db
    .select({ code: a.householdCode, before: a.answers, beforeVersion: a.instrumentVersion, beforeAt: a.receivedAt, after: b.answers, afterVersion: b.instrumentVersion, afterAt: b.receivedAt })
    .from(a)
    .innerJoin(b, and(eq(a.householdCode, b.householdCode), eq(b.roundId, toRound), eq(b.instrumentSlug, 'household'), inArray(b.reviewState, counted)))
    // Households of the model's treated communes only: comparison communes are not the model's (docs/statistics.md §6).
    .where(and(eq(a.roundId, fromRound), eq(a.instrumentSlug, 'household'), isNotNull(a.householdCode), inArray(a.reviewState, counted), inTreatedCommune(a.roundId, a.communeId), inTreatedCommune(b.roundId, b.communeId)));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const kept = latest.get(r.code!);
    if (!kept || `${r.beforeAt}${r.afterAt}` > `${kept.beforeAt}${kept.afterAt}`) latest.set(r.code!, r);
  }
  return [...latest.values()];
}
