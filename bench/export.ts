/**
 * `npm run bench:export`: the exports of issue 15 over 10,000 and 100,000 household submissions (1–4 children
 * each) in one round: the submissions CSV, the children CSV and the XLSX workbook (both sheets), as the model's
 * manager downloads them. Each download runs in a child process of its own (same database file), so that its
 * peak RSS (getrusage maxrss) is the export's and not the seeding's; "flat memory" means the peak at 100k is
 * that at 10k. V8 lets its heap grow lazily while garbage piles up (exceljs makes a lot), so each child also
 * runs with its JS heap capped (BENCH_HEAP_MB, default 128: the app itself takes about 60): an export that kept
 * anything per row would run out at 100k. Targets (issue 15): CSV < 3 s at 100k, memory flat from 10k to 100k.
 * CSV files are written as src/node.ts serves them: their lines made on the CSV thread (src/csv-node.ts) while the
 * request's thread reads the next pages. A server starts that thread with its first export and keeps it a while:
 * the time is measured from when it is ready ("thread wait" says how long it took to load: a first export after
 * a quiet spell adds it). BENCH_CSV_THREAD=false measures the lines made on the request's thread (Workers' way).
 * Options (env): BENCH_SIZES (default "10000,100000"), BENCH_FORMATS (default "csv,children,xlsx").
 * The temporary database is deleted at the end, whatever happens.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import * as s from '../db/schema';
import { createApp } from '../src/app';
import { openNodeDb } from '../src/db-node';
import type { Db } from '../src/db';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { seedProgramme } from '../src/seed/seed';
import { seedDemoUsers } from '../src/seed/users';
import { nodeXlsx } from '../src/xlsx-node';
import { nodeCsvPages } from '../src/csv-node';
import { apiAs, people, testConfig, testPassword } from '../test/support/app';

const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const formats = (process.env.BENCH_FORMATS ?? 'csv,children,xlsx').split(',');
const heapMb = Number(process.env.BENCH_HEAP_MB ?? 128);
/** Each size in a round of its own (all three are Phú Châu's, managed by Hà). */
const roundsBySize = ['hn-phu-chau-midterm', 'hn-phu-chau-baseline', 'hn-phu-chau-final'];

/** Stores `size` household submissions (v1 answers, received or approved) in `roundId`, 500 per insert. */
async function load(db: Db, roundId: string, size: number, prefix: string) {
  const rng = seededRng(size);
  const [evaluator] = await db.select().from(s.users).where(eq(s.users.email, people.evaluatorLan));
  const [commune] = await db.select().from(s.places).where(eq(s.places.code, '09649'));
  const pool = Array.from({ length: 2000 }, () => JSON.stringify(householdAnswers(rng, { knows111Rate: 0.6 })));
  const start = Date.parse('2020-03-01T00:00:00Z');
  const statements = [];
  for (let i = 0; i < size; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(size, i + 500); j++) {
      rows.push({
        id: `${prefix}-${String(j).padStart(7, '0')}`,
        roundId,
        communeId: commune.id,
        instrumentSlug: 'household',
        instrumentVersion: 1,
        evaluatorId: evaluator.id,
        answers: pool[j % pool.length],
        contentHash: 'synthetic',
        receivedAt: new Date(start + j * 1000).toISOString(),
        synthetic: true,
        revision: 1,
        reviewState: (j % 3 === 0 ? 'approved' : 'received') as 'approved' | 'received',
      });
    }
    statements.push(db.insert(s.submissions).values(rows));
    if (statements.length === 20) await db.batch(statements.splice(0) as [never]);
  }
  if (statements.length) await db.batch(statements.splice(0) as [never]);
}

/** In a child process: one export, timed to its last byte, with this process's peak RSS. */
async function child(file: string, path: string) {
  const { db, close } = await openNodeDb(file);
  // As src/node.ts serves it: XLSX by exceljs, CSV lines made on the CSV thread (BENCH_CSV_THREAD=false: without).
  const csvPages = process.env.BENCH_CSV_THREAD === 'false' || !path.includes('.csv') ? undefined : nodeCsvPages();
  const app = createApp({ db, clock: () => new Date(), config: testConfig, xlsx: nodeXlsx, csvPages });
  const manager = await apiAs(app, people.managerHa);
  // Timed from when the CSV thread is ready, as for any export after the first in a while (see above).
  const threadStart = performance.now();
  await csvPages?.ready();
  const threadReadyMs = performance.now() - threadStart;
  const before = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await manager.get(path);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  close();
  console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, heapUsed: process.memoryUsage().heapUsed, bytes, lines, rssBefore: before, peakRss: process.resourceUsage().maxRSS * 1024, threadReadyMs }));
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(0);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'moc-bench-export-'));
  try {
    const file = join(dir, 'bench.sqlite');
    const { db, close } = await openNodeDb(file);
    await seedProgramme(db);
    await seedDemoUsers(db, testPassword, testConfig.scrypt, false);
    for (const [i, size] of sizes.entries()) {
      const t0 = performance.now();
      await load(db, roundsBySize[i], size, `bench-${size}`);
      console.log(`${size.toLocaleString('en')} submissions in ${roundsBySize[i]}: loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    close();
    const results = [];
    for (const [i, size] of sizes.entries()) {
      for (const format of formats) {
        const path = `/api/v1/exports/submissions.${format === 'xlsx' ? 'xlsx' : 'csv'}?round=${roundsBySize[i]}${format === 'children' ? '&table=children' : ''}`;
        const run = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, ...process.execArgv, import.meta.filename, '--child', file, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
        if (run.status !== 0) throw new Error(`${path}: status ${run.status}, signal ${run.signal}: ${run.stderr}`);
        const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { seconds: number; cpuSeconds: number; heapUsed: number; bytes: number; lines: number; rssBefore: number; peakRss: number; threadReadyMs: number };
        results.push({ submissions: size, export: format, seconds: r.seconds.toFixed(2), 'CPU s': r.cpuSeconds.toFixed(2), [`heap after MB (cap ${heapMb})`]: mb(r.heapUsed), 'size MB': mb(r.bytes), lines: format === 'xlsx' ? '' : r.lines - 1, 'RSS before MB': mb(r.rssBefore), 'peak RSS MB': mb(r.peakRss), 'thread wait s': (r.threadReadyMs / 1000).toFixed(2) });
      }
    }
    console.table(results);
    // Wall seconds count time lost to other processes on a shared machine; CPU seconds are the export's own.
    console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
else await main();
