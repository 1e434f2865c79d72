import { and, eq, inArray } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { Db } from '../db';

export async function userByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row ?? null;
}

/** Replaces a password hash (e.g. re-hashed at a new cost) unless it changed since it was read. */
export async function replacePasswordHash(db: Db, userId: number, from: string, to: string): Promise<void> {
  await db.update(users).set({ passwordHash: to }).where(and(eq(users.id, userId), eq(users.passwordHash, from)));
}

/**
 * Whether the installation is the demo's: no account yet (a first start) or one of the demo's accounts among
 * them. An installation whose first admin came from `npm run admin:create` is not, and never gets demo data.
 */
export async function isDemoInstallation(db: Db, demoEmails: readonly string[]): Promise<boolean> {
  const [any] = await db.select({ id: users.id }).from(users).limit(1);
  if (!any) return true;
  const [demo] = await db.select({ id: users.id }).from(users).where(inArray(users.email, [...demoEmails])).limit(1);
  return Boolean(demo);
}
