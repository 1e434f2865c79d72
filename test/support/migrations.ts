/** Databases as an earlier release left them, for the tests of data migrations. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client, InValue } from '@libsql/client';
import { type Column, getTableColumns, getTableName, type Table } from 'drizzle-orm';
import { migrationsFolder } from '../../src/db-node';

/** A copy (in `dir`) of the migrations up to and including `lastTag`, as a database of that time saw them. */
export function migrationsUpTo(dir: string, lastTag: string): string {
  const folder = join(dir, `migrations-${lastTag}`);
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === lastTag) + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

/**
 * Inserts rows into a database of an earlier release: only the columns the rows name (Drizzle's insert would
 * also write every column of today's schema that has a default, which the old table may not have yet).
 * Example: `await insertOld(client, submissions, [{ id, roundId, … }])`.
 */
export async function insertOld<T extends Table>(client: Client, table: T, rows: Partial<T['$inferInsert']>[]): Promise<void> {
  const columns = getTableColumns(table) as Record<string, Column>;
  for (const row of rows) {
    const keys = Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined);
    const names = keys.map((k) => `"${columns[k].name}"`).join(', ');
    const args = keys.map((k) => columns[k].mapToDriverValue((row as Record<string, unknown>)[k]) as InValue);
    await client.execute({ sql: `INSERT INTO "${getTableName(table)}" (${names}) VALUES (${keys.map(() => '?').join(', ')})`, args });
  }
}
