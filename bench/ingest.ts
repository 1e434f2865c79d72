/**
 * `npm run bench`: HTTP ingest of valid household submissions at concurrency 8 into a file database, against
 * a bare insert loop of the same rows in the same run. Prints submissions/s, p50, p99 and the ratio.
 * Options (env): BENCH_SECONDS (default 20), BENCH_CONCURRENCY (default 8), BENCH_WORKERS (server processes,
 * WEB_CONCURRENCY, default 2 = this machine's cores).
 */
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { submissions } from '../db/schema';
import { openNodeDb } from '../src/db-node';
import { contentHash } from '../src/domain/submission';
import { validateAnswers } from '../src/domain/survey-validation';
import { findInstrument } from '../src/instruments';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { seedProgramme } from '../src/seed/seed';
import { seedDemoUsers } from '../src/seed/users';
import { uuidFrom } from '../src/seed/demo';
import { benchPassword, percentile, startBenchServer } from './server';

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const workers = Number(process.env.BENCH_WORKERS ?? 2);
const dir = mkdtempSync(join(tmpdir(), 'moc-bench-'));
const rng = seededRng(42);

function body() {
  return JSON.stringify({
    id: uuidFrom(rng),
    round: 'hn-phu-chau-midterm',
    commune: '09649',
    instrument: 'household',
    version: 1,
    answers: householdAnswers(rng, { knows111Rate: 0.6 }),
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

function post(port: number, path: string, payload: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function httpIngest() {
  const server = await startBenchServer({ workers, databasePath: join(dir, 'http.sqlite') });
  try {
    const token = JSON.parse((await post(server.port, '/api/v1/tokens', JSON.stringify({ email: 'evaluator@example.org', password: benchPassword }))).text).token;
    const auth = { authorization: `Bearer ${token}` };
    // Warm up the validator and the connection pool before measuring.
    for (let i = 0; i < 200; i++) await post(server.port, '/api/v1/submissions', body(), auth);
    const pending = Array.from({ length: 20000 }, body);
    const sent: string[] = [];
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const end = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          const payload = pending.pop() ?? body();
          const t0 = performance.now();
          const res = await post(server.port, '/api/v1/submissions', payload, auth);
          latencies.push(performance.now() - t0);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          sent.push(payload);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { sent, elapsed, statuses, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    server.stop();
  }
}

/** The same rows inserted one by one, awaited, with the same durability settings: the floor of any ingest. */
async function bareInsertLoop(payloads: string[]) {
  const { db, close } = await openNodeDb(join(dir, 'bare.sqlite'));
  await seedProgramme(db);
  await seedDemoUsers(db, 'bench-password', { N: 1024, r: 8, p: 1 }, false);
  const rows = payloads.map((p) => {
    const input = JSON.parse(p);
    return {
      id: input.id,
      roundId: input.round,
      communeId: 1,
      instrumentSlug: 'household',
      instrumentVersion: 1,
      evaluatorId: 1,
      answers: JSON.stringify(input.answers),
      contentHash: contentHash(input, input.answers),
      receivedAt: new Date().toISOString(),
    };
  });
  const started = performance.now();
  for (const row of rows) await db.insert(submissions).values(row);
  const elapsed = (performance.now() - started) / 1000;
  const [{ n }] = await db.select({ n: count() }).from(submissions);
  close();
  return { n, elapsed };
}

/** survey-core validation alone, in this process, on the same payloads: the CPU floor of a validated ingest. */
function validationCost(payloads: string[]) {
  const household = findInstrument('household', 1)!;
  const sample = payloads.slice(0, 500).map((p) => JSON.parse(p).answers);
  for (const a of sample.slice(0, 50)) validateAnswers(household, a, 'vi');
  const started = performance.now();
  for (const a of sample) validateAnswers(household, a, 'vi');
  return (performance.now() - started) / sample.length;
}

const result = await httpIngest();
const created = result.statuses.get(201) ?? 0;
const bare = await bareInsertLoop(result.sent);
const httpRate = created / result.elapsed;
const bareRate = bare.n / bare.elapsed;
console.log(`HTTP ingest, concurrency ${concurrency}, ${workers} server process(es), ${result.elapsed.toFixed(1)} s: ${created} stored (statuses ${JSON.stringify(Object.fromEntries(result.statuses))})`);
console.log(`  ${httpRate.toFixed(0)} submissions/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`);
console.log(`Bare insert loop of the same ${bare.n} rows: ${bareRate.toFixed(0)} rows/s`);
console.log(`HTTP ingest / bare insert: ${(httpRate / bareRate).toFixed(2)}`);
const perValidation = validationCost(result.sent);
console.log(`survey-core validation alone: ${perValidation.toFixed(2)} ms per household, at most ${(1000 / perValidation).toFixed(0)}/s per core`);
if (created !== result.sent.length) {
  console.error(`FAILED: ${result.sent.length - created} submissions were not stored (every one should be a 201)`);
  process.exit(1);
}
process.exit(0);
