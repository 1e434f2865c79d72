/**
 * Who may see and do what. Pure: the actor's scope is loaded once per request by `scopeOf` (queries/scope)
 * and these rules decide with plain values.
 */
export type Role = 'admin' | 'manager' | 'evaluator' | 'sponsor';

export interface Actor {
  id: number;
  role: Role;
  name: string;
  email: string;
}

/** The models and rounds an actor reaches: everything for admins, assigned rounds for evaluators. */
export interface Scope {
  models: 'all' | ReadonlySet<string>;
  rounds: 'all' | ReadonlySet<string>;
}

export const everything: Scope = { models: 'all', rounds: 'all' };

const has = (set: 'all' | ReadonlySet<string>, id: string) => set === 'all' || set.has(id);

export function canSeeModel(scope: Scope, modelId: string): boolean {
  return has(scope.models, modelId);
}

/** Evaluators reach only the rounds they are assigned to, even within a model they can see. */
export function canSeeRound(actor: Actor, scope: Scope, round: { id: string; modelId: string }): boolean {
  if (actor.role === 'evaluator') return has(scope.rounds, round.id);
  return has(scope.models, round.modelId);
}

/** Sponsors get aggregates only: never a single submission. */
export function canSeeSubmissions(actor: Actor): boolean {
  return actor.role !== 'sponsor';
}

/**
 * Whose submissions of a round an actor may list and open: an evaluator only the ones they sent (another
 * evaluator's households are not theirs to read), managers and admins every one in their scope, sponsors none.
 * Example: `submissionsSeenBy(evaluatorLan)` → { evaluatorId: evaluatorLan.id }.
 */
export function submissionsSeenBy(actor: Actor): { evaluatorId: number | null } | null {
  if (!canSeeSubmissions(actor)) return null;
  return { evaluatorId: actor.role === 'evaluator' ? actor.id : null };
}

/** One stored submission: its round in the actor's reach, and (for evaluators) sent by them. */
export function canSeeSubmission(actor: Actor, scope: Scope, round: { id: string; modelId: string }, submission: { evaluatorId: number }): boolean {
  const seen = submissionsSeenBy(actor);
  if (!seen || !canSeeRound(actor, scope, round)) return false;
  return seen.evaluatorId === null || seen.evaluatorId === submission.evaluatorId;
}

/** Only evaluators keep pages on their device (their offline kit); every other role's pages stay on the server. */
export function keepsOfflineKit(actor: Actor): boolean {
  return actor.role === 'evaluator';
}

/**
 * Admins and managers see every indicator value; sponsors see aggregates with small counts suppressed
 * (domain/disclosure.ts) and nothing that would give a suppressed value away.
 */
export function seesSuppressed(actor: Actor): boolean {
  return actor.role !== 'sponsor';
}

export function canSeeIndicators(actor: Actor): boolean {
  return actor.role !== 'evaluator';
}

/** Evaluators submit to their assigned rounds; managers may upload for their models' rounds. */
export function canSubmitTo(actor: Actor, scope: Scope, round: { id: string; modelId: string }): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'evaluator':
      return has(scope.rounds, round.id);
    case 'manager':
      return has(scope.models, round.modelId);
    case 'sponsor':
      return false;
  }
}

/** Registered counts are entered by managers (for the models in their scope) and admins. */
export function canEnterCounts(actor: Actor): boolean {
  return actor.role === 'manager' || actor.role === 'admin';
}

/** The targets page and API: admins and managers (sponsors read targets beside the indicators they see). */
export function canSeeTargets(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'manager';
}

/** Which targets an actor may set at all: admins any, managers their own models' (a programme spans others'). */
export function canSetTargets(actor: Actor): { programmes: boolean; models: boolean } {
  return { programmes: actor.role === 'admin', models: actor.role === 'admin' || actor.role === 'manager' };
}

/** One target: a programme's by an admin, a model's by an admin or a manager of that model. */
export function canSetTarget(actor: Actor, scope: Scope, target: { programme?: string; model?: string }): boolean {
  const sets = canSetTargets(actor);
  return target.model ? sets.models && canSeeModel(scope, target.model) : sets.programmes;
}
