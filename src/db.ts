/**
 * The database type every route and query takes: an async Drizzle SQLite database with `batch`, which both
 * libSQL (Node) and D1 (Workers) provide. There are no interactive transactions: atomic multi-row writes go
 * through `atomically`, which is one batch (one implicit transaction) on both drivers.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import { entityKind } from 'drizzle-orm/entity';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type { SQL } from 'drizzle-orm/sql';
import type * as schema from '../db/schema';

export type Db = LibSQLDatabase<typeof schema>;

/** Runs the given statements all-or-nothing. Example: `await atomically(db, [insertA, insertB])`. */
export async function atomically(db: Db, statements: BatchItem<'sqlite'>[]): Promise<void> {
  if (statements.length === 0) return;
  await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
}

/**
 * A raw SQL statement (`sql\`…\``) that can go into `db.batch` on both drivers. Drizzle's D1 batch binds each
 * item's prepared statement, which `db.run(sql)` does not have once it carries parameters (workerd answers
 * "Cannot read properties of undefined (reading 'bind')"), so on D1 it is prepared here.
 * Example: `atomically(db, [statement(db, sql\`DELETE FROM t WHERE id = ${id}\`), …])`.
 */
export function statement(db: Db, query: SQL): ReturnType<Db['run']> {
  const raw = db.run(query);
  if ((db.constructor as { [entityKind]?: string })[entityKind] !== 'D1Database') return raw;
  const client = (db as unknown as { $client: { prepare(text: string): unknown } }).$client;
  const prepared = Object.assign(Object.create(raw) as object, { stmt: client.prepare(raw.getQuery().sql) });
  return Object.assign(raw, { _prepare: () => prepared });
}

/**
 * A read's rows as arrays of values by position (integers as numbers), without an object per row: D1 answers
 * arrays already, the Node client (src/sqlite/client.ts) reads them so when asked. For reads of a whole round.
 * Example: `await valuesOf<[string, number]>(db, sql\`SELECT id, commune_id FROM submissions\`)`.
 */
export async function valuesOf<T extends unknown[]>(db: Db, query: SQL): Promise<T[]> {
  const read = db.values<T>(query);
  const client = (db as unknown as { $client: { values?: (stmt: { sql: string; args: unknown[] }) => unknown[][] } }).$client;
  if (typeof client.values !== 'function') return read;
  const { sql, params } = read.getQuery();
  return client.values({ sql, args: params }) as T[];
}
