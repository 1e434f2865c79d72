/**
 * `npm run bench:aggregates`: every dashboard page served over HTTP (createApp in a process of its own,
 * bench/aggregates-server.ts) over 1M synthetic household submissions (bench/aggregates-data.ts), p50/p95 per
 * page and reader, requests one at a time; then the ingest rate with and without counting into the kept sums.
 * Options (env): BENCH_SIZES (default "1000000"), BENCH_REQUESTS (timed requests per page and reader, default
 * 100), BENCH_INGEST (submissions per ingest block, default 400; 0 skips it), BENCH_REF (git revisions to serve
 * instead of the working tree, comma-separated, "." for the working tree: each serves the same file and their
 * requests alternate, so that they share the machine's load; e.g. BENCH_REF=main~3,.), BENCH_READERS (readers whose
 * pages are timed, comma-separated, default "admin,manager,sponsor"; e.g. BENCH_READERS=sponsor). The first request
 * of each page is printed apart ("first"): what a reader waits for before anything read for the page is kept.
 * The dataset lives in a temporary folder, removed at the end (also when interrupted).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Db } from '../src/db';
import { openNodeDb, repoRoot } from '../src/db-node';
import { seededRng } from '../src/domain/synthetic-answers';
import { scopeOf } from '../src/queries/scope';
import { userByEmail } from '../src/queries/users';
import { ingestSubmission } from '../src/workflows/ingest';
import { people, type TestApp, webAs } from '../test/support/app';
import { buildDataset } from './aggregates-data';
import { projectAt } from './project';
import { householdSubmission, percentile } from './server';

const sizes = (process.env.BENCH_SIZES ?? '1000000').split(',').map(Number);
const requests = Number(process.env.BENCH_REQUESTS ?? 100);
const ingestBlock = Number(process.env.BENCH_INGEST ?? 400);
const refs = (process.env.BENCH_REF ?? '.').split(',').map((r) => r.trim()).filter(Boolean);
const readers = (process.env.BENCH_READERS ?? 'admin,manager,sponsor').split(',').map((r) => r.trim());

type Reader = 'admin' | 'manager' | 'sponsor';
const emails: Record<Reader, string> = { admin: people.admin, manager: people.managerHa, sponsor: people.sponsorWorldVision };

/**
 * The dashboard pages, each as the readers whose pages differ: admins see every model, a manager their own
 * (both every value, counting received submissions), a sponsor approved ones with small values suppressed.
 */
const pages: { label: string; path: string; as: Reader[] }[] = [
  { label: 'model page', path: '/models/hn-phu-chau', as: ['manager', 'sponsor'] },
  { label: 'programme overview', path: '/programme', as: ['admin', 'manager', 'sponsor'] },
  { label: 'programme roll-up', path: '/programme/rollup?level=province&boundaries=today', as: ['admin', 'manager', 'sponsor'] },
  // The sponsor summary reads alike for every reader (approved only, suppressed): one reader shows its cost.
  { label: 'sponsor summary, model', path: '/models/hn-phu-chau/summary', as: ['sponsor'] },
  { label: 'sponsor summary, programme', path: '/programmes/hanoi-2015-2020/summary', as: ['sponsor'] },
];

interface Server {
  source: string;
  url: string;
  child: ChildProcess;
  as: Record<Reader, Awaited<ReturnType<typeof webAs>>>;
}

/** The app of one revision (undefined: the working tree) serving the dataset, with a signed-in client per reader. */
async function startServer(ref: string | undefined, dir: string, databasePath: string): Promise<Server> {
  const { project, source } = projectAt(ref, dir);
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/aggregates-server.ts'), project, databasePath], { cwd: project, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening (\d+)/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`the server of ${source} exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const overHttp = { request: (path: string, init?: RequestInit) => fetch(url + path, { ...init, redirect: 'manual' }) } as unknown as TestApp;
  const as = {} as Server['as'];
  for (const reader of Object.keys(emails) as Reader[]) as[reader] = await webAs(overHttp, emails[reader]);
  return { source, url, child, as };
}

/**
 * One page as one reader on every server, `warmUp` unmeasured then `requests` measured each, the servers taking
 * turns; null for a server whose revision has no such page (404).
 */
