/**
 * Correcting a stored submission's answers (issue 13, part 3), shared by the JSON API, the correction page
 * and the field queue: find it → may the actor correct it → read the body → validate like a new submission
 * against its own instrument version → replay (the same content again: nothing written) or stale (409) → one
 * guarded batch that moves its kept sums to the new answers (changeStatements), writes the revision row and the
 * audit entry, and moves the row on to the next content revision. If the row changed meanwhile: 409, nothing written.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import { canSeeSubmissions, correctsOnlyWithIssues, mayCorrect, refusal, seesPersonal } from '../domain/access';
import { AppError, type FieldError } from '../domain/errors';
import { householdCode } from '../domain/household';
import type { Locale } from '../domain/i18n';
import { type ReviewState, stateAfterCorrection } from '../domain/review';
import { type AnswerChange, changedAnswers, correctionReason, keepPersonal, revisionText } from '../domain/revisions';
import { contentHash } from '../domain/submission';
import { validateAnswers } from '../domain/survey-validation';
import type { AnswerLimits } from '../domain/validation/limits';
import { releasedInstrument } from '../queries/instruments';
import { submissionAuditStatement } from '../queries/audit';
import { householdCodeStatement, revisionRecordStatement } from '../queries/revisions';
import { roundById } from '../queries/rounds';
import { type SubmissionRow, submissionDetail } from '../queries/submissions';
import { changeStatements, renamesOfRow } from './aggregates';
import type { ReviewContext } from './review';
import { personalFieldsOf } from './personal';

/** What a review needs (workflows/review.ts), and the answer limits a correction is validated against. */
export interface CorrectionContext extends ReviewContext {
  limits?: AnswerLimits;
}

/** A submission after a correction, as the API answers it. */
export interface CorrectionOutcome {
  id: string;
  /** The content revision now stored (the next `baseRevision`). */
  revision: number;
  status: ReviewState;
  contentHash: string;
  /** What this correction changed; empty for a replay. */
  changes: AnswerChange[];
  /** false when the same content was already stored (a replay: nothing written). */
  corrected: boolean;
}

/** A stored submission the actor may correct now, with its commune's code (403 / 404 as the access table says). */
export async function correctable(ctx: CorrectionContext, id: string) {
  if (!canSeeSubmissions(ctx.actor)) throw new AppError(refusal(ctx.actor, 'submission.correct'));
  const detail = await submissionDetail(ctx.db, id);
  const round = detail && (await roundById(ctx.db, detail.submission.roundId));
  if (!detail || !round || !mayCorrect(ctx.actor, ctx.scope, round, detail.submission)) throw new AppError('not_found');
  const row = detail.submission;
  if (correctsOnlyWithIssues(ctx.actor) && row.reviewState !== 'has_issues') throw new AppError('forbidden', [{ question: 'status', message: revisionText[ctx.locale].notHasIssues }]);
  if (row.reviewState === 'removed') throw new AppError('forbidden', [{ question: 'status', message: revisionText[ctx.locale].removed }]);
  return { row, round, communeCode: detail.communeCode, commune: { code: detail.communeCode, nameVi: detail.communeVi, nameEn: detail.communeEn } };
}

/**
 * Corrects one submission: `input` is the API's body `{ answers, reason, baseRevision }`. 422 for a missing
 * reason, a bad baseRevision or answers the form refuses (its messages, in the user's language); 409 when
 * `baseRevision` is not the stored revision or the row changed meanwhile; the same content as stored is a 200
 * replay. Example: `await correctSubmission(ctx, id, { answers, reason: 'Sai tuổi', baseRevision: 1 })`.
 */
