/**
 * Accounts run by people: an admin (or a manager, for evaluators) creates one with a one-time invitation link
 * (72 h) to set the password; admins change roles, names and whether an account is active, and send reset
 * links; whoever holds a live link sets their password once.
 */
import type { AppConfig } from '../config';
import type { Db } from '../db';
import { type Actor, canChangeOwnPassword, canChangeUsers, canCreateUser, canListUsers } from '../domain/access';
import { checkNewPassword, checkNewUser, checkUserPatch, invitationHours, organisationUnknown, roleNotYours } from '../domain/accounts';
import { type AuditAction, userChanges } from '../domain/audit';
import { hashPassword, randomToken, type ScryptFn, sha256Hex } from '../domain/crypto';
import { AppError } from '../domain/errors';
import { messages, type Locale } from '../domain/i18n';
import { signIn, type SignInContext } from './sign-in';
import { allOrganisations } from '../queries/programmes';
import type { AuditEntry } from '../queries/audit';
import { addInvitation, createUserWithInvitation, setOwnPassword, listUsers, liveInvitation, updateUser, useInvitation, userById } from '../queries/accounts';

interface Ctx {
  db: Db;
  actor: Actor;
  locale: Locale;
  now: Date;
  /** Where links point, e.g. https://moc.example.org */
  origin: string;
  /** The client's address, for the audit log (middleware/client-address.ts). */
  address?: string | null;
}

/** An audit entry of this actor, now, about an account (null: one the same batch creates). */
const auditAbout = (ctx: Ctx, action: AuditAction, userId: number | null, detail?: unknown): AuditEntry => ({
  at: ctx.now.toISOString(),
  userId: ctx.actor.id,
  action,
  objectType: 'user',
  objectId: userId === null ? null : String(userId),
  address: ctx.address ?? null,
  detail,
});

/** A new secret link: the secret goes in the URL once, only its hash is stored. */
function newLink(ctx: Ctx) {
  const token = randomToken();
  const expiresAt = new Date(ctx.now.getTime() + invitationHours * 3600_000).toISOString();
  return { token, tokenHash: sha256Hex(token), expiresAt, url: `${ctx.origin}/invitations/${token}` };
}

