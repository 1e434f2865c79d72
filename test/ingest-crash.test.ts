/**
 * kill -9 during concurrent ingest, with the cluster (two workers sending their writes to the primary, which
 * group-commits them): every submission answered 201 is in the file afterwards, each stored row is counted
 * exactly once in the kept sums, and resending everything after a restart stores what was lost and replays
 * the rest (200), never a conflict or a second row.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sum } from 'drizzle-orm';
import { afterAll, expect, test } from 'vitest';
import { indicatorAggregates, submissions } from '../db/schema';
import { openNodeDb, repoRoot } from '../src/db-node';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';

const password = 'crash-test-password';
const dir = mkdtempSync(join(tmpdir(), 'moc-crash-'));
const databasePath = join(dir, 'moc.sqlite');
const running: ChildProcess[] = [];

afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** `npm start` with two workers, in its own process group so that one signal reaches every process. */
function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: '0', MOC_SEED_DEMO: 'false', MOC_DEMO_PASSWORD: password, WEB_CONCURRENCY: '2' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /running at http:\/\/[^:]+:(\d+)\//.exec(chunk.toString());
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

function post(port: number, path: string, body: unknown, token?: string): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function tokenFor(port: number) {
  const res = await post(port, '/api/v1/tokens', { email: 'evaluator@example.org', password });
  return JSON.parse(res.text).token as string;
}

/** Stored ids, whether every row was counted (revision 1), and how many the kept sums say were received. */
async function stateOfFile() {
  const { db, close } = await openNodeDb(databasePath);
  const rows = await db.select({ id: submissions.id, revision: submissions.revision }).from(submissions);
  const [received] = await db
    .select({ n: sum(indicatorAggregates.n) })
    .from(indicatorAggregates)
    .where(and(eq(indicatorAggregates.indicatorId, 'received'), eq(indicatorAggregates.dimension, 'all')));
  close();
  return { ids: new Set(rows.map((r) => r.id)), uncounted: rows.filter((r) => r.revision !== 1).length, received: Number(received.n ?? 0) };
}

test('kill -9 of every server process during concurrent ingest loses no acknowledged submission and counts none twice', { timeout: 180_000 }, async () => {
  const rng = seededRng(99);
  const bodies = Array.from({ length: 600 }, () => ({
    id: crypto.randomUUID(),
    round: 'hn-phu-chau-midterm',
    commune: '09649',
    instrument: 'household',
    version: 1,
    answers: householdAnswers(rng, { knows111Rate: 0.6 }),
  }));
  const first = await startServer();
  const token = await tokenFor(first.port);
  const acknowledged = new Set<string>();
  const unexpected: number[] = [];
  let next = 0;
  let killed = false;
  // Eight clients; once 150 submissions are acknowledged, every process dies with requests in flight.
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (!killed && next < bodies.length) {
        const body = bodies[next++];
        const res = await post(first.port, '/api/v1/submissions', body, token).catch(() => null);
        if (!res) continue; // the connection died with the server: not acknowledged
        if (res.status !== 201) unexpected.push(res.status);
        else acknowledged.add(body.id);
        if (acknowledged.size >= 150 && !killed) {
          killed = true;
          process.kill(-first.child.pid!, 'SIGKILL');
        }
      }
    }),
  );
  expect(unexpected).toEqual([]);
  const sent = bodies.slice(0, next);

  const afterCrash = await stateOfFile();
  expect([...acknowledged].filter((id) => !afterCrash.ids.has(id))).toEqual([]);
  expect(afterCrash.uncounted).toBe(0);
  expect(afterCrash.received).toBe(afterCrash.ids.size);

  const second = await startServer();
  const token2 = await tokenFor(second.port);
  const resent = await Promise.all(sent.map((body) => post(second.port, '/api/v1/submissions', body, token2)));
  expect(resent.map((r, i) => [sent[i].id, r.status])).toEqual(sent.map((b) => [b.id, afterCrash.ids.has(b.id) ? 200 : 201]));
  process.kill(-second.child.pid!, 'SIGTERM');
  await new Promise((resolve) => second.child.once('exit', resolve));

  const end = await stateOfFile();
  expect(end.ids).toEqual(new Set(sent.map((b) => b.id)));
  expect(end.uncounted).toBe(0);
  expect(end.received).toBe(sent.length);
});
