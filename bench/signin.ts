/**
 * `npm run bench:signin`: does password hashing hold up other requests? The real server (`npm start`, Node,
 * scrypt at the production cost on low-priority threads, src/scrypt-node.ts) gets wrong passwords at 8 per second (BENCH_RATE) for 20 s (BENCH_SECONDS)
 * while /healthz is asked every 50 ms; prints /healthz latency p50/p99/max before, while attempts arrive and
 * while the backlog is hashed (at N=2^17 a core hashes 2–3 per second: 8 per second queue up, and beyond 16
 * waiting per thread the server answers 503 at once), the sign-in answers' latencies and statuses, and the
 * server's CPU. Issue 11 asks for a /healthz p99 under 100 ms; the
 * run fails when the p99 over both loaded windows is not.
 *
 * To measure hashing rather than the 429 path, every attempt comes from its own address (the server trusts
 * X-Forwarded-For for this run) and uses an email of its own, so no limit is reached: each attempt does one
 * full scrypt derivation (an unknown email is checked against a dummy hash of the same cost). A few attempts
 * go to the demo accounts, fewer than their limit.
 */
import http from 'node:http';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { defaultScryptCost } from '../src/domain/crypto';
import { cpuOfProcessTree, percentile, startBenchServer } from './server';

const rate = Number(process.env.BENCH_RATE ?? 8);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const demoAccounts = ['admin@example.org', 'manager@example.org', 'evaluator@example.org', 'sponsor@example.org'];

function request(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const sent = body === undefined ? headers : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers };
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: sent, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** /healthz every `everyMs` until `until()` says stop; the latencies. */
async function probe(port: number, everyMs: number, until: () => boolean): Promise<number[]> {
  const latencies: number[] = [];
  while (!until()) {
    latencies.push((await request(port, 'GET', '/healthz')).ms);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return latencies;
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(7);
  return `n=${String(sorted.length).padStart(4)}  p50 ${f(percentile(sorted, 50))} ms  p99 ${f(percentile(sorted, 99))} ms  max ${f(sorted.at(-1) ?? NaN)} ms`;
};

process.env.TRUST_PROXY_HEADER = 'x-forwarded-for';
const server = await startBenchServer();
try {
  for (let i = 0; i < 20; i++) await request(server.port, 'GET', '/healthz');
  const quietUntil = performance.now() + 10_000;
  const quiet = await probe(server.port, 50, () => performance.now() > quietUntil);

  const cpuBefore = cpuOfProcessTree(server.pid).reduce((sum, p) => sum + p.ms, 0);
  const started = performance.now();
  const attempts: Promise<{ status: number; ms: number }>[] = [];
  let sending = true;
  const during = probe(server.port, 50, () => !sending);
  // Open loop: one attempt every 1000/rate ms whether or not the earlier ones have been answered.
  for (let i = 0; performance.now() - started < seconds * 1000; i++) {
    const email = i % 10 === 0 && i / 10 < demoAccounts.length * 4 ? demoAccounts[(i / 10) % demoAccounts.length] : `nobody-${i}@example.org`;
    const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    attempts.push(request(server.port, 'POST', '/api/v1/tokens', JSON.stringify({ email, password: `wrong-${i}` }), { 'x-forwarded-for': address }));
    const next = started + ((i + 1) * 1000) / rate;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  const sentSeconds = (performance.now() - started) / 1000;
  sending = false;
  const healthz = await during;
  // Hashing goes on until every attempt is answered (more arrive than two cores can hash): measure that too.
  let answered = false;
  const backlog = probe(server.port, 50, () => answered);
  const answers = await Promise.all(attempts);
  answered = true;
  const afterwards = await backlog;
  const cpuMs = cpuOfProcessTree(server.pid).reduce((sum, p) => sum + p.ms, 0) - cpuBefore;
  const statuses = Object.entries(answers.reduce<Record<number, number>>((n, a) => ((n[a.status] = (n[a.status] ?? 0) + 1), n), {}));

  const { N, r, p } = defaultScryptCost;
  console.log(`bench:signin — scrypt N=2^${Math.log2(N)}, r=${r}, p=${p} on low-priority worker threads; ${answers.length} wrong passwords in ${sentSeconds.toFixed(1)} s (${rate}/s)`);
  console.log(`  /healthz, quiet                    ${summary(quiet)}`);
  console.log(`  /healthz, while attempts arrive   ${summary(healthz)}`);
  console.log(`  /healthz, while the rest is hashed ${summary(afterwards)}  (${(afterwards.length * 0.05).toFixed(0)}+ s more)`);
  console.log(`  POST /api/v1/tokens                ${summary(answers.map((a) => a.ms))}  statuses ${statuses.map(([s, n]) => `${s}×${n}`).join(' ')}`);
  console.log(`  server CPU ${(cpuMs / 1000).toFixed(1)} s in ${((performance.now() - started) / 1000).toFixed(1)} s (${(cpuMs / answers.length).toFixed(0)} ms per attempt)`);
  const p99 = percentile([...healthz, ...afterwards].sort((a, b) => a - b), 99);
  if (p99 >= 100) {
    console.log(`  /healthz p99 under load ${p99.toFixed(1)} ms is not under 100 ms`);
    process.exitCode = 1;
  }
} finally {
  server.stop();
  rmSync(dirname(server.databasePath), { recursive: true, force: true });
}
