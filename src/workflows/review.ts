/**
 * Reviewing submissions, shared by the JSON API, the submission page and the round page's bulk approve:
 * find the submission → may the actor review it → check the move and its comment → one guarded batch that
 * moves its kept sums between bases (changeStatements), writes the history row and the audit entry, and moves
 * the row on. If someone else changed the submission meanwhile, nothing is written and the answer is 409.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { Db } from '../db';
import { type Actor, canReview, canSeeRound, refusal, type Scope } from '../domain/access';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { canMove, isReviewState, type ReviewState } from '../domain/review';
import { checkReview, type ReviewChoice } from '../domain/review-check';
import { submissionAuditStatement } from '../queries/audit';
import { reviewRecordStatement, submissionsOfRoundByIds } from '../queries/reviews';
import { roundById } from '../queries/rounds';
import { type SubmissionRow, submissionDetail } from '../queries/submissions';
import { changeStatements, renamesOfRow } from './aggregates';

export interface ReviewContext {
  db: Db;
  actor: Actor;
  scope: Scope;
  locale: Locale;
  now: Date;
  /** The client's address, for the audit entry (middleware/client-address.ts). */
  address?: string | null;
}

/** A submission's state after a review, as the API answers it. */
export interface ReviewOutcome {
  id: string;
  status: ReviewState;
  previous: ReviewState;
  comment: string | null;
  reviewedBy: number;
  reviewedAt: string;
  /** The content revision that was reviewed (1 = as sent; the API's `revision`). */
  revision: number;
}

/**
 * Reviews one submission: `input` is the API's body `{ status, comment, from? }` (`from`: the state the
 * reviewer saw; when it is no longer the current one, 409). 403 for a role that never reviews, 404 for a
 * submission beyond the actor's reach, 422 for a move the rules refuse or a missing comment, 409 when the
 * submission changed meanwhile. Example: `await reviewSubmission(ctx, id, { status: 'approved' })`.
 */
