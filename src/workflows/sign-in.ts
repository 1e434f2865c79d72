/**
 * Checking a password, for the sign-in form and POST /api/v1/tokens alike: under the failure limits of the
 * account and of the client address (domain/sign-in-limits.ts), with the same work whether or not the email
 * has an account, and re-hashing a hash made at an older cost once the password is known to be right.
 */
import type { AppConfig } from '../config';
import type { Db } from '../db';
import { checkPassword, hashPassword, needsRehash, type ScryptFn, SignInBusyError, sha256Hex } from '../domain/crypto';
import { AppError } from '../domain/errors';
import { afterSuccess, raceRetryAfterSeconds, signInKeys, signInVerdict } from '../domain/sign-in-limits';
import { audit } from '../queries/audit';
import { failureRecords, reserveSignInAttempt, settleSignInSuccess } from '../queries/sign-in-limits';
import { replacePasswordHash, userByEmail } from '../queries/users';

export interface SignInContext {
  db: Db;
  now: Date;
  config: Pick<AppConfig, 'scrypt' | 'signInLimits'>;
  scrypt: ScryptFn;
  /** The client's address, when known (see domain/sign-in-limits.ts `clientAddress`). */
  address: string | undefined;
  /**
   * Set by the sign-in form ('web') and POST /api/v1/tokens ('api'): a wrong email or password is then
   * recorded in the audit log as `signin.failed` (a password re-checked elsewhere, e.g. /account, is not).
   */
  via?: 'web' | 'api';
}

/**
 * The user whose email and password these are. Throws `too_many_sign_ins` (429, with Retry-After) while the
 * account or the address waits, `bad_credentials` for a wrong email or password, `sign_in_busy` (503) when
 * more password checks wait than the hasher takes (the attempt stays counted, like a wrong password: a
 * flood gains no free guesses by it).
 */
export async function signIn(ctx: SignInContext, email: string, password: string) {
  const { db, now, config } = ctx;
  const keys = signInKeys(email, ctx.address);
  const verdict = signInVerdict(keys, await failureRecords(db, keys.map((k) => k.key)), now, config.signInLimits);
  if (verdict.wait) throw new AppError('too_many_sign_ins', [], verdict.retryAfterSeconds);
  if (!(await reserveSignInAttempt(db, verdict.reservations, now))) throw new AppError('too_many_sign_ins', [], raceRetryAfterSeconds);

  const user = await userByEmail(db, email);
  const right = await checkPassword(password, user?.passwordHash ?? null, config.scrypt, ctx.scrypt).catch(busy);
  // A deactivated account answers as a wrong password would, after the same work.
  if (!user || !right || !user.active) {
    if (ctx.via) await auditFailure(ctx, email, user?.id ?? null);
    throw new AppError('bad_credentials');
  }

  await settleSignInSuccess(db, afterSuccess(verdict.reservations));
  await rehashIfOld(ctx, user, password);
  return user;
}

/**
 * A wrong password, recorded by nobody (userId null): the account it was tried on, when the email has one,
 * and the email only as its hash (what was typed may be anything, even a password), never the password.
 * Refusals before the check (429 while sign-in waits) are not recorded: the limits already bound how many
 * failures can be, and a flood of refusals would only fill the log.
 */
async function auditFailure(ctx: SignInContext, email: string, accountId: number | null) {
  await audit(ctx.db, {
    at: ctx.now.toISOString(),
    userId: null,
    action: 'signin.failed',
    objectType: accountId === null ? null : 'user',
    objectId: accountId === null ? null : String(accountId),
    address: ctx.address ?? null,
    detail: { via: ctx.via, emailHash: sha256Hex(email.trim().toLowerCase()) },
  });
}

/** Stores the password again at the current cost if its hash is older; when the hasher is busy, next time. */
async function rehashIfOld(ctx: SignInContext, user: { id: number; passwordHash: string }, password: string) {
  if (!needsRehash(user.passwordHash, ctx.config.scrypt)) return;
  const hash = await hashPassword(password, ctx.config.scrypt, ctx.scrypt).catch((err: unknown) => {
    if (err instanceof SignInBusyError) return null;
    throw err;
  });
  if (hash) await replacePasswordHash(ctx.db, user.id, user.passwordHash, hash);
}

const busyRetryAfterSeconds = 5;

function busy(err: unknown): never {
  throw err instanceof SignInBusyError ? new AppError('sign_in_busy', [], busyRetryAfterSeconds) : err;
}
