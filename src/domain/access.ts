/**
 * Who may see and do what. Pure: the actor's scope is loaded once per request by `scopeOf` (queries/scope)
 * and these rules decide with plain values.
 */
import type { Basis } from './review';

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

/**
 * How far a role reaches for one action:
 * - `any`: everywhere;
 * - `own-models`: the models in the actor's scope (a manager's models, a sponsor's) and everything in them;
 * - `assigned`: the rounds the actor is assigned to and, in each, the communes they work in (an evaluator's);
 * - `own`: what the actor made themselves (their own submissions), within their assigned rounds;
 * - `none`: never.
 * What "in scope" holds per role is loaded by queries/scope.ts (`scopeOf`).
 */
export type Reach = 'any' | 'own-models' | 'assigned' | 'own' | 'none';

/**
 * Who may do what: one row per action, one cell per role. Routes, workflows and the header ask `may` (or a
 * named rule below that reads this table); views receive the answers as booleans. test/access-policy.test.ts
 * probes every cell over HTTP: a route answers 403 when the role's cell is `none` and 404 when the object is
 * beyond the role's reach (unless the probe there documents otherwise).
 */
const table = {
  // Reading
  'model.see': { admin: 'any', manager: 'own-models', evaluator: 'assigned', sponsor: 'own-models' },
  'round.see': { admin: 'any', manager: 'own-models', evaluator: 'assigned', sponsor: 'own-models' },
  /** Listing and opening single submissions (sponsors get aggregates only). */
  'submission.see': { admin: 'any', manager: 'own-models', evaluator: 'own', sponsor: 'none' },
  /**
   * The answers to personal questions (domain/personal.ts: names, phone numbers, exact addresses) of a submission
   * one may see: its evaluator and the model's managers; admins see them masked. See seesPersonal and
   * seesAddressesToRevisit.
   */
  'submission.personal': { admin: 'none', manager: 'own-models', evaluator: 'own', sponsor: 'none' },
  /**
   * Reviewing submissions (domain/review.ts): approving, sending back with issues, rejecting, removing, one by
   * one or approving many on the round page. See canReview.
   */
  'submission.review': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  /**
   * Correcting a submission's answers (workflows/corrections.ts: a new revision with a reason): admins, the
   * model's managers, and its evaluator only while it has issues (sent back to them). See canCorrect.
   */
  'submission.correct': { admin: 'any', manager: 'own-models', evaluator: 'own', sponsor: 'none' },
  /** The indicator pages and API, the programme overview and roll-up. */
  'indicators.see': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'own-models' },
  /** Indicator values without small-count suppression (domain/disclosure.ts); others read them suppressed. */
  'indicators.unsuppressed': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  'targets.see': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  /**
   * Indicator values that count submissions not yet reviewed (received and approved: the `received` basis of
   * domain/review.ts); without it, and on asking, values count approved submissions only. See countedBasis.
   */
  'indicators.unreviewed': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  /**
   * The sponsor summary of a model or programme (workflows/summary.ts; page and PDF): its sponsors, its managers,
   * admins. It shows the targets beside the values, as the model page does (`targets.see` is the targets page and
   * API). Made to be passed on, it reads as sponsors do for everyone: see summaryReading.
   */
  'summary.see': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'own-models' },
  // Collecting
  /** Sending a survey (and opening the survey page, and the follow-up list of households). */
  'submission.send': { admin: 'any', manager: 'own-models', evaluator: 'assigned', sponsor: 'none' },
  /** Uploading a device's backup file: evaluators their own items, managers and admins on behalf of evaluators. */
  import: { admin: 'any', manager: 'own-models', evaluator: 'own', sponsor: 'none' },
  /** Keeping pages on the device (the offline kit); every other role's pages stay on the server. */
  'offline.kit': { admin: 'none', manager: 'none', evaluator: 'assigned', sponsor: 'none' },
  // Running a model's rounds
  'round.create': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  /** Opening and closing a round; reopening a closed one is `round.reopen`. */
  'round.close': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  'round.reopen': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  /** Choosing a round's evaluators and their communes. */
  'assignments.set': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  /** Registered counts (the denominators of coverage indicators). */
  'counts.enter': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  'target.set.model': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  /** A programme spans models of other managers. */
  'target.set.programme': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  // Accounts
  'user.list.evaluators': { admin: 'any', manager: 'any', evaluator: 'none', sponsor: 'none' },
  'user.list.any': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  /** Managers create evaluators, whom they then assign to their models' rounds. */
  'user.create.evaluator': { admin: 'any', manager: 'any', evaluator: 'none', sponsor: 'none' },
  'user.create.any': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  /** Changing roles, names and whether an account is active, and sending reset links. */
  'user.change': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  /** Changing one's own password (/account, POST /api/v1/users/me/password): every account, its own only. */
  'account.password': { admin: 'any', manager: 'any', evaluator: 'any', sponsor: 'any' },
  /** Which models and programmes a manager or sponsor reaches (GET/PUT /api/v1/users/{id}/scope); see scopeHeldBy. */
  'user.scope.set': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  /** Reading the audit log (/audit, /audit.csv, GET /api/v1/audit): who did what, when, from where. */
  'audit.see': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  /**
   * Exporting a round's submissions (CSV, XLSX; workflows/exports.ts): admins and the model's managers, with
   * personal answers only where `submission.personal` allows; sponsors get aggregates only.
   */
  'export.submissions': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  /** Exporting a model's indicator table, suppressed as `indicators.unsuppressed` says. */
  'export.indicators': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'own-models' },
  /**
   * The yearly programme report to the city's DOLISA (workflows/yearly-report.ts; page, XLSX, API): admins on every
   * model of a programme, managers on theirs in it. A government report, unsuppressed, so only for roles that see
   * every value (`indicators.unsuppressed`); sponsors get their own summary, evaluators no indicators.
   */
  'report.yearly': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  // Setting up programmes, models and instruments
  /** Reading programmes and organisations, as the models one reaches come through them. */
  'programme.see': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'own-models' },
  /** Creating and changing programmes and organisations, the start of any installation. */
  'programme.setup': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  'model.create': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  /** A model's names, period and communes. */
  'model.edit': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
  /** A model's type, programme and sponsor: moving a model to another programme is an admin's decision. */
  'model.edit.programme': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  /** The instruments page and GET /api/v1/instruments. */
  'instrument.list': { admin: 'any', manager: 'any', evaluator: 'none', sponsor: 'none' },
  /** Uploading, previewing and releasing instrument versions. */
  'instrument.release': { admin: 'any', manager: 'none', evaluator: 'none', sponsor: 'none' },
  /** Pinning a newer released version to a round. */
  'instrument.pin': { admin: 'any', manager: 'own-models', evaluator: 'none', sponsor: 'none' },
} satisfies Record<string, Record<Role, Reach>>;