export async function reviewSubmission(ctx: ReviewContext, id: string, input: unknown): Promise<ReviewOutcome> {
  const row = await reviewable(ctx, id);
  const body = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  if (body.from !== undefined && !isReviewState(body.from)) throw new AppError('invalid_request', [{ question: 'from', message: ctx.locale === 'vi' ? 'from là trạng thái phiếu đã thấy: received, approved, has_issues, rejected hoặc removed.' : 'from is the state seen: received, approved, has_issues, rejected or removed.' }]);
  if (body.from !== undefined && body.from !== row.reviewState) throw new AppError('review_stale');
  const check = checkReview(body, row.reviewState, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  return applyReview(ctx, row, check.review);
}

/** The stored row of a submission the actor may review (403 / 404 as the access table says). */
export async function reviewable(ctx: ReviewContext, id: string): Promise<SubmissionRow> {
  if (!canReview(ctx.actor)) throw new AppError(refusal(ctx.actor, 'submission.review'));
  const detail = await submissionDetail(ctx.db, id);
  const round = detail && (await roundById(ctx.db, detail.submission.roundId));
  if (!detail || !round || !canSeeRound(ctx.actor, ctx.scope, round) || !canReview(ctx.actor, ctx.scope, round)) throw new AppError('not_found');
  return detail.submission;
}

/**
 * Moves `row` (as read, at its revision) to the chosen state in one guarded batch; 409 `review_stale` when
 * the submission is no longer at that revision (nothing written). The caller has checked access and the move.
 */
export async function applyReview(ctx: ReviewContext, row: SubmissionRow, review: ReviewChoice): Promise<ReviewOutcome> {
  const { statements } = await reviewStatements(ctx, row, review);
  const [still] = await ctx.db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  if ((still as unknown[]).length === 0) throw new AppError('review_stale');
  return outcome(ctx, row, review);
}

/** The batch of one review, its guard's check first: `[check, ...counting, record, audit, update]`. */
async function reviewStatements(ctx: ReviewContext, row: SubmissionRow, review: ReviewChoice, renamed?: Record<string, string>) {
  const change = changeStatements(ctx.db, row, { reviewState: review.to }, renamed ?? (await renamesOfRow(ctx.db, row)));
  const at = ctx.now.toISOString();
  const record = reviewRecordStatement(ctx.db, change.guard, { submissionId: row.id, fromState: row.reviewState, state: review.to, comment: review.comment, reviewedBy: ctx.actor.id, reviewedAt: at });
  const audit = submissionAuditStatement(ctx.db, change.guard, {
    at,
    userId: ctx.actor.id,
    address: ctx.address ?? null,
    action: review.to === 'removed' ? 'submission.remove' : 'submission.review',
    detail: { from: row.reviewState, to: review.to, comment: review.comment, revision: row.contentRevision },
  });
  return { statements: [change.check, ...change.counting, record, audit, change.update] as BatchItem<'sqlite'>[] };
}

const outcome = (ctx: ReviewContext, row: SubmissionRow, review: ReviewChoice): ReviewOutcome => ({
  id: row.id,
  status: review.to,
  previous: row.reviewState,
  comment: review.comment,
  reviewedBy: ctx.actor.id,
  reviewedAt: ctx.now.toISOString(),
  revision: row.contentRevision,
});

/** Most submissions one bulk approval takes (a page of the round's list is 20). */
export const maxBulkApproval = 100;

/** How many submissions go into one batch of a bulk approval (each brings its own guarded statements). */
const bulkBatch = 25;

/**
 * Approves the given submissions of a round at once (the round page's checkboxes), each with its own guard
 * and audit entry. Submissions that cannot be approved from their state (rejected, removed, already
 * approved), that are not of this round, or that changed meanwhile are left as they are and listed in `skipped`.
 * 403 / 404 as for one review; 422 for a list that is not 1–100 ids.
 * Example: `await approveSubmissions(ctx, 'hn-phu-chau-midterm', ['0d7c…', '5e2a…'])` → { approved: [...], skipped: [] }.
 */
export async function approveSubmissions(ctx: ReviewContext, roundId: string, ids: unknown): Promise<{ approved: string[]; skipped: string[] }> {
  if (!canReview(ctx.actor)) throw new AppError(refusal(ctx.actor, 'submission.review'));
  const round = await roundById(ctx.db, roundId);
  if (!round || !canSeeRound(ctx.actor, ctx.scope, round) || !canReview(ctx.actor, ctx.scope, round)) throw new AppError('not_found');
  const list = Array.isArray(ids) ? [...new Set(ids)] : [];
  if (list.length === 0 || list.length > maxBulkApproval || !list.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 100)) {
    const message = ctx.locale === 'vi' ? `Chọn từ 1 đến ${maxBulkApproval} phiếu để duyệt.` : `Choose 1 to ${maxBulkApproval} submissions to approve.`;
    throw new AppError('invalid_request', [{ question: 'ids', message }]);
  }
  const rows = (await submissionsOfRoundByIds(ctx.db, round.id, list as string[])).filter((r) => canMove(r.reviewState, 'approved'));
  const renames = new Map<string, Record<string, string>>();
  const approved: string[] = [];
  for (let i = 0; i < rows.length; i += bulkBatch) {
    const chunk = rows.slice(i, i + bulkBatch);
    const checks: number[] = [];
    const statements: BatchItem<'sqlite'>[] = [];
    for (const row of chunk) {
      const key = `${row.instrumentSlug}@${row.instrumentVersion}`;
      if (!renames.has(key)) renames.set(key, await renamesOfRow(ctx.db, row));
      checks.push(statements.length);
      statements.push(...(await reviewStatements(ctx, row, { to: 'approved', comment: null }, renames.get(key))).statements);
    }
    const results = (await ctx.db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])) as unknown[];
    chunk.forEach((row, k) => (results[checks[k]] as unknown[]).length > 0 && approved.push(row.id));
  }
  return { approved, skipped: (list as string[]).filter((id) => !approved.includes(id)) };
}
