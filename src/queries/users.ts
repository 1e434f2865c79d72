import { and, eq } from 'drizzle-orm';
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