export type Action = keyof typeof table;

export const policy: Readonly<Record<Action, Readonly<Record<Role, Reach>>>> = table;

/** What an action is about, as far as the rules need: the model, the round, a commune of it, who sent it. */
export interface Concerning {
  modelId?: string;
  roundId?: string;
  communeCode?: string;
  /** The evaluator who sent a submission. */
  evaluatorId?: number;
}

/** A round as the rules see it: `may(actor, 'round.see', scope, ofRound(round))`. */
export const ofRound = (round: { id: string; modelId: string }, communeCode?: string): Concerning => ({ roundId: round.id, modelId: round.modelId, communeCode });

/** The cell of the table for this actor's role. */
export function reach(actor: Actor, action: Action): Reach {
  return policy[action][actor.role];
}

/**
 * Whether `actor` may do `action`: without an object, somewhere at all (the cell is not `none`); with one, to
 * that object, within `scope`. An object that names nothing the reach can check is refused.
 * Examples: `may(sponsor, 'submission.see')` → false;
 * `may(managerHa, 'round.close', scope, { modelId: 'hn-phu-chau' })` → true (a model Hà manages);
 * `may(lan, 'submission.send', scope, ofRound(round, '09649'))` → whether Lan works in that commune of the round.
 */
export function may(actor: Actor, action: Action, scope?: Scope, object?: Concerning): boolean {
  const cell = reach(actor, action);
  if (cell === 'none') return false;
  if (cell === 'any' || !object) return true;
  const within = scope ?? nothing;
  switch (cell) {
    case 'own-models':
      return object.modelId !== undefined && has(within.models, object.modelId);
    case 'assigned':
      return isAssigned(within, object);
    case 'own':
      return object.evaluatorId === actor.id && (object.roundId === undefined && object.modelId === undefined ? true : isAssigned(within, object));
  }
}

