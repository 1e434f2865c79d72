/**
 * The records of failed sign-ins (src/domain/sign-in-limits.ts decides; this only reads and writes). Each
 * write is a compare-and-set on the stored `failures`, so that two processes (or two Workers) counting the
 * same key never both pass on the same count: D1 has no interactive transactions, and one statement is atomic.
 */
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { signInFailures } from '../../db/schema';
import type { Db } from '../db';
import type { FailureRecord, Reservation, SuccessAction } from '../domain/sign-in-limits';

/** The stored records of these keys (an attempt has at most two: its account and its address). */
export async function failureRecords(db: Db, keys: string[]): Promise<FailureRecord[]> {
  return db.select().from(signInFailures).where(inArray(signInFailures.key, keys));
}

/**
 * Counts the attempt against every key, each only if its stored failures are still as read, and deletes
 * records already forgotten (so that rows do not pile up). Returns whether every key was counted: false means
 * another attempt on the same key came in between.
 */
export async function reserveSignInAttempt(db: Db, reservations: Reservation[], now: Date): Promise<boolean> {
  const t = signInFailures;
  const upserts = reservations.map((r) =>
    db
      .insert(t)
      .values(r.next)
      .onConflictDoUpdate({
        target: t.key,
        set: { failures: r.next.failures, lockedUntil: r.next.lockedUntil, expiresAt: r.next.expiresAt },
        setWhere: sql`${t.failures} = ${r.expectedFailures ?? -1}`,
      })
      .returning({ key: t.key }),
  );
  const results = (await db.batch([...upserts, forgotten(db, now)] as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])) as unknown[];
  return upserts.every((_, i) => (results[i] as unknown[]).length === 1);
}

/** Applies `afterSuccess`: forgets the account's record, puts the address's back unless it changed since. */
export async function settleSignInSuccess(db: Db, actions: SuccessAction[]): Promise<void> {
  const t = signInFailures;
  const statements = actions.map((a) => {
    if ('forget' in a) return db.delete(t).where(eq(t.key, a.forget));
    const unchanged = and(eq(t.key, a.key), eq(t.failures, a.ifFailures));
    if (!a.restore) return db.delete(t).where(unchanged);
    return db.update(t).set({ failures: a.restore.failures, lockedUntil: a.restore.lockedUntil, expiresAt: a.restore.expiresAt }).where(unchanged);
  });
  if (statements.length) await db.batch(statements as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
}

const forgotten = (db: Db, now: Date) => db.delete(signInFailures).where(lt(signInFailures.expiresAt, now.toISOString()));

/** Deletes the records already forgotten (also done with every counted attempt); returns how many. */
export async function deleteForgottenSignInFailures(db: Db, now: Date): Promise<number> {
  return (await forgotten(db, now).returning({ key: signInFailures.key })).length;
}
