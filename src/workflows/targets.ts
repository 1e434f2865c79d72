/**
 * Targets set by people instead of code: listing the ones a person may read, and setting one (check → may
 * they → does its programme or model exist → store), shared by the page and the API.
 */
import type { Db } from '../db';
import { type Actor, canSetTarget, type Scope } from '../domain/access';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { indicatorCatalogue } from '../domain/indicators';
import { checkTargetEntry, type TargetEntry, targetProblems } from '../domain/target-entry';
import { listModels } from '../queries/models';
import { putTarget, targetScopeExists, targetsOf } from '../queries/targets';

/** The targets of the models in the actor's scope and of their programmes (every target for admins). */
export async function visibleTargets(db: Db, scope: Scope) {
  if (scope.models === 'all') return targetsOf(db, 'all');
  const models = await listModels(db, scope);
  return targetsOf(db, { programmes: [...new Set(models.map((m) => m.programmeId))], models: models.map((m) => m.id) });
}

/**
 * Sets one target, replacing the one of the same indicator, programme or model, and year. Throws 422 with
 * the fields' messages, 403 when the actor may not set it, and 422 for a programme or model that does
 * not exist.
 */
export async function setTarget(ctx: { db: Db; actor: Actor; scope: Scope; now: Date; locale: Locale }, input: unknown): Promise<TargetEntry> {
  const body = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const check = checkTargetEntry(body, indicatorCatalogue);
  if (!check.ok) throw new AppError('invalid_request', targetProblems(check.problems, ctx.locale));
  const { entry } = check;
  if (!canSetTarget(ctx.actor, ctx.scope, entry)) throw new AppError('forbidden');
  if (!(await targetScopeExists(ctx.db, entry))) {
    throw new AppError('invalid_request', targetProblems({ [entry.model ? 'model' : 'programme']: 'unknownScope' }, ctx.locale));
  }
  await putTarget(ctx.db, entry, ctx.actor.id, ctx.now.toISOString());
  return entry;
}
