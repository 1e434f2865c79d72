/**
 * The database type every route and query takes: an async Drizzle SQLite database with `batch`, which both
 * libSQL (Node) and D1 (Workers) provide. There are no interactive transactions: atomic multi-row writes go
 * through `atomically`, which is one batch (one implicit transaction) on both drivers.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from '../db/schema';

export type Db = LibSQLDatabase<typeof schema>;

/** Runs the given statements all-or-nothing. Example: `await atomically(db, [insertA, insertB])`. */
export async function atomically(db: Db, statements: BatchItem<'sqlite'>[]): Promise<void> {
  if (statements.length === 0) return;
  await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
}
