/**
 * `npm run bench:workers`: CPU time per household submission (POST /api/v1/submissions) of the Worker on local
 * workerd with a local D1 (bench/workerd.ts), against the Workers free plan's 10 ms; with a sign-in
 * (POST /api/v1/tokens, scrypt), the same submission again (found stored, not validated) and GET /healthz.
 *
 * Local workerd reports no CPU time (tail events carry cpuTime 0), so this reads the kernel's account of the
 * Worker's workerd process before and after each request (bench/proc-cpu.ts), requests sent one at a time.
 * "all" is every thread of that process, "main" its main thread, where the isolate runs; both include
 * workerd's HTTP work for the request and for each D1 call (GET /healthz shows the floor). Local D1's CPU is
 * shown apart: on Cloudflare it is not the Worker's. CPU time grows when other processes share the cores.
 * D1 rows read and written per request are local D1's own count (each answer's meta), what D1 bills.
 * Options (env): BENCH_SUBMISSIONS (default 200), BENCH_SIGNINS (default 20), BENCH_REF (git revisions to
 * measure instead of the working tree, comma-separated: their requests alternate, so that they share the
 * machine's load), BENCH_MAX_CPU_MS (fail when a submission's p50 on all threads is above it).
 */
import { availableParallelism, loadavg } from 'node:os';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { uuidFrom } from '../src/seed/demo';
import { benchPassword, percentile } from './server';
import { type LocalWorker, startLocalWorker } from './workerd';

const submissionCount = Number(process.env.BENCH_SUBMISSIONS ?? 200);
const signInCount = Number(process.env.BENCH_SIGNINS ?? 20);
const maxCpuMs = process.env.BENCH_MAX_CPU_MS ? Number(process.env.BENCH_MAX_CPU_MS) : undefined;
const refs = (process.env.BENCH_REF ?? '').split(',').map((r) => r.trim()).filter(Boolean);

/** What one request cost: milliseconds of CPU of the Worker's process (all threads, main thread) and of local D1, wall-clock; D1 calls and the rows they read and wrote (as D1 bills them). */
interface Sample {
  all: number;
  main: number;
  d1: number;
  wall: number;
  calls: number;
  read: number;
  written: number;
}

/** The n-th valid household submission of the evaluator's open round in Phú Châu. */
function submission(n: number): string {
  const rng = seededRng(n);
  const answers = householdAnswers(rng, { knows111Rate: 0.6 });
  return JSON.stringify({ id: uuidFrom(rng), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers });
}

const post = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

/** One request, its response read to the end, and what it cost. */
async function measured(worker: LocalWorker, path: string, init: RequestInit | undefined, status: number): Promise<Sample & { text: string }> {
  const usageBefore = await worker.d1Usage();
  await worker.settle();
  const before = worker.cpu();
  const started = performance.now();
  const res = await fetch(`${worker.url}${path}`, init);
  const text = await res.text();
  const wall = performance.now() - started;
  await worker.settle();
  const after = worker.cpu();
  if (res.status !== status) throw new Error(`${init?.method ?? 'GET'} ${path}: ${res.status}, expected ${status}: ${text.slice(0, 300)}`);
  const ms = (key: keyof typeof before) => (after[key] - before[key]) / 1e6;
  const usage = await worker.d1Usage();
  const d1 = { calls: usage.calls - usageBefore.calls, read: usage.rowsRead - usageBefore.rowsRead, written: usage.rowsWritten - usageBefore.rowsWritten };
  return { all: ms('worker'), main: ms('workerMain'), d1: ms('d1'), wall, ...d1, text };
}

/** Requests one at a time, `warmUp` unmeasured then `count` measured per worker, the workers taking turns. */
async function series(workers: LocalWorker[], warmUp: number, count: number, request: (w: number, i: number) => Promise<Sample>) {
  const samples = workers.map((): Sample[] => []);
  for (let i = 0; i < warmUp + count; i++) {
    // Alternate who goes first, so that neither always follows the other's garbage.
    const order = i % 2 ? [...workers.keys()].reverse() : [...workers.keys()];
    for (const w of order) {
      const sample = await request(w, i);
      if (i >= warmUp) samples[w].push(sample);
    }
  }
  return samples;
}

