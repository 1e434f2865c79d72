/** `npm start` itself for the benchmarks: its own process(es) on a fresh file database without demo data. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const benchPassword = 'bench-password';

export function startBenchServer(opts: { workers?: number; databasePath?: string } = {}): Promise<{ port: number; url: string; databasePath: string; stop: () => void }> {
  const databasePath = opts.databasePath ?? join(mkdtempSync(join(tmpdir(), 'moc-bench-')), 'http.sqlite');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: '0', MOC_SEED_DEMO: 'false', MOC_DEMO_PASSWORD: benchPassword, WEB_CONCURRENCY: String(opts.workers ?? 1) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /running at (http:\/\/[^:]+:(\d+))\//.exec(chunk.toString());
      if (m) resolve({ port: Number(m[2]), url: m[1], databasePath, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/** The p-th percentile (0–100) of ascending values. */
export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
