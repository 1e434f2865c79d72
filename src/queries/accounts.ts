/** Accounts and their one-time password links (users, invitations), and ending a person's sessions. */
import { and, asc, eq, gt, isNull, sql, ne } from 'drizzle-orm';
import { invitations, sessions, users } from '../../db/schema';
import { statement, type Db } from '../db';
import type { Role } from '../domain/access';
import type { NewUser } from '../domain/accounts';
import { auditEachStatement, auditStatement, type AuditEntry } from './audit';

const columns = { id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale, active: users.active, organisationId: users.organisationId, createdAt: users.createdAt };

export async function listUsers(db: Db, only: 'all' | 'evaluators') {
  return db.select(columns).from(users).where(only === 'all' ? undefined : eq(users.role, 'evaluator')).orderBy(asc(users.name));
}

export async function userById(db: Db, id: number) {
  const [row] = await db.select(columns).from(users).where(eq(users.id, id)).limit(1);
  return row ?? null;
}

/**
 * Creates the account and its invitation in one batch; null when the email is taken. The account has no
 * password until the invitation is used: its hash field names the invitation, which is how the invitation
 * finds the row this request created (and never an account that existed before).
 */
export async function createUserWithInvitation(
  db: Db,
  user: NewUser,
  invitation: { tokenHash: string; expiresAt: string; createdBy: number | null; createdAt: string },
  /** The audit entry of the creation (`user.create`), written only if the account is. */
  audit?: Omit<AuditEntry, 'objectId'>,
) {
  const pending = `invited$${invitation.tokenHash}`;
  const [created] = await db.batch([
    db.insert(users).values({ ...user, passwordHash: pending }).onConflictDoNothing().returning({ id: users.id }),
    statement(db, sql`INSERT INTO ${invitations} (token_hash, user_id, purpose, expires_at, created_by, created_at)
               SELECT ${invitation.tokenHash}, ${users.id}, 'invite', ${invitation.expiresAt}, ${invitation.createdBy}, ${invitation.createdAt}
               FROM ${users} WHERE ${users.email} = ${user.email} AND ${users.passwordHash} = ${pending}`),
    ...(audit ? [auditEachStatement(db, audit, sql`SELECT ${users.id} AS id FROM ${users} WHERE ${users.email} = ${user.email} AND ${users.passwordHash} = ${pending}`)] : []),
  ]);
  return created[0]?.id ?? null;
}

/** A reset link for an existing account, with its audit entry (`user.reset`) in the same batch. */
export async function addInvitation(db: Db, row: typeof invitations.$inferInsert, audit: AuditEntry) {
  await db.batch([db.insert(invitations).values(row), auditStatement(db, audit)]);
}

/** Changes an account; deactivating it ends its sessions and API tokens in the same batch, as do its audit entries. */
export async function updateUser(db: Db, id: number, patch: { role?: Role; active?: boolean; name?: string }, audits: readonly AuditEntry[] = []) {
  await db.batch([
    db.update(users).set(patch).where(eq(users.id, id)),
    ...(patch.active === false ? [db.delete(sessions).where(eq(sessions.userId, id))] : []),
    ...audits.map((a) => auditStatement(db, a)),
  ]);
}

/**
 * Uses a link once: marks it used, sets the password and ends the account's other sessions, in one batch.
 * False when the link is unknown, used, or expired at `now`.
 */
export async function useInvitation(db: Db, tokenHash: string, passwordHash: string, now: string, audit?: Omit<AuditEntry, 'objectId' | 'at'>): Promise<boolean> {
  const live = and(
    eq(invitations.tokenHash, tokenHash),
    isNull(invitations.usedAt),
    gt(invitations.expiresAt, now),
    sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${invitations.userId} AND ${users.active} = 1)`,
  );
  const [used] = await db.batch([
    db.update(invitations).set({ usedAt: now }).where(live).returning({ userId: invitations.userId }),
    statement(db, sql`UPDATE ${users} SET password_hash = ${passwordHash}
               WHERE ${users.id} = (SELECT ${invitations.userId} FROM ${invitations} WHERE ${invitations.tokenHash} = ${tokenHash} AND ${invitations.usedAt} = ${now})`),
    statement(db, sql`DELETE FROM ${sessions} WHERE ${sessions.userId} = (SELECT ${invitations.userId} FROM ${invitations} WHERE ${invitations.tokenHash} = ${tokenHash} AND ${invitations.usedAt} = ${now})`),
    ...(audit ? [auditEachStatement(db, { ...audit, at: now }, sql`SELECT ${invitations.userId} AS id FROM ${invitations} WHERE ${invitations.tokenHash} = ${tokenHash} AND ${invitations.usedAt} = ${now}`)] : []),
  ]);
  return used.length === 1;
}

/**
 * A new password chosen by the account's owner: stored, and every other session and API token of the account
 * ended, in one batch (the one in use, `keepTokenHash`, stays).
 */
export async function setOwnPassword(db: Db, userId: number, passwordHash: string, keepTokenHash: string, audit: AuditEntry) {
  await db.batch([
    db.update(users).set({ passwordHash }).where(eq(users.id, userId)),
    db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepTokenHash))),
    auditStatement(db, audit),
  ]);
}

/** A link that can still be used: for the page that asks for the new password. */
export async function liveInvitation(db: Db, tokenHash: string, now: string) {
  const [row] = await db
    .select({ purpose: invitations.purpose, email: users.email, name: users.name, locale: users.locale })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.usedAt), gt(invitations.expiresAt, now), eq(users.active, true)))
    .limit(1);
  return row ?? null;
}