export async function correctSubmission(ctx: CorrectionContext, id: string, input: unknown): Promise<CorrectionOutcome> {
  const { row, round, communeCode } = await correctable(ctx, id);
  const body = parseBody(input, ctx.locale);
  const instrument = await releasedInstrument(ctx.db, row.instrumentSlug, row.instrumentVersion);
  if (!instrument) throw new AppError('internal');
  const stored = JSON.parse(row.answers) as Record<string, unknown>;
  // A corrector who reads personal answers masked (an admin) keeps the stored ones: ••• never replaces an answer.
  const sent = seesPersonal(ctx.actor, ctx.scope, round, row) ? body.answers : keepPersonal(stored, body.answers, await personalFieldsOf(ctx.db, row.instrumentSlug, row.instrumentVersion));
  const { answers, errors } = validateAnswers(instrument, sent, ctx.locale, ctx.limits);
  if (errors.length > 0) throw new AppError('invalid_answers', errors);
  const hash = contentHash({ round: row.roundId, commune: communeCode, instrument: row.instrumentSlug, version: row.instrumentVersion }, answers);
  // The same content again (a resend whose answer was lost): what is stored is the answer.
  if (hash === row.contentHash) return outcome(row, row.contentRevision, row.reviewState, [], false);
  if (body.baseRevision !== row.contentRevision) throw new AppError('review_stale', [{ question: 'baseRevision', message: `${body.baseRevision} ≠ ${row.contentRevision}` }]);
  const changes = changedAnswers(stored, answers);
  const to = { answers: JSON.stringify(answers), contentHash: hash, contentRevision: row.contentRevision + 1, reviewState: stateAfterCorrection(row.reviewState, correctsOnlyWithIssues(ctx.actor) ? 'evaluator' : 'reviewer') };
  const change = changeStatements(ctx.db, row, to, await renamesOfRow(ctx.db, row));
  const at = ctx.now.toISOString();
  const record = revisionRecordStatement(ctx.db, change.guard, { submissionId: row.id, revision: to.contentRevision, changes, reason: body.reason, revisedBy: ctx.actor.id, revisedAt: at });
  const audit = submissionAuditStatement(ctx.db, change.guard, {
    at,
    userId: ctx.actor.id,
    address: ctx.address ?? null,
    action: 'submission.edit',
    // The questions, not their answers: the audit log is read by admins, who see personal answers masked.
    detail: { revision: to.contentRevision, baseRevision: body.baseRevision, reason: body.reason, questions: changes.map((c) => c.question), from: row.reviewState, to: to.reviewState },
  });
  const code = householdCode(communeCode, answers);
  const household = code === row.householdCode ? [] : [householdCodeStatement(ctx.db, change.guard, code)];
  const [still] = await ctx.db.batch([change.check, ...change.counting, record, audit, ...household, change.update] as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  if ((still as unknown[]).length === 0) throw new AppError('review_stale');
  return { ...outcome(row, to.contentRevision, to.reviewState, changes, true), contentHash: hash };
}

function outcome(row: SubmissionRow, revision: number, status: ReviewState, changes: AnswerChange[], corrected: boolean): CorrectionOutcome {
  return { id: row.id, revision, status, contentHash: row.contentHash, changes, corrected };
}

function parseBody(input: unknown, locale: Locale): { answers: Record<string, unknown>; reason: string; baseRevision: number } {
  const body = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const errors: FieldError[] = [];
  const answers = body.answers;
  if (!answers || typeof answers !== 'object' || Array.isArray(answers)) errors.push({ question: 'answers', message: locale === 'vi' ? 'answers là một đối tượng JSON.' : 'answers is a JSON object.' });
  const reason = correctionReason(body.reason);
  if (reason === null) errors.push({ question: 'reason', message: revisionText[locale].reasonRequired });
  const base = body.baseRevision;
  if (typeof base !== 'number' || !Number.isInteger(base) || base < 1) errors.push({ question: 'baseRevision', message: revisionText[locale].baseRevision });
  if (errors.length > 0) throw new AppError('invalid_request', errors);
  return { answers: answers as Record<string, unknown>, reason: reason!, baseRevision: base as number };
}
