/**
 * The Node database under several server processes (WEB_CONCURRENCY): writers must wait for SQLite's lock,
 * never fail with SQLITE_BUSY (which once surfaced as 500s under the benchmark).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { like, sql } from 'drizzle-orm';
import { afterAll, expect, test } from 'vitest';
import { meta } from '../db/schema';
import { openNodeDb, repoRoot } from '../src/db-node';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'moc-db-'));
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function writer(path: string, tag: string, count: number): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/support/write-burst.ts'), path, tag, String(count)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve) => child.on('exit', resolve));
}

test('three processes writing one file concurrently all succeed', async () => {
  const path = join(tempDir(), 'shared.sqlite');
  const { db, close } = await openNodeDb(path); // migrate once before the writers start
  const count = 300;
  const codes = await Promise.all(['a', 'b', 'c'].map((tag) => writer(path, tag, count)));
  expect(codes).toEqual([0, 0, 0]);
  for (const tag of ['a', 'b', 'c']) {
    const rows = await db.select().from(meta).where(like(meta.key, `${tag}-%`));
    expect(rows).toHaveLength(count + 2 * (count / 10));
  }
  close();
});

test('every statement runs on a connection with our settings, also under concurrent awaits', async () => {
  const { db, close } = await openNodeDb(join(tempDir(), 'pragmas.sqlite'));
  const probe = (pragma: string) => Promise.all(Array.from({ length: 20 }, () => db.all<Record<string, number>>(sql.raw(`PRAGMA ${pragma}`))));
  const [timeouts, syncs, keys] = await Promise.all([probe('busy_timeout'), probe('synchronous'), probe('foreign_keys')]);
  expect(new Set(timeouts.map((r) => Object.values(r[0])[0]))).toEqual(new Set([5000]));
  expect(new Set(syncs.map((r) => Object.values(r[0])[0]))).toEqual(new Set([2])); // FULL
  expect(new Set(keys.map((r) => Object.values(r[0])[0]))).toEqual(new Set([1]));
  close();
});
