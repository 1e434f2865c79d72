/**
 * `npm run db:backup` while the server stores submissions: the copy is sound (integrity_check), holds every
 * submission acknowledged before the backup began, and its kept sums equal a recount; the restore README
 * "Backups and faults" describes (stop, remove the WAL files, copy back, start) brings the server back on the
 * copy, and resending what the clients sent stores exactly what the copy lacked.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { openNodeDb, repoRoot } from '../src/db-node';
import { integrityCheck } from '../src/queries/database-file';
import { keptAndRecounted } from './support/kept-sums';
import { killServers, post, startServer, stateOfFile, submissionBodies, tokenFor } from './support/server-process';
import { tempDir } from './support/temp';

afterAll(killServers);

const backup = (databasePath: string, file: string) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/db-backup.ts', file], { cwd: repoRoot, env: { ...process.env, DATABASE_PATH: databasePath } });

test('db:backup copies the database soundly while submissions are written, and the copy restores', { timeout: 180_000 }, async () => {
  const dir = tempDir('moc-backup-');
  const databasePath = join(dir, 'moc.sqlite');
  const copyPath = join(dir, 'copy.sqlite');
  const server = await startServer(databasePath, 1);
  const token = await tokenFor(server.port);
  const bodies = submissionBodies(2000, 16);
  const acknowledged = new Set<string>();
  const unexpected: number[] = [];
  let next = 0;
  let stop = false;
  const clients = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (!stop && next < bodies.length) {
        const body = bodies[next++];
        const res = await post(server.port, '/api/v1/submissions', body, token);
        if (res.status === 201) acknowledged.add(body.id);
        else unexpected.push(res.status);
      }
    }),
  );
  while (acknowledged.size < 30) await new Promise((r) => setTimeout(r, 20));
  const beforeBackup = new Set(acknowledged);
  const { stdout } = await backup(databasePath, copyPath);
  const duringBackup = acknowledged.size - beforeBackup.size;
  stop = true;
  await clients;
  expect(unexpected).toEqual([]);
  expect(stdout).toMatch(/integrity ok/);
  expect(duringBackup).toBeGreaterThan(0); // the server went on storing while the backup ran

  // The copy, checked on a scratch copy of it (recounting rewrites the sums).
  const scratchPath = join(dir, 'scratch.sqlite');
  copyFileSync(copyPath, scratchPath);
  const scratch = await openNodeDb(scratchPath);
  expect(await integrityCheck(scratch.db)).toEqual(['ok']);
  const { kept, recounted, counted } = await keptAndRecounted(scratch.db);
  scratch.close();
  expect(recounted).toEqual(kept);
  const inCopy = await stateOfFile(copyPath);
  expect(counted).toBe(inCopy.ids.size);
  expect([...beforeBackup].filter((id) => !inCopy.ids.has(id))).toEqual([]);
  expect(inCopy.ids.size).toBeLessThan(acknowledged.size);
  console.log(`${stdout.trim()}; ${beforeBackup.size} acknowledged before it, ${duringBackup} during it, ${acknowledged.size} in all`);

  // The restore: stop the server, remove the WAL files, copy the backup back, start.
  await server.stop();
  for (const suffix of ['-wal', '-shm']) rmSync(databasePath + suffix, { force: true });
  copyFileSync(copyPath, databasePath);
  const restored = await startServer(databasePath, 1);
  const token2 = await tokenFor(restored.port);
  const sent = bodies.slice(0, next);
  const resent = await Promise.all(sent.map((body) => post(restored.port, '/api/v1/submissions', body, token2)));
  await restored.stop();
  expect(resent.filter((r, i) => r.status !== (inCopy.ids.has(sent[i].id) ? 200 : 201))).toEqual([]);
  const end = await stateOfFile(databasePath);
  expect(end.ids).toEqual(new Set(sent.map((b) => b.id)));
  expect(end.received).toBe(sent.length);
  expect(existsSync(copyPath)).toBe(true);
});
