/** Databases as an earlier release left them, for the tests of data migrations. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
