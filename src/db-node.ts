/**
 * The embedded default database: one SQLite file through @libsql/client. libSQL is async and has `batch`
 * exactly like D1, so Node and Workers run the same query code; it also installs prebuilt (better-sqlite3
 * would compile for a minute on every fresh install and is synchronous, which D1 is not).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from '../db/schema';
import type { Db } from './db';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const migrationsFolder = join(repoRoot, 'db', 'migrations');

/** Opens (creating if needed) and migrates a SQLite file; ':memory:' is not supported, use a temp file. */
export async function openNodeDb(path: string): Promise<{ db: Db; close: () => void }> {
  mkdirSync(dirname(path), { recursive: true });
  // One connection, so the PRAGMAs below hold for every statement (libSQL's pool would otherwise open fresh
  // connections under concurrent awaits); statements run synchronously, so a pool gains nothing. `timeout` is
  // the busy timeout: with several server processes a writer waits for the lock instead of failing.
  const client = createClient({ url: `file:${path}`, concurrency: 1, timeout: 5000 });
  // WAL lets readers proceed during writes; synchronous=FULL makes every acknowledged commit durable.
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA synchronous = FULL');
  await client.execute('PRAGMA busy_timeout = 5000');
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db, close: () => client.close() };
}