/** How a refusal reads: 403 for a role that may never do this, 404 for an object beyond its reach. */
export function refusal(actor: Actor, action: Action): 'forbidden' | 'not_found' {
  return reach(actor, action) === 'none' ? 'forbidden' : 'not_found';
}

/** A round counts as assigned when at least one of its communes is (or the named commune is). */
function isAssigned(scope: Scope, o: Concerning): boolean {
  if (o.roundId !== undefined) {
    if (!has(scope.rounds, o.roundId)) return false;
    const communes = assignedCommunes(scope, o.roundId);
    return communes === 'all' || (o.communeCode === undefined ? communes.size > 0 : communes.has(o.communeCode));
  }
  return o.modelId !== undefined && has(scope.models, o.modelId);
}

// The named rules below read the table; they keep the routes short.

/** Example: `canSeeModel(sponsor, scope, 'yb-service-pilot')` → true for World Vision's pilot. */
export function canSeeModel(actor: Actor, scope: Scope, modelId: string): boolean {
  return may(actor, 'model.see', scope, { modelId });
}

/** Evaluators reach only the rounds they are assigned to, even within a model they can see. */
export function canSeeRound(actor: Actor, scope: Scope, round: { id: string; modelId: string }): boolean {
  return may(actor, 'round.see', scope, ofRound(round));
}

/** Sponsors get aggregates only: never a single submission. */
export function canSeeSubmissions(actor: Actor): boolean {
  return may(actor, 'submission.see');
}

/**
 * Whose submissions of a round an actor may list and open: an evaluator only the ones they sent (another
 * evaluator's households are not theirs to read), managers and admins every one in their scope, sponsors none.
 * Example: `submissionsSeenBy(evaluatorLan)` → { evaluatorId: evaluatorLan.id }.
 */
export function submissionsSeenBy(actor: Actor): { evaluatorId: number | null } | null {
  const cell = reach(actor, 'submission.see');
  if (cell === 'none') return null;
  return { evaluatorId: cell === 'own' ? actor.id : null };
}

/** One stored submission: its round in the actor's reach, and (for evaluators) sent by them. */
export function canSeeSubmission(actor: Actor, scope: Scope, round: { id: string; modelId: string }, submission: { evaluatorId: number }): boolean {
  return canSeeRound(actor, scope, round) && may(actor, 'submission.see', scope, { ...ofRound(round), evaluatorId: submission.evaluatorId });
}

/**
 * Whether a submission's personal answers are shown to `actor` (else masked, domain/personal.ts): to the
 * evaluator who sent it and to the managers of its model. Example: `seesPersonal(admin, …)` → false.
 */
export function seesPersonal(actor: Actor, scope: Scope, round: { id: string; modelId: string }, submission: { evaluatorId: number }): boolean {
  return canSeeSubmission(actor, scope, round, submission) && may(actor, 'submission.personal', scope, { ...ofRound(round), evaluatorId: submission.evaluatorId });
}

/**
 * The follow-up list names the households a round revisits by their address (hamlet and household number,
 * personal), which whoever collects there needs to find them and to link the visits: it shows them to those
 * who may read personal answers at all (`submission.personal` not `none`) and collect in that commune of the
 * round (canSubmitTo: an evaluator assigned there, the model's managers); admins get them masked.
 */
export function seesAddressesToRevisit(actor: Actor, scope: Scope, round: { id: string; modelId: string }, communeCode: string): boolean {
  return reach(actor, 'submission.personal') !== 'none' && canSubmitTo(actor, scope, round, communeCode);
}

/** Only evaluators keep pages on their device (their offline kit); every other role's pages stay on the server. */
export function keepsOfflineKit(actor: Actor): boolean {
  return may(actor, 'offline.kit');
}

/**
 * Admins and managers see every indicator value; sponsors see aggregates with small counts suppressed
 * (domain/disclosure.ts) and nothing that would give a suppressed value away.
 */
export function seesSuppressed(actor: Actor): boolean {
  return may(actor, 'indicators.unsuppressed');
}

