/**
 * `npm run bench:import`: how a long import shares the server. One POST /api/v1/imports of 5,000 household
 * submissions (BENCH_ITEMS) while /healthz is asked every 20 ms; imports it twice (stored, then all replays) and prints each import's time and the /healthz
 * latencies (p50, p99, max) during it. Issue 11 asks for a /healthz p99 under 200 ms.
 */
import http from 'node:http';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { seededRng } from '../src/domain/synthetic-answers';
import { benchPassword, householdSubmission, percentile, startBenchServer } from './server';

const items = Number(process.env.BENCH_ITEMS ?? 5000);
const rng = seededRng(7);

function request(port: number, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: body === undefined ? headers : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

process.env.IMPORT_LIMIT_BYTES ??= String(64 * 1024 * 1024);
const server = await startBenchServer();
try {
  const signIn = await request(server.port, 'POST', '/api/v1/tokens', JSON.stringify({ email: 'evaluator@example.org', password: benchPassword }));
  const auth = { authorization: `Bearer ${JSON.parse(signIn.text).token}` };
  const submissions = Array.from({ length: items }, () => householdSubmission(rng));
  const file = JSON.stringify({ format: 'moc-backup', formatVersion: 1, exportedAt: new Date().toISOString(), exportedBy: 'evaluator@example.org', submissions });
  for (let i = 0; i < 20; i++) await request(server.port, 'GET', '/healthz');

  // The same file twice: once stored, once all replays (answered from what is stored, no write to wait for).
  for (const pass of ['new', 'again']) {
    const latencies: number[] = [];
    let importing = true;
    const probe = (async () => {
      while (importing) {
        const t0 = performance.now();
        await request(server.port, 'GET', '/healthz');
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t0 = performance.now();
    const res = await request(server.port, 'POST', '/api/v1/imports', file, auth);
    const seconds = (performance.now() - t0) / 1000;
    importing = false;
    await probe;
    const report = JSON.parse(res.text);
    latencies.sort((a, b) => a - b);
    console.log(`Import of ${items} submissions (${(file.length / 1048576).toFixed(1)} MiB), ${pass}: ${res.status}, ${report.stored} stored, ${report.alreadyThere} already there, ${seconds.toFixed(1)} s (${(items / seconds).toFixed(0)}/s)`);
    console.log(`  /healthz during it (${latencies.length} requests): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
  }
} finally {
  server.stop();
  rmSync(dirname(server.databasePath), { recursive: true, force: true });
}
