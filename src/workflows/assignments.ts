/**
 * Choosing who collects where in a round, shared by the API (a round's assignments set whole) and the round
 * page (one evaluator at a time): find the round → may the actor assign → check the entries → replace.
 */
import type { Db } from '../db';
import { type Actor, canAssignEvaluators, canSeeRound, type Scope } from '../domain/access';
import { checkAssignments, namedEvaluators } from '../domain/assignments';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { assignmentsOfRound, evaluatorsNamed, replaceAssignments } from '../queries/assignments';
import { communesOfModel } from '../queries/registered-counts';
import { roundById } from '../queries/rounds';

interface Ctx {
  db: Db;
  actor: Actor;
  scope: Scope;
  locale: Locale;
}

/** The round, if the actor may choose its evaluators: 404 outside their scope, 403 for other roles. */
export async function roundToAssign(ctx: Ctx, roundId: string) {
  const round = await roundById(ctx.db, roundId);
  if (!round || !canSeeRound(ctx.actor, ctx.scope, round)) throw new AppError('not_found');
  if (!canAssignEvaluators(ctx.actor, ctx.scope, round)) throw new AppError('forbidden');
  return round;
}

/** Replaces a round's assignments with `body` ([{ user, communes: [code…] }]); 422 naming each bad entry. */
export async function setAssignments(ctx: Ctx, roundId: string, body: unknown) {
  const round = await roundToAssign(ctx, roundId);
  const [evaluators, communes] = await Promise.all([evaluatorsNamed(ctx.db, namedEvaluators(body)), communesOfModel(ctx.db, round.modelId)]);
  const check = checkAssignments(body, { evaluators, communes }, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  await replaceAssignments(ctx.db, round.id, check.assignments);
  return assignmentsOfRound(ctx.db, round.id);
}

/** Sets one evaluator's communes in a round (none: no longer assigned), keeping everyone else's. */
export async function assignEvaluator(ctx: Ctx, roundId: string, email: string, communeCodes: string[]) {
  await roundToAssign(ctx, roundId);
  const others = (await assignmentsOfRound(ctx.db, roundId)).filter((a) => a.email.toLowerCase() !== email.trim().toLowerCase());
  const body = others.map((a) => ({ user: a.userId, communes: a.communes.map((c) => c.code) }));
  return setAssignments(ctx, roundId, communeCodes.length > 0 ? [...body, { user: email, communes: communeCodes }] : body);
}