export function canSeeIndicators(actor: Actor): boolean {
  return may(actor, 'indicators.see');
}

/** Who reads indicators only as aggregates with small counts hidden (the home page says so): sponsors. */
export function seesAggregatesOnly(actor: Actor): boolean {
  return may(actor, 'indicators.see') && !may(actor, 'indicators.unsuppressed');
}

/** The home page lists the rounds of those who reach rounds one by one (evaluators), else the models they reach. */
export function homeListsRounds(actor: Actor): boolean {
  return reach(actor, 'round.see') === 'assigned';
}

/**
 * Whose home lists the open rounds of the models they reach with what awaits their review (managers their
 * models', admins every model's): those who review submissions.
 */
export function homeListsReviewWork(actor: Actor): boolean {
  return may(actor, 'submission.review');
}

/**
 * Who collects surveys in the field, so gets the field bar (queue, sync, backup) on every page: evaluators.
 * Managers and admins may send a survey too, and get the bar only on the pages where they do (the survey and
 * correction pages, which need its queue); their way to upload a device's backup is /imports.
 */
export function collectsSurveys(actor: Actor): boolean {
  return reach(actor, 'submission.send') === 'assigned';
}

/**
 * Evaluators submit to their assigned rounds, in the communes they are assigned (when `communeCode` is given;
 * without it: to some commune of the round); managers may upload for their models' rounds; admins anywhere.
 * Example: `canSubmitTo(lan, scope, round, '09649')`.
 */
export function canSubmitTo(actor: Actor, scope: Scope, round: { id: string; modelId: string }, communeCode?: string): boolean {
  return may(actor, 'submission.send', scope, ofRound(round, communeCode));
}

/** The communes of a round the actor works in: 'all' unless their scope names some (evaluators). */
export function assignedCommunes(scope: Scope, roundId: string): 'all' | ReadonlySet<string> {
  return scope.communes === 'all' ? 'all' : (scope.communes.get(roundId) ?? new Set());
}

/**
 * Who runs a model's rounds (creates, opens and closes them): admins, and the model's managers. Reopening a
 * closed round is `round.reopen` (canReopenRounds).
 */
export function managesModel(actor: Actor, scope: Scope, modelId: string): boolean {
  return may(actor, 'round.close', scope, { modelId });
}

/** Who may choose the evaluators of a round and their communes. */
export function canAssignEvaluators(actor: Actor, scope: Scope, round: { id: string; modelId: string }): boolean {
  return may(actor, 'assignments.set', scope, ofRound(round));
}

/** Registered counts: managers for their models' rounds, admins anywhere. Without a round: anywhere at all. */
export function canEnterCounts(actor: Actor, scope?: Scope, round?: { id: string; modelId: string }): boolean {
  return may(actor, 'counts.enter', scope, round && ofRound(round));
}

/** The targets page and API: admins and managers (sponsors read targets beside the indicators they see). */
export function canSeeTargets(actor: Actor): boolean {
  return may(actor, 'targets.see');
}

/** Which targets an actor may set at all: admins any, managers their own models' (a programme spans others'). */
export function canSetTargets(actor: Actor): { programmes: boolean; models: boolean } {
  return { programmes: may(actor, 'target.set.programme'), models: may(actor, 'target.set.model') };
}

/** One target: a programme's by an admin, a model's by an admin or a manager of that model. */
export function canSetTarget(actor: Actor, scope: Scope, target: { programme?: string; model?: string }): boolean {
  return target.model ? may(actor, 'target.set.model', scope, { modelId: target.model }) : may(actor, 'target.set.programme');
}

/** Admins create any account; managers create evaluators (whom they then assign to their models' rounds). */
export function canCreateUser(actor: Actor, role: Role): boolean {
  return may(actor, 'user.create.any') || (role === 'evaluator' && may(actor, 'user.create.evaluator'));
}

/** Who may list accounts (admins: all; managers: evaluators). */
export function canListUsers(actor: Actor): 'all' | 'evaluators' | null {
  return may(actor, 'user.list.any') ? 'all' : may(actor, 'user.list.evaluators') ? 'evaluators' : null;
}