function row(label: string, samples: Sample[]) {
  const sorted = (key: keyof Sample) => samples.map((s) => s[key]).sort((a, b) => a - b);
  const [all, main, d1, wall, calls, read, written] = [sorted('all'), sorted('main'), sorted('d1'), sorted('wall'), sorted('calls'), sorted('read'), sorted('written')];
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const ms = (x: number) => x.toFixed(2).padStart(7);
  console.log(
    `${label.padEnd(30)}${String(samples.length).padStart(4)}  ${ms(percentile(all, 50))} ${ms(percentile(all, 95))} ${ms(mean)}  ` +
      `${ms(percentile(main, 50))} ${ms(percentile(main, 95))}  ${String(percentile(calls, 50)).padStart(5)} ${ms(percentile(d1, 50))}  ` +
      `${ms(percentile(wall, 50))} ${ms(percentile(wall, 95))}  ${String(percentile(read, 50)).padStart(6)} ${String(percentile(written, 50)).padStart(7)}`,
  );
  return { p50: percentile(all, 50), mainP50: percentile(main, 50) };
}

const workers: LocalWorker[] = [];
let exitCode = 0;
try {
  for (const ref of refs.length ? refs : [undefined]) workers.push(await startLocalWorker({ ref }));
  const loadBefore = loadavg()[0];
  const healthz = await series(workers, 20, 200, (w) => measured(workers[w], '/healthz', undefined, 200));
  const credentials = JSON.stringify({ email: 'evaluator@example.org', password: benchPassword });
  const tokens: string[] = [];
  const signIns = await series(workers, 2, signInCount, async (w) => {
    const res = await measured(workers[w], '/api/v1/tokens', post(credentials), 201);
    tokens[w] = JSON.parse(res.text).token;
    return res;
  });
  const send = (w: number, n: number, status: number) =>
    measured(workers[w], '/api/v1/submissions', post(submission(n), { authorization: `Bearer ${tokens[w]}` }), status);
  // Submission 1 is each isolate's first: the validator's first use of the instrument.
  const cold = await series(workers, 0, 1, (w) => send(w, 1, 201));
  const submissions = await series(workers, 9, submissionCount, (w, i) => send(w, i + 2, 201));
  const replays = await series(workers, 0, Math.min(50, submissionCount), (w, i) => send(w, i + 11, 200));

  console.log(`Requests one at a time; load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
  for (const [w, worker] of workers.entries()) {
    console.log(`\nThe Worker of ${worker.source}`);
    console.log(`${''.padEnd(34)}  CPU of the Worker's workerd (ms)              local D1 p50      wall-clock      D1 rows p50`);
    console.log(`${'request'.padEnd(30)}${'n'.padStart(4)}  all threads p50/p95/mean  main thread p50/p95  calls  CPU ms     p50     p95    read written`);
    const floor = row('GET /healthz', healthz[w]);
    row('POST /api/v1/tokens (sign-in)', signIns[w]);
    const perSubmission = row('POST /api/v1/submissions', submissions[w]);
    row('  the same again (stored, 200)', replays[w]);
    row('  the first one (cold isolate)', cold[w]);
    console.log(
      `A submission above GET /healthz: ${(perSubmission.p50 - floor.p50).toFixed(2)} ms (all threads), ` +
        `${(perSubmission.mainP50 - floor.mainP50).toFixed(2)} ms (main thread), at p50; Workers free plan: 10 ms`,
    );
    if (maxCpuMs !== undefined && perSubmission.p50 > maxCpuMs) {
      console.error(`FAILED: a submission's CPU p50 ${perSubmission.p50.toFixed(2)} ms is above BENCH_MAX_CPU_MS=${maxCpuMs}`);
      exitCode = 1;
    }
  }
} finally {
  for (const worker of workers) await worker.dispose();
}
process.exit(exitCode);
