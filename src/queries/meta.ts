import { eq } from 'drizzle-orm';
import { meta } from '../../db/schema';
import type { Db } from '../db';

export async function getMeta(db: Db, key: string): Promise<string | null> {
  const [row] = await db.select().from(meta).where(eq(meta.key, key)).limit(1);
  return row?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string) {
  return db.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } });
}
