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

/**
 * The models and rounds an actor reaches: everything for admins, assigned rounds for evaluators, and for
 * evaluators also the communes of each round they work in (round id → commune codes).
 */
export interface Scope {
  models: 'all' | ReadonlySet<string>;
  rounds: 'all' | ReadonlySet<string>;
  communes: 'all' | ReadonlyMap<string, ReadonlySet<string>>;
}

export const everything: Scope = { models: 'all', rounds: 'all', communes: 'all' };

/** Nothing at all: no session. */
export const nothing: Scope = { models: new Set(), rounds: new Set(), communes: new Map() };

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

/**
 * Evaluators submit to their assigned rounds, in the communes they are assigned (when `communeCode` is given;
 * without it: to some commune of the round); managers may upload for their models' rounds; admins anywhere.
 * Example: `canSubmitTo(lan, scope, round, '09649')`.
 */
export function canSubmitTo(actor: Actor, scope: Scope, round: { id: string; modelId: string }, communeCode?: string): boolean {
  switch (actor.role) {
    case 'admin':
      return true;
    case 'evaluator': {
      if (!has(scope.rounds, round.id)) return false;
      const communes = assignedCommunes(scope, round.id);
      return communes === 'all' || (communeCode === undefined ? communes.size > 0 : communes.has(communeCode));
    }
    case 'manager':
      return has(scope.models, round.modelId);
    case 'sponsor':
      return false;
  }
}

/** The communes of a round the actor works in: 'all' unless their scope names some (evaluators). */
export function assignedCommunes(scope: Scope, roundId: string): 'all' | ReadonlySet<string> {
  return scope.communes === 'all' ? 'all' : (scope.communes.get(roundId) ?? new Set());
}

/**
 * Who runs a model's rounds (creates, opens and closes them, and chooses their evaluators and communes):
 * admins, and the model's managers. Reopening a closed round is an admin's alone (domain/rounds.ts).
 */
export function managesModel(actor: Actor, scope: Scope, modelId: string): boolean {
  return actor.role === 'admin' || (actor.role === 'manager' && has(scope.models, modelId));
}

/** Who may choose the evaluators of a round and their communes. */
export function canAssignEvaluators(actor: Actor, scope: Scope, round: { modelId: string }): boolean {
  return managesModel(actor, scope, round.modelId);
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

/** Admins create any account; managers create evaluators (whom they then assign to their models' rounds). */
export function canCreateUser(actor: Actor, role: Role): boolean {
  return actor.role === 'admin' || (actor.role === 'manager' && role === 'evaluator');
}

/** Who may list accounts (admins: all; managers: evaluators) and change them (admins). */
export function canListUsers(actor: Actor): 'all' | 'evaluators' | null {
  return actor.role === 'admin' ? 'all' : actor.role === 'manager' ? 'evaluators' : null;
}

/** Changing roles, names and whether an account is active, and sending reset links: admins. */
export function canChangeUsers(actor: Actor): boolean {
  return actor.role === 'admin';
}

/** Reopening a closed round (with a reason): admins alone; closing is for whoever runs the model (managesModel). */
export function canReopenRounds(actor: Actor): boolean {
  return actor.role === 'admin';
}
