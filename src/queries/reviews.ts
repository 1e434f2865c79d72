/**
 * Review of submissions (domain/review.ts): the history of states (submission_reviews), a round's
 * submissions by state with their counts, and the guarded records a review writes in the batch of its change
 * (workflows/review.ts, with changeStatements of workflows/aggregates.ts).
 */
import { and, count, desc, eq, ne, sql } from 'drizzle-orm';
import { instruments, places, submissionReviews, submissions, users } from '../../db/schema';
import { statement, type Db } from '../db';
import type { ReviewState } from '../domain/review';
import { idWhileAt, type RevisionGuard } from './aggregates';
import type { SubmissionRow } from './submissions';
import { inJson } from './bound';

export interface ReviewRecord {
  submissionId: string;
  fromState: ReviewState;
  state: ReviewState;
  comment: string | null;
  reviewedBy: number;
  reviewedAt: string;
}

/** The history row of a review, written only while the submission is at the guarded revision (put it before the update). */
export function reviewRecordStatement(db: Db, guard: RevisionGuard, r: ReviewRecord) {
  return statement(
    db,
    sql`INSERT INTO ${submissionReviews} (submission_id, from_state, state, comment, reviewed_by, reviewed_at)
        SELECT still.id, ${r.fromState}, ${r.state}, ${r.comment}, ${r.reviewedBy}, ${r.reviewedAt} FROM (${idWhileAt(guard)}) AS still`,
  );
}

/** A submission's reviews, newest first, with the reviewer's name. */
export async function reviewsOf(db: Db, submissionId: string) {
  return db
    .select({ id: submissionReviews.id, fromState: submissionReviews.fromState, state: submissionReviews.state, comment: submissionReviews.comment, reviewedAt: submissionReviews.reviewedAt, reviewer: users.name })
    .from(submissionReviews)
    .innerJoin(users, eq(users.id, submissionReviews.reviewedBy))
    .where(eq(submissionReviews.submissionId, submissionId))
    .orderBy(desc(submissionReviews.id));
}

/**
 * Which of a round's submissions a list shows: one state, or `all` (every state but removed: a removal is a
 * deletion, listed only when asked for); and only one evaluator's when `evaluatorId` is set.
 */
export interface RoundListing {
  status: ReviewState | 'all';
  evaluatorId: number | null;
}

const listed = (roundId: string, l: RoundListing) =>
  and(
    eq(submissions.roundId, roundId),
    l.status === 'all' ? ne(submissions.reviewState, 'removed') : eq(submissions.reviewState, l.status),
    l.evaluatorId === null ? undefined : eq(submissions.evaluatorId, l.evaluatorId),
  );

/** One page of a round's submissions with their state, newest first, with commune and evaluator names; `total` is how many the listing holds. */
export async function submissionsOfRoundByState(db: Db, roundId: string, listing: RoundListing, page: number, pageSize: number) {
  const where = listed(roundId, listing);
  const [rows, [total]] = await db.batch([
    db
      .select({
        id: submissions.id,
        receivedAt: submissions.receivedAt,
        instrumentSlug: submissions.instrumentSlug,
        instrumentVersion: submissions.instrumentVersion,
        instrumentVi: instruments.titleVi,
        instrumentEn: instruments.titleEn,
        synthetic: submissions.synthetic,
        reviewState: submissions.reviewState,
        contentRevision: submissions.contentRevision,
        communeCode: places.code,
        communeVi: places.nameVi,
        communeEn: places.nameEn,
        evaluatorId: submissions.evaluatorId,
        evaluator: users.name,
      })
      .from(submissions)
      .innerJoin(places, eq(places.id, submissions.communeId))
      .innerJoin(users, eq(users.id, submissions.evaluatorId))
      .leftJoin(instruments, and(eq(instruments.slug, submissions.instrumentSlug), eq(instruments.version, submissions.instrumentVersion)))
      .where(where)
      .orderBy(desc(submissions.receivedAt), submissions.id)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(submissions).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** How many of a round's submissions (one evaluator's when `evaluatorId` is set) are in each state; zero where none. */
export async function stateCountsOfRound(db: Db, roundId: string, evaluatorId: number | null): Promise<Record<ReviewState, number>> {
  const rows = await db
    .select({ state: submissions.reviewState, n: count() })
    .from(submissions)
    .where(and(eq(submissions.roundId, roundId), evaluatorId === null ? undefined : eq(submissions.evaluatorId, evaluatorId)))
    .groupBy(submissions.reviewState);
  const counts: Record<ReviewState, number> = { received: 0, approved: 0, has_issues: 0, rejected: 0, removed: 0 };
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

/** The stored rows of the given ids that belong to the round (ids as one JSON parameter: any number fits D1's bound). */
export async function submissionsOfRoundByIds(db: Db, roundId: string, ids: readonly string[]): Promise<SubmissionRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(submissions)
    .where(and(eq(submissions.roundId, roundId), inJson(submissions.id, ids)));
}
