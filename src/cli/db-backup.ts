/**
 * `npm run db:backup [-- <file>]`: an online, consistent copy of DATABASE_PATH, taken while the server goes on
 * writing (`VACUUM INTO` reads one snapshot; WAL lets writers continue), to <file> or by default
 * `backups/moc-<UTC time>.sqlite` beside the database; then the copy is checked (integrity_check) and summed up.
 * It never overwrites a file. Restoring is README "Backups and faults": stop the server, copy the file back, start.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../../db/schema';
import { parseEnv } from '../config';
import type { Db } from '../db';
import { copyDatabaseInto, integrityCheck, storedSubmissionCount } from '../queries/database-file';
import { SqliteFileClient } from '../sqlite/client';

/** `backups/moc-2026-12-01T10-45-07Z.sqlite` beside the database (no colons: Windows and scp read them otherwise). */
export function defaultBackupPath(databasePath: string, now: Date): string {
  return join(dirname(databasePath), 'backups', `moc-${now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}.sqlite`);
}

/** Opens a file as it is: no migration, no PRAGMAs changed (a backup neither alters the source nor the copy). */
function openAsIs(path: string): { db: Db; close: () => void } {
  const client = new SqliteFileClient(path, 5000);
  return { db: drizzle(client, { schema }), close: () => client.close() };
}

const source = resolve(parseEnv(process.env).DATABASE_PATH);
const target = resolve(process.argv[2] ?? defaultBackupPath(source, new Date()));
if (!existsSync(source)) {
  console.error(`no database at ${source} (set DATABASE_PATH)`);
  process.exit(1);
}
if (existsSync(target)) {
  console.error(`${target} exists already; name another file`);
  process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
const t0 = performance.now();
const from = openAsIs(source);
try {
  await copyDatabaseInto(from.db, target);
} finally {
  from.close();
}
const copy = openAsIs(target);
const integrity = await integrityCheck(copy.db);
const submissions = await storedSubmissionCount(copy.db);
copy.close();
const ms = Math.round(performance.now() - t0);
if (integrity.join() !== 'ok') {
  console.error(`copied to ${target}, but integrity_check says: ${integrity.join('; ')}`);
  process.exit(1);
}
console.log(`backed up ${source} to ${target}: ${statSync(target).size} bytes, ${submissions} submissions, integrity ok, ${ms} ms`);
