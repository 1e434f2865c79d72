/**
 * `npm start` as a real server process over a SQLite file, and a plain HTTP client for it: what the kill -9
 * test, the online backup test and `npm run bench:reliability` drive. No vitest here (the bench uses it too).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { and, eq, sum } from 'drizzle-orm';
import { indicatorAggregates, submissions } from '../../db/schema';
import { openNodeDb, repoRoot } from '../../src/db-node';
import { seededRng } from '../../src/domain/synthetic-answers';
import { householdSubmission } from '../../bench/server';

export const serverPassword = 'crash-test-password';
const running: ChildProcess[] = [];

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** SIGKILL to every process of the server at once (its process group). */
  kill(): void;
  /** SIGTERM, resolved once the server has exited. */
  stop(): Promise<void>;
}

/** `npm start` with `workers` cluster workers, in its own process group so that one signal reaches every process. */
export function startServer(databasePath: string, workers = 2): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: '0', MOC_SEED_DEMO: 'false', MOC_DEMO_PASSWORD: serverPassword, WEB_CONCURRENCY: String(workers) },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  running.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const m = /running at http:\/\/[^:]+:(\d+)\//.exec(chunk.toString());
      if (m) {
        resolve({
          child,
          port: Number(m[1]),
          kill: () => process.kill(-child.pid!, 'SIGKILL'),
          stop: () => (process.kill(-child.pid!, 'SIGTERM'), exited),
        });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** Kills whatever server this process started and is still running (a test's afterAll, the bench's end). */
export function killServers() {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
}

export function post(port: number, path: string, body: unknown, token?: string): Promise<{ status: number; text: string }> {
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

/** An API token of the demo evaluator Lan, who collects in Phú Châu. */
export async function tokenFor(port: number) {
  const res = await post(port, '/api/v1/tokens', { email: 'evaluator@example.org', password: serverPassword });
  return JSON.parse(res.text).token as string;
}

/** `count` household submissions of Phú Châu's midterm, as the benchmarks send them, each with a new id. */
export function submissionBodies(count: number, seed: number) {
  const rng = seededRng(seed);
  return Array.from({ length: count }, () => householdSubmission(rng));
}

/** Stored ids, whether every row was counted (revision 1), and how many the kept sums say were received. */
export async function stateOfFile(databasePath: string) {
  const { db, close } = await openNodeDb(databasePath);
  const rows = await db.select({ id: submissions.id, revision: submissions.revision }).from(submissions);
  const [received] = await db
    .select({ n: sum(indicatorAggregates.n) })
    .from(indicatorAggregates)
    .where(and(eq(indicatorAggregates.indicatorId, 'received'), eq(indicatorAggregates.dimension, 'all')));
  close();
  return { ids: new Set(rows.map((r) => r.id)), uncounted: rows.filter((r) => r.revision !== 1).length, received: Number(received.n ?? 0) };
}