/** Changing roles, names and whether an account is active, and sending reset links: admins. */
export function canChangeUsers(actor: Actor): boolean {
  return may(actor, 'user.change');
}

/** Reopening a closed round (with a reason): admins alone; closing is for whoever runs the model (managesModel). */
export function canReopenRounds(actor: Actor): boolean {
  return may(actor, 'round.reopen');
}

/** Creating models (issue 12, part 3): `model.create`. */
export function canCreateModels(actor: Actor): boolean {
  return may(actor, 'model.create');
}

/** Editing a model: admins any, managers the models they manage (`model.edit`). */
export function canEditModel(actor: Actor, scope: Scope, modelId: string): boolean {
  return may(actor, 'model.edit', scope, { modelId });
}

/** Which action each part of a model falls under. */
const modelParts = { names: 'model.edit', type: 'model.edit.programme', programme: 'model.edit.programme', period: 'model.edit', sponsor: 'model.edit.programme', communes: 'model.edit' } as const;

/**
 * The parts of a model an editor may change: admins all; managers its names, period and communes, never its
 * type, programme or sponsor (moving a model to another programme is an admin's decision).
 * Example: `modelPartsEditable(managerHa)` → ['names', 'period', 'communes'].
 */
export function modelPartsEditable(actor: Actor): readonly (keyof typeof modelParts)[] {
  return (Object.keys(modelParts) as (keyof typeof modelParts)[]).filter((part) => may(actor, modelParts[part]));
}

/** Uploading and releasing instrument versions (issue 12, part 5): `instrument.release`. */
export function canReleaseInstruments(actor: Actor): boolean {
  return may(actor, 'instrument.release');
}

/** The instruments page and GET /api/v1/instruments: `instrument.list`. */
export function canListInstruments(actor: Actor): boolean {
  return may(actor, 'instrument.list');
}

/** Pinning a released version to a round: admins, and the managers of the round's model (`instrument.pin`). */
export function canPinInstruments(actor: Actor, scope: Scope, round: { modelId: string }): boolean {
  return may(actor, 'instrument.pin', scope, { modelId: round.modelId });
}

/** Setting up programmes and organisations (creating and changing them): `programme.setup`. */
export function canSetUpProgrammes(actor: Actor): boolean {
  return may(actor, 'programme.setup');
}

/**
 * Which programmes and organisations an actor reads, as the models they come through: admins every one ('all');
 * managers and sponsors those of the models they reach (`programme.see`: admin any, manager own-models, sponsor
 * own-models, evaluator none); null for evaluators.
 * Example: `programmesSeenBy(sponsor, scope)` → Set { 'yb-service-pilot' } (the Yên Bái programme, World Vision).
 */
export function programmesSeenBy(actor: Actor, scope: Scope): 'all' | ReadonlySet<string> | null {
  const cell = reach(actor, 'programme.see');
  return cell === 'none' ? null : cell === 'any' ? 'all' : scope.models;
}

/** Changing one's own password (`account.password`: every role; the routes name no other account). */
export function canChangeOwnPassword(actor: Actor): boolean {
  return may(actor, 'account.password');
}

/**
 * Which submissions indicator values count for this reader (domain/review.ts): received and approved ones
 * where `indicators.unreviewed` allows and the reader did not ask for approved only; else approved only.
 * Example: `countedBasis(sponsor, 'received')` → 'approved'; `countedBasis(manager, undefined)` → 'received'.
 */
export function countedBasis(actor: Actor, asked: string | undefined): Basis {
  return may(actor, 'indicators.unreviewed') && asked !== 'approved' ? 'received' : 'approved';
}

/** Who may open a model's sponsor summary (`summary.see`); a programme's shows the models of it one may. */
export function canSeeSummary(actor: Actor, scope: Scope, modelId: string): boolean {
  return may(actor, 'summary.see', scope, { modelId });
}

/**
 * How the sponsor summary counts and hides, whoever makes it: approved submissions only and small counts
 * suppressed (domain/disclosure.ts), as sponsors read indicators, since a printed or sent summary goes beyond
 * its reader. Example: a manager's copy of the pilot's summary hides what the sponsor's hides.
 */
export const summaryReading: { basis: Basis; suppressed: true } = { basis: 'approved', suppressed: true };

