/**
 * One submission as its reader may read it, with its history: the answers (personal ones masked unless the
 * reader sees them), its review state, its content revision, each correction (who, when, why, what changed
 * old → new) and each review. Shared by GET /api/v1/submissions/{id} and the submission page.
 */
import type { Db } from '../db';
import { type Actor, canCorrect, canSeeSubmission, canSeeSubmissions, refusal, type Scope, seesPersonal } from '../domain/access';
import { AppError } from '../domain/errors';
import { maskChanges } from '../domain/revisions';
import { revisionsOf } from '../queries/revisions';
import { reviewsOf } from '../queries/reviews';
import { roundById } from '../queries/rounds';
import { submissionDetail } from '../queries/submissions';
import { answersShownTo, personalFieldsOf } from './personal';

/** A submission the actor may see, with its round and names (403 for sponsors, 404 beyond reach). */
export async function seenSubmission(ctx: { db: Db; actor: Actor; scope: Scope }, id: string) {
  if (!canSeeSubmissions(ctx.actor)) throw new AppError(refusal(ctx.actor, 'submission.see'));
  const detail = await submissionDetail(ctx.db, id);
  const round = detail && (await roundById(ctx.db, detail.submission.roundId));
  if (!detail || !round || !canSeeSubmission(ctx.actor, ctx.scope, round, detail.submission)) throw new AppError('not_found');
  return { detail, round };
}

/** The corrections and reviews of a submission the actor may see, changes masked as its answers are. */
export async function historyShownTo(ctx: { db: Db; actor: Actor; scope: Scope }, round: { id: string; modelId: string }, s: { id: string; evaluatorId: number; instrumentSlug: string; instrumentVersion: number }) {
  const [revisions, reviews] = await Promise.all([revisionsOf(ctx.db, s.id), reviewsOf(ctx.db, s.id)]);
  const fields = seesPersonal(ctx.actor, ctx.scope, round, s) ? null : await personalFieldsOf(ctx.db, s.instrumentSlug, s.instrumentVersion);
  return {
    revisions: revisions.map((r) => ({ revision: r.revision, reason: r.reason, revisedAt: r.revisedAt, revisedBy: { id: r.revisedBy, name: r.reviser }, changes: fields ? maskChanges(r.changes, fields) : r.changes })),
    reviews: reviews.map((r) => ({ from: r.fromState, status: r.state, comment: r.comment, reviewedAt: r.reviewedAt, reviewer: r.reviewer })),
  };
}

/** GET /api/v1/submissions/{id}: everything above as JSON. */
export async function submissionRecord(ctx: { db: Db; actor: Actor; scope: Scope }, id: string) {
  const { detail, round } = await seenSubmission(ctx, id);
  const s = detail.submission;
  const [shown, history] = await Promise.all([answersShownTo(ctx, round, s), historyShownTo(ctx, round, s)]);
  return {
    id: s.id,
    round: s.roundId,
    commune: { code: detail.communeCode, name: { vi: detail.communeVi, en: detail.communeEn } },
    instrument: { slug: s.instrumentSlug, version: s.instrumentVersion },
    evaluator: { id: s.evaluatorId, name: detail.evaluator },
    receivedAt: s.receivedAt,
    status: s.reviewState,
    revision: s.contentRevision,
    contentHash: s.contentHash,
    synthetic: s.synthetic,
    answers: shown.answers,
    personalMasked: shown.masked,
    canCorrect: canCorrect(ctx.actor, ctx.scope, round, s),
    revisions: history.revisions,
    // Oldest first, like the revisions.
    reviews: [...history.reviews].reverse(),
  };
}