async function timed(servers: Server[], path: string, reader: Reader, warmUp = 5) {
  const ms = servers.map((): number[] | null => []);
  const first = servers.map(() => 0);
  for (let i = 0; i < warmUp + requests; i++) {
    const order = i % 2 ? [...servers.keys()].reverse() : [...servers.keys()];
    for (const s of order.filter((s) => ms[s])) {
      const t0 = performance.now();
      const res = await servers[s].as[reader].get(path);
      const body = await res.text();
      if (i >= warmUp) ms[s]!.push(performance.now() - t0);
      if (i === 0) first[s] = performance.now() - t0;
      if (res.status === 404 && i === 0) ms[s] = null;
      else if (res.status !== 200) throw new Error(`${path} as ${reader} (${servers[s].source}): ${res.status} ${body.slice(0, 200)}`);
    }
  }
  return ms.map((xs, s) => {
    xs?.sort((a, b) => a - b);
    return xs && { first: first[s], p50: percentile(xs, 50), p95: percentile(xs, 95) };
  });
}

/** Ingest through the workflow (validation included) in alternating blocks with and without counting. */
async function ingestRates(db: Db) {
  const rng = seededRng(400);
  const user = (await userByEmail(db, people.evaluatorLan))!;
  const actor = { id: user.id, role: user.role, name: user.name, email: user.email };
  const scope = await scopeOf(db, actor);
  const rates = { counted: [] as number[], uncounted: [] as number[] };
  for (const block of ['counted', 'uncounted', 'counted', 'uncounted', 'counted', 'uncounted'] as const) {
    const bodies = Array.from({ length: ingestBlock }, () => householdSubmission(rng));
    const t0 = performance.now();
    for (const body of bodies) await ingestSubmission({ db, now: new Date(), actor, scope, locale: 'vi', synthetic: true, count: block === 'counted' }, body);
    rates[block].push(ingestBlock / ((performance.now() - t0) / 1000));
  }
  const best = (xs: number[]) => Math.max(...xs);
  return { counted: best(rates.counted), uncounted: best(rates.uncounted), ratio: best(rates.counted) / best(rates.uncounted) };
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');
const dir = mkdtempSync(join(tmpdir(), 'moc-bench-agg-'));
const servers: Server[] = [];
const cleanUp = () => {
  for (const s of servers.splice(0)) s.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (cleanUp(), process.exit(130)));
try {
  for (const size of sizes) {
    const databasePath = join(dir, String(size), 'bench.sqlite');
    const { db, close } = await openNodeDb(databasePath);
    const t0 = performance.now();
    const built = await buildDataset(db, size);
    console.log(
      `\n${size.toLocaleString('en')} submissions over ${built.communes} communes: built in ${((performance.now() - t0) / 1000).toFixed(0)} s ` +
        `(${built.keptRows.toLocaleString('en')} kept rows, ${built.checklists} checklists)`,
    );
    for (const [i, ref] of refs.entries()) {
      const projectDir = join(dir, String(size), `project-${i}`);
      mkdirSync(projectDir);
      servers.push(await startServer(ref === '.' ? undefined : ref, projectDir, databasePath));
    }
    console.log(`Load average before: ${load()} (${availableParallelism()} cores)`);
    const results = [];
    for (const page of pages) {
      for (const reader of page.as.filter((r) => readers.includes(r))) {
        const times = await timed(servers, page.path, reader);
        const row: Record<string, string> = { page: `${page.label} ${page.path}`, as: reader };
        times.forEach((t, s) => {
          const name = servers.length > 1 ? ` ${s + 1}` : '';
          row[`first${name}`] = t?.first.toFixed(0) ?? '–';
          row[`p50${name}`] = t?.p50.toFixed(1) ?? '–';
          row[`p95${name}`] = t?.p95.toFixed(1) ?? '–';
          if (s > 0) row[`p95 ${s + 1}/1`] = t && times[0] ? (t.p95 / times[0].p95).toFixed(2) : '–';
        });
        results.push(row);
      }
    }
    console.log(`Load average after: ${load()}; ms per request, ${requests} requests each${servers.length > 1 ? ', servers taking turns:' : ''}`);
    servers.forEach((s, i) => console.log(`  ${i + 1}: ${s.source}`));
    console.table(results);
    for (const s of servers.splice(0)) s.child.kill('SIGTERM');
    if (ingestBlock > 0) {
      const ingest = await ingestRates(db);
      console.log(
        `ingest (workflow, validation included, best of 3 blocks of ${ingestBlock}): ${ingest.counted.toFixed(0)}/s counted vs ${ingest.uncounted.toFixed(0)}/s uncounted, ratio ${ingest.ratio.toFixed(2)}`,
      );
    }
    close();
    rmSync(join(dir, String(size)), { recursive: true, force: true });
  }
} finally {
  cleanUp();
}
