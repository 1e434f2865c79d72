/**
 * `npm run bench`: HTTP ingest of valid household submissions at concurrency 8 into a file database, against
 * a bare insert loop of the same rows in the same run. Prints validated durable submissions/s with p50 and
 * p99, the bare loop's rows/s (and its per-insert p50/p99: fsync time varies a lot on a shared disk), their
 * ratio, and what validating one household costs with the compiled validator and with survey-core.
 * The rate ratio swings with the disk: the bare loop waits for one fsync per row, ingest for one per group of
 * submissions. CPU per stored submission against the bare loop's CPU per row swings much less; each phase
 * prints the machine's 1-minute load average at its end, to read the figures beside.
 * It runs the server with one process and with two (WEB_CONCURRENCY=2: two workers and the primary, which
 * commits their writes); the bare loop runs once, over the rows of the faster of the two.
 * Options (env): BENCH_SECONDS (default 20), BENCH_CONCURRENCY (default 8), BENCH_WORKERS (server processes
 * to try, default "1,2").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { submissions } from '../db/schema';
import { openNodeDb } from '../src/db-node';
import { contentHash } from '../src/domain/submission';
import { unsupportedInstruments, validateAnswers } from '../src/domain/survey-validation';
import { validateWithSurveyCore } from '../src/domain/validation/survey-core';
import { findInstrument } from '../test/support/instruments';
import { seededRng } from '../src/domain/synthetic-answers';
import { seedProgramme } from '../src/seed/seed';
import { seedDemoUsers } from '../src/seed/users';
import { benchPassword, cpuOfProcessTree, householdSubmission, percentile, startBenchServer } from './server';

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const workerCounts = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'moc-bench-'));
const rng = seededRng(42);

function body() {
  return JSON.stringify(householdSubmission(rng));
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

async function httpIngest(workers: number) {
  const server = await startBenchServer({ workers, databasePath: join(dir, `http-${workers}.sqlite`) });
  try {
    const token = JSON.parse((await post(server.port, '/api/v1/tokens', JSON.stringify({ email: 'evaluator@example.org', password: benchPassword }))).text).token;
    const auth = { authorization: `Bearer ${token}` };
    // Warm up the validator and the connection pool before measuring.
    for (let i = 0; i < 200; i++) await post(server.port, '/api/v1/submissions', body(), auth);
    const pending = Array.from({ length: 20000 }, body);
    const sent: string[] = [];
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const cpuBefore = cpuOfProcessTree(server.pid);
    const clientBefore = process.cpuUsage();
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
    const client = process.cpuUsage(clientBefore);
    const cpu = cpuOfProcessTree(server.pid).map((p) => ({ ...p, ms: p.ms - (cpuBefore.find((b) => b.pid === p.pid)?.ms ?? 0) }));
    latencies.sort((a, b) => a - b);
    const created = statuses.get(201) ?? 0;
    return { workers, sent, created, rate: created / elapsed, elapsed, statuses, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpu, clientMs: (client.user + client.system) / 1000, load: loadavg()[0] };
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
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (const row of rows) {
    const t0 = performance.now();
    await db.insert(submissions).values(row);
    latencies.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const load = loadavg()[0];
  const [{ n }] = await db.select({ n: count() }).from(submissions);
  close();
  latencies.sort((a, b) => a - b);
  return { n, elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuPerRow: (cpu.user + cpu.system) / 1000 / rows.length, load };
}

/** One validator alone, in this process, on the same payloads (after a warm-up): ms per household. */
function validationCost(payloads: string[], validate: (answers: Record<string, unknown>) => unknown, count: number) {
  const sample = payloads.slice(0, count).map((p) => JSON.parse(p).answers);
  for (const a of sample.slice(0, 20)) validate(a);
  const started = performance.now();
  for (const a of sample) validate(a);
  return (performance.now() - started) / sample.length;
}

const results = [];
for (const workers of workerCounts) results.push(await httpIngest(workers));
const best = results.reduce((a, b) => (b.rate > a.rate ? b : a));
const bare = await bareInsertLoop(best.sent);
rmSync(dir, { recursive: true, force: true });
const bareRate = bare.n / bare.elapsed;
for (const r of results) {
  console.log(`HTTP ingest, concurrency ${concurrency}, ${r.workers} server process(es), ${r.elapsed.toFixed(1)} s: ${r.created} stored (statuses ${JSON.stringify(Object.fromEntries(r.statuses))}), load ${r.load.toFixed(2)} at its end`);
  console.log(`  ${r.rate.toFixed(0)} validated durable submissions/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms; ${(r.rate / bareRate).toFixed(2)} × the bare insert loop`);
  if (r.cpu.length > 0) {
    // Children other than the workers (tsx's esbuild service) used next to nothing: leave them out.
    const [primary, ...others] = r.cpu.filter((p, i) => i === 0 || p.ms > r.created * 0.05);
    const per = (ms: number) => (ms / r.created).toFixed(2);
    const role = others.length > 0 ? `primary ${per(primary.ms)} + workers ${others.map((w) => per(w.ms)).join(' + ')}` : 'one process';
    const server = r.cpu.reduce((t, p) => t + p.ms, 0) / r.created;
    console.log(`  CPU per stored submission: server ${server.toFixed(2)} ms (${role}), this client ${per(r.clientMs)} ms; ${(server / bare.cpuPerRow).toFixed(1)} × the bare loop's CPU per row`);
  }
}
console.log(`Bare insert loop of the same ${bare.n} rows (those of ${best.workers} process(es)): ${bareRate.toFixed(0)} rows/s (per insert p50 ${bare.p50.toFixed(2)} ms, p99 ${bare.p99.toFixed(2)} ms), CPU ${bare.cpuPerRow.toFixed(2)} ms per row, load ${bare.load.toFixed(2)} at its end`);
console.log(`HTTP ingest / bare insert: ${(best.rate / bareRate).toFixed(2)} (${best.workers} process(es))`);
const household = findInstrument('household', 1)!;
const fallback = unsupportedInstruments([household]);
const compiled = validationCost(best.sent, (a) => validateAnswers(household, a, 'vi'), 500);
const surveyCore = validationCost(best.sent, (a) => validateWithSurveyCore(household, a, 'vi'), 100);
const perCore = (ms: number) => `${ms.toFixed(3)} ms per household (at most ${(1000 / ms).toFixed(0)}/s per core)`;
console.log(`Validation, household v1: compiled ${perCore(compiled)}${fallback.length ? ` — falls back to survey-core: ${fallback.join('; ')}` : ''}`);
console.log(`                          survey-core ${perCore(surveyCore)}, ${(surveyCore / compiled).toFixed(0)}× the compiled`);
const lost = results.filter((r) => r.created !== r.sent.length);
for (const r of lost) console.error(`FAILED: ${r.sent.length - r.created} submissions were not stored with ${r.workers} process(es) (every one should be a 201)`);
process.exit(lost.length > 0 ? 1 : 0);
