/**
 * Corrections of submissions (workflows/corrections.ts): the guarded records a correction writes in the batch
 * of its change (the revision row and its audit entry), and a submission's history as the page and API read it.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { instruments, places, submissionReviews, submissionRevisions, submissions, users } from '../../db/schema';
import { statement, type Db } from '../db';
import type { AnswerChange } from '../domain/revisions';
import { idWhileAt, type RevisionGuard, whileAt } from './aggregates';
import { inJson } from './bound';

export interface RevisionRecord {
  submissionId: string;
  /** The content revision the correction makes (the stored one + 1). */
  revision: number;
  changes: readonly AnswerChange[];
  reason: string;
  revisedBy: number;
  revisedAt: string;
}

/** The history row of a correction, written only while the submission is at the guarded revision (put it before the update). */
export function revisionRecordStatement(db: Db, guard: RevisionGuard, r: RevisionRecord) {
  return statement(
    db,
    sql`INSERT INTO ${submissionRevisions} (submission_id, revision, changes, reason, revised_by, revised_at)
        SELECT still.id, ${r.revision}, ${JSON.stringify(r.changes)}, ${r.reason}, ${r.revisedBy}, ${r.revisedAt} FROM (${idWhileAt(guard)}) AS still`,
  );
}

/** The household code (domain/household.ts) of corrected answers, set only while the submission is at the guarded revision. */
export function householdCodeStatement(db: Db, guard: RevisionGuard, code: string | null) {
  return db.update(submissions).set({ householdCode: code }).where(whileAt(guard));
}

/** A submission's corrections, oldest first, with who made each. */
export async function revisionsOf(db: Db, submissionId: string) {
  const rows = await db
    .select({ revision: submissionRevisions.revision, changes: submissionRevisions.changes, reason: submissionRevisions.reason, revisedAt: submissionRevisions.revisedAt, revisedBy: submissionRevisions.revisedBy, reviser: users.name })
    .from(submissionRevisions)
    .innerJoin(users, eq(users.id, submissionRevisions.revisedBy))
    .where(eq(submissionRevisions.submissionId, submissionId))
    .orderBy(asc(submissionRevisions.revision));
  return rows.map((r) => ({ ...r, changes: JSON.parse(r.changes) as AnswerChange[] }));
}

/**
 * An evaluator's submissions sent back with issues in the given rounds (their assigned ones: the rounds go as
 * one JSON parameter and the round × state index finds them), with the comment of the review that sent each
 * back, newest first.
 */
export async function issuesOfEvaluator(db: Db, evaluatorId: number, roundIds: readonly string[]) {
  if (roundIds.length === 0) return [];
  const lastReview = sql`(SELECT max(${submissionReviews.id}) FROM ${submissionReviews} WHERE ${submissionReviews.submissionId} = ${submissions.id})`;
  return db
    .select({
      id: submissions.id,
      roundId: submissions.roundId,
      instrumentSlug: submissions.instrumentSlug,
      instrumentVersion: submissions.instrumentVersion,
      instrumentVi: instruments.titleVi,
      instrumentEn: instruments.titleEn,
      revision: submissions.contentRevision,
      receivedAt: submissions.receivedAt,
      communeCode: places.code,
      communeVi: places.nameVi,
      communeEn: places.nameEn,
      comment: submissionReviews.comment,
      reviewedAt: submissionReviews.reviewedAt,
      reviewer: users.name,
    })
    .from(submissions)
    .innerJoin(places, eq(places.id, submissions.communeId))
    .leftJoin(instruments, and(eq(instruments.slug, submissions.instrumentSlug), eq(instruments.version, submissions.instrumentVersion)))
    .leftJoin(submissionReviews, eq(submissionReviews.id, lastReview))
    .leftJoin(users, eq(users.id, submissionReviews.reviewedBy))
    .where(
      and(
        inJson(submissions.roundId, roundIds),
        eq(submissions.reviewState, 'has_issues'),
        eq(submissions.evaluatorId, evaluatorId),
      ),
    )
    .orderBy(desc(submissionReviews.reviewedAt), submissions.id);
}
