/**
 * Answers as a reader may see them: personal answers (domain/personal.ts) masked unless the reader is the
 * submission's evaluator or a manager of its model (access.ts, `submission.personal`). Used by the submission
 * page, the follow-up list and GET /api/v1/submissions/{id}; sponsors never reach answers at all.
 */
import type { Db } from '../db';
import { type Actor, type Scope, seesPersonal } from '../domain/access';
import { maskPersonal, type PersonalFields, personalOfVersion } from '../domain/personal';
import { releasedOfSlug } from '../queries/instruments';

/**
 * The personal answer keys of a submission on `slug` v`version`: every question marked personal in any released
 * version of the instrument. Example: personalFieldsOf(db, 'household', 1) → hamlet, household_number, comments
 * once household v3 is released.
 */
export async function personalFieldsOf(db: Db, slug: string, version: number): Promise<PersonalFields> {
  const versions = await releasedOfSlug(db, slug);
  const of = versions.find((v) => v.version === version);
  return personalOfVersion(versions, { renamed: of?.renamed ?? {} });
}

export interface StoredSubmission {
  evaluatorId: number;
  instrumentSlug: string;
  instrumentVersion: number;
  /** The stored answers (JSON text, as in the submissions table, or parsed). */
  answers: string | Record<string, unknown>;
}

/**
 * A submission's answers for `actor`, who may already see the submission (canSeeSubmission): personal ones
 * masked unless seesPersonal; `masked` says whether any answer was masked.
 * Example: for an admin, { answers: { hamlet: '•••', … }, masked: true }.
 */
export async function answersShownTo(ctx: { db: Db; actor: Actor; scope: Scope }, round: { id: string; modelId: string }, submission: StoredSubmission) {
  const answers = typeof submission.answers === 'string' ? (JSON.parse(submission.answers) as Record<string, unknown>) : submission.answers;
  if (seesPersonal(ctx.actor, ctx.scope, round, submission)) return { answers, masked: false };
  const shown = maskPersonal(answers, await personalFieldsOf(ctx.db, submission.instrumentSlug, submission.instrumentVersion));
  return { answers: shown, masked: JSON.stringify(shown) !== JSON.stringify(answers) };
}
