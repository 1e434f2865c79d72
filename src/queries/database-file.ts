/** The SQLite file as a whole (Node only): its consistency check and an online copy of it. */
import { count, sql } from 'drizzle-orm';
import { submissions } from '../../db/schema';
import { type Db, statement } from '../db';

/** `PRAGMA integrity_check`: ['ok'] for a sound file, else SQLite's list of what is wrong. */
export async function integrityCheck(db: Db): Promise<string[]> {
  const rows = (await db.all(sql`PRAGMA integrity_check`)) as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check);
}

/**
 * Writes a consistent copy of the database to `path` (a new file) while others go on writing: `VACUUM INTO` reads
 * one snapshot (WAL lets writers continue meanwhile) and writes it compacted, without the WAL.
 */
export async function copyDatabaseInto(db: Db, path: string): Promise<void> {
  await statement(db, sql`VACUUM INTO ${path}`);
}

/** How many submissions the file holds (what a copy is summed up by). */
export async function storedSubmissionCount(db: Db): Promise<number> {
  return (await db.select({ n: count() }).from(submissions))[0].n;
}
