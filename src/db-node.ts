/**
 * The embedded default database: one SQLite file through libSQL (./sqlite/client.ts), driven by Drizzle's
 * libsql driver. libSQL is async-shaped and has `batch` exactly like D1, so Node and Workers run the same
 * query code; it also installs prebuilt (better-sqlite3 would compile for a minute on every fresh install).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from '../db/schema';
import type { Db } from './db';
import { SqliteFileClient } from './sqlite/client';
import { commitViaPrimary, commitWorkerBatches } from './sqlite/cluster';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const migrationsFolder = join(repoRoot, 'db', 'migrations');

export interface NodeDb {
  db: Db;
  close: () => void;
  /** Cluster primary: commit the write batches of the workers opened with `writes: 'primary'` (src/node.ts). */
  commitForWorkers: () => void;
}

/**
 * Opens (creating if needed) and migrates a SQLite file; ':memory:' is not supported, use a temp file.
 * Write batches are group-committed on this connection, or with `writes: 'primary'` (a cluster worker) sent
 * to the primary, which commits them for all workers.
 */
export async function openNodeDb(path: string, opts: { writes?: 'here' | 'primary' } = {}): Promise<NodeDb> {
  mkdirSync(dirname(path), { recursive: true });
  // One connection, so the PRAGMAs below hold for every statement. The busy timeout: with several
  // processes (or a CLI command beside the server) a writer waits for the lock instead of failing.
  const client = new SqliteFileClient(path, 5000);
  // WAL lets readers proceed during writes; synchronous=FULL makes every acknowledged commit durable.
  client.run('PRAGMA journal_mode = WAL');
  client.run('PRAGMA synchronous = FULL');
  client.run('PRAGMA busy_timeout = 5000');
  client.run('PRAGMA foreign_keys = ON');
  const db: Db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  if (opts.writes === 'primary') client.commitBatchesWith(commitViaPrimary());
  return { db, close: () => client.close(), commitForWorkers: () => commitWorkerBatches(client) };
}
