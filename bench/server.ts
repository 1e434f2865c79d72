/** `npm start` itself for the benchmarks: its own process(es) on a fresh file database without demo data. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { householdAnswers, type Rng } from '../src/domain/synthetic-answers';
import { uuidFrom } from '../src/seed/demo';

export const benchPassword = 'bench-password';

export function startBenchServer(opts: { workers?: number; databasePath?: string } = {}): Promise<{ port: number; url: string; databasePath: string; pid: number; stop: () => void }> {
  const databasePath = opts.databasePath ?? join(mkdtempSync(join(tmpdir(), 'moc-bench-')), 'http.sqlite');
  // BENCH_PROFILE=<folder>: the server writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`, '--import', 'data:text/javascript,process.on("SIGTERM",()=>process.exit(0))'] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/node.ts'], {
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: '0', MOC_SEED_DEMO: 'false', MOC_DEMO_PASSWORD: benchPassword, WEB_CONCURRENCY: String(opts.workers ?? 1) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /running at (http:\/\/[^:]+:(\d+))\//.exec(chunk.toString());
      if (m) resolve({ port: Number(m[2]), url: m[1], databasePath, pid: child.pid!, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/** The p-th percentile (0–100) of ascending values. */
export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * CPU time (user + system, ms) used so far by a process and by each of its children (cluster workers), read
 * from /proc (Linux; empty elsewhere). Throughput swings with whatever else runs on a shared machine; CPU per
 * request much less.
 */
export function cpuOfProcessTree(pid: number): { pid: number; ms: number }[] {
  const ticks = 100; // USER_HZ on Linux
  const stat = (p: number | string) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      return { ppid: Number(fields[1]), ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks };
    } catch {
      return null;
    }
  };
  const own = stat(pid);
  if (!own) return [];
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => ({ pid: Number(d), s: stat(d) }))
    .filter((c) => c.s?.ppid === pid)
    .map((c) => ({ pid: c.pid, ms: c.s!.ms }));
  return [{ pid, ms: own.ms }, ...children];
}

/** A valid household submission to Phú Châu's open midterm, as the benchmarks send them. */
export function householdSubmission(rng: Rng) {
  return { id: uuidFrom(rng), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.6 }) };
}
