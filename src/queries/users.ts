import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import type { Db } from '../db';

export async function userByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row ?? null;
}