/** Whether the reader may switch between received-and-approved and approved-only values. */
export function canSwitchCounted(actor: Actor): boolean {
  return may(actor, 'indicators.unreviewed');
}

/** Setting which models and programmes a manager or sponsor reaches: admins (`user.scope.set`). */
export function canSetUserScope(actor: Actor): boolean {
  return may(actor, 'user.scope.set');
}

/**
 * What an account of this role may be given to reach (read by scopeOf): managers models, and programmes meaning
 * every model in them; sponsors programmes or models; none for evaluators (assigned to rounds and communes on
 * the round page) and admins (who reach everything).
 * Example: `scopeHeldBy('sponsor')` → ['models', 'programmes']; `scopeHeldBy('evaluator')` → [].
 */
export function scopeHeldBy(role: Role): readonly ('models' | 'programmes')[] {
  // Those who see models as `own-models` are given them; evaluators reach models through their rounds.
  return policy['model.see'][role] === 'own-models' ? ['models', 'programmes'] : [];
}

/**
 * Who reviews a round's submissions (approve, has issues, reject, remove): admins, and the managers of the
 * round's model (`submission.review`). Without a round: anywhere at all.
 * Example: `canReview(managerHa, scope, { id: 'hn-phu-chau-midterm', modelId: 'hn-phu-chau' })` → true.
 */
export function canReview(actor: Actor, scope?: Scope, round?: { id: string; modelId: string }): boolean {
  return may(actor, 'submission.review', scope, round && ofRound(round));
}

/** Reading the audit log, on the page, as CSV and through the API: admins (`audit.see`). */
export function canSeeAudit(actor: Actor): boolean {
  return may(actor, 'audit.see');
}

/**
 * Who may correct a submission's answers (`submission.correct`), whatever its state: admins, the model's
 * managers, its evaluator. Example: `mayCorrect(lan, scope, round, { evaluatorId: lan.id })` → true.
 */
export function mayCorrect(actor: Actor, scope: Scope, round: { id: string; modelId: string }, submission: { evaluatorId: number }): boolean {
  return canSeeSubmission(actor, scope, round, submission) && may(actor, 'submission.correct', scope, { ...ofRound(round), evaluatorId: submission.evaluatorId });
}

/** Those who correct only their own submissions (evaluators) do so only while one has issues, and it then goes back for review. */
export function correctsOnlyWithIssues(actor: Actor): boolean {
  return reach(actor, 'submission.correct') === 'own';
}

/**
 * Whether `actor` may correct this submission now (the views' "Correct answers"): mayCorrect, and for an
 * evaluator only while it has issues. Example: `canCorrect(lan, scope, round, { evaluatorId: lan.id, reviewState: 'approved' })` → false.
 */
export function canCorrect(actor: Actor, scope: Scope, round: { id: string; modelId: string }, submission: { evaluatorId: number; reviewState: string }): boolean {
  if (submission.reviewState === 'removed') return false;
  return mayCorrect(actor, scope, round, submission) && (!correctsOnlyWithIssues(actor) || submission.reviewState === 'has_issues');
}

/** Who may download a round's submissions (the round page's links): admins and the model's managers (`export.submissions`). */
export function canExportSubmissions(actor: Actor, scope: Scope, round: { id: string; modelId: string }): boolean {
  return may(actor, 'export.submissions', scope, ofRound(round));
}

/** Who may download a model's indicator table (the model page's links): `export.indicators`. */
export function canExportIndicators(actor: Actor, scope: Scope, modelId: string): boolean {
  return may(actor, 'export.indicators', scope, { modelId });
}

/**
 * The models of a programme its yearly report covers for `actor` (`report.yearly`): admins every one, managers
 * those they manage; none means the programme is beyond reach. Example: `modelsInYearlyReport(managerHa, scope,
 * yenBaiModels)` → [].
 */
export function modelsInYearlyReport<M extends { id: string }>(actor: Actor, scope: Scope, models: readonly M[]): M[] {
  return models.filter((m) => may(actor, 'report.yearly', scope, { modelId: m.id }));
}

/** Whether the programme list links to the yearly reports (every programme listed holds a model the reader reaches). */
export function canSeeYearlyReports(actor: Actor): boolean {
  return may(actor, 'report.yearly');
}
