/**
 * Which models and programmes a manager or sponsor reaches, set by an admin: check who asks, find the account,
 * look up the ids named, check the whole scope, replace it in one batch. The account's next request loads it
 * (scopeOf runs per request).
 */
import type { Db } from '../db';
import { type Actor, canSetUserScope } from '../domain/access';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { checkUserScope, namedInScope, type UserScope } from '../domain/user-scope';
import { userById } from '../queries/accounts';
import { existingScopeIds, replaceUserScope, scopeGivenTo } from '../queries/user-scope';

interface Ctx {
  db: Db;
  actor: Actor;
  locale: Locale;
  now: Date;
  /** The client's address, for the audit log. */
  address?: string | null;
}

/** The account (404 when there is none; 403 for anyone but an admin, before anything is looked up). */
async function accountFor(ctx: Ctx, id: number) {
  if (!canSetUserScope(ctx.actor)) throw new AppError('forbidden');
  const user = Number.isSafeInteger(id) ? await userById(ctx.db, id) : null;
  if (!user) throw new AppError('not_found');
  return user;
}

/** GET: what the account was given. */
export async function userScope(ctx: Ctx, id: number): Promise<UserScope> {
  await accountFor(ctx, id);
  return scopeGivenTo(ctx.db, id);
}

/** PUT: replaces both lists; 422 naming each unknown id (`models.0`) or a role that holds no such scope. */
export async function setUserScope(ctx: Ctx, id: number, body: unknown): Promise<UserScope> {
  const user = await accountFor(ctx, id);
  const known = await existingScopeIds(ctx.db, namedInScope(body));
  const check = checkUserScope(body, user.role, known, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  const before = await scopeGivenTo(ctx.db, id);
  const audit = { at: ctx.now.toISOString(), userId: ctx.actor.id, action: 'user.scope', objectType: 'user', objectId: String(id), address: ctx.address ?? null, detail: { from: before, to: check.scope } };
  await replaceUserScope(ctx.db, id, check.scope, audit);
  return scopeGivenTo(ctx.db, id);
}