export async function createUser(ctx: Ctx, body: unknown) {
  const check = checkNewUser(body, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  if (!canCreateUser(ctx.actor, check.user.role)) {
    // Someone who creates evaluators asked for another role: say which role they may give.
    if (canCreateUser(ctx.actor, 'evaluator')) throw new AppError('invalid_request', roleNotYours(ctx.locale));
    throw new AppError('forbidden');
  }
  const organisationId = check.user.organisationId;
  if (organisationId !== null && !(await allOrganisations(ctx.db)).some((o) => o.id === organisationId)) throw new AppError('invalid_request', organisationUnknown(ctx.locale));
  const link = newLink(ctx);
  const audit = auditAbout(ctx, 'user.create', null, { email: check.user.email, name: check.user.name, role: check.user.role, organisationId });
  const id = await createUserWithInvitation(ctx.db, check.user, { tokenHash: link.tokenHash, expiresAt: link.expiresAt, createdBy: ctx.actor.id, createdAt: ctx.now.toISOString() }, audit);
  if (id === null) throw new AppError('email_taken', [{ question: 'email', message: check.user.email }]);
  return { id, email: check.user.email, role: check.user.role, invitation: { url: link.url, expiresAt: link.expiresAt } };
}

export async function usersFor(ctx: Pick<Ctx, 'db' | 'actor'>) {
  const only = canListUsers(ctx.actor);
  if (!only) throw new AppError('forbidden');
  return listUsers(ctx.db, only);
}

/** Changes role, name or active; deactivating ends the account's sessions and tokens at once. */
export async function changeUser(ctx: Ctx, id: number, body: unknown) {
  if (!canChangeUsers(ctx.actor)) throw new AppError('forbidden');
  const check = checkUserPatch(body, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  const before = Number.isSafeInteger(id) ? await userById(ctx.db, id) : null;
  if (!before) throw new AppError('not_found');
  const audits = userChanges(before, check.patch).map((change) => auditAbout(ctx, change.action, id, change.detail));
  await updateUser(ctx.db, id, check.patch, audits);
  return (await userById(ctx.db, id))!;
}

/** A reset link for an account (admins): the old password works until the link is used. */
export async function sendReset(ctx: Ctx, id: number) {
  if (!canChangeUsers(ctx.actor)) throw new AppError('forbidden');
  if (!Number.isSafeInteger(id) || !(await userById(ctx.db, id))) throw new AppError('not_found');
  const link = newLink(ctx);
  // The entry names the link's expiry, never the link: whoever reads the log must not be able to use it.
  const audit = auditAbout(ctx, 'user.reset', id, { expiresAt: link.expiresAt });
  await addInvitation(ctx.db, { tokenHash: link.tokenHash, userId: id, purpose: 'reset', expiresAt: link.expiresAt, createdBy: ctx.actor.id, createdAt: ctx.now.toISOString() }, audit);
  return { url: link.url, expiresAt: link.expiresAt };
}

/** Sets the password behind a live link, once: 410 when the link was used, has expired or never existed. */
export async function acceptInvitation(ctx: { db: Db; now: Date; locale: Locale; config: Pick<AppConfig, 'scrypt'>; scrypt: ScryptFn; address?: string | null }, token: string, password: unknown) {
  const problems = checkNewPassword(password, ctx.locale);
  if (problems.length > 0) throw new AppError('invalid_request', problems);
  // Hashing is costly: only for a link that is live now (using it below is what counts, should two race).
  if (!(await liveInvitation(ctx.db, sha256Hex(token), ctx.now.toISOString()))) throw new AppError('invitation_gone');
  const hash = await hashPassword(password as string, ctx.config.scrypt, ctx.scrypt);
  // Recorded as done by nobody signed in (whoever held the link), about the account whose password it set.
  const audit = { userId: null, action: 'user.password', objectType: 'user', address: ctx.address ?? null, detail: { via: 'link' } };
  if (!(await useInvitation(ctx.db, sha256Hex(token), hash, ctx.now.toISOString(), audit))) throw new AppError('invitation_gone');
}

/**
 * Someone signed in changes their own password: the current one is checked as a sign-in is (same failure
 * limits, so a stolen session cannot guess it freely), the new one stored, and every other session and API
 * token of the account ended. A wrong current password is a 422 on `current`, not a 401: the session is fine.
 */
export async function changeOwnPassword(ctx: SignInContext & { actor: Actor; locale: Locale }, body: unknown, sessionTokenHash: string) {
  if (!canChangeOwnPassword(ctx.actor)) throw new AppError('forbidden');
  const { current, password } = (typeof body === 'object' && body !== null ? body : {}) as { current?: unknown; password?: unknown };
  const problems = checkNewPassword(password, ctx.locale);
  if (typeof current !== 'string' || current === '') problems.unshift({ question: 'current', message: messages[ctx.locale].account.currentMissing });
  if (problems.length > 0) throw new AppError('invalid_request', problems);
  await signIn(ctx, ctx.actor.email, current as string).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'bad_credentials') throw new AppError('invalid_request', [{ question: 'current', message: messages[ctx.locale].account.currentWrong }]);
    throw error;
  });
  const audit: AuditEntry = { at: ctx.now.toISOString(), userId: ctx.actor.id, action: 'user.password', objectType: 'user', objectId: String(ctx.actor.id), address: ctx.address ?? null, detail: { via: 'own' } };
  await setOwnPassword(ctx.db, ctx.actor.id, await hashPassword(password as string, ctx.config.scrypt, ctx.scrypt), sessionTokenHash, audit);
}
