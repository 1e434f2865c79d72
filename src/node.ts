/**
 * The Node entry: read the environment, prepare the SQLite file, serve the app on HOST:PORT.
 * With WEB_CONCURRENCY > 1 the primary prepares the database once and forks that many workers sharing the
 * port. The workers read on their own connections (WAL) and send their write batches to the primary, the one
 * writer, which commits those of all workers together (src/sqlite/cluster.ts). On 2 cores two workers ingest
 * ~20 % more than one process (README, bench:ingest), for a third process's memory.
 * The primary also runs the housekeeping (src/housekeeping-node.ts) every few minutes.
 */
import cluster from 'node:cluster';
import { relative } from 'node:path';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApp } from './app';
import { compressResponses } from './middleware/compress';
import { prepareDatabase } from './cli/prepare';
import { appConfigFrom, type NodeEnv, parseEnv } from './config';
import type { Db } from './db';
import { openNodeDb, repoRoot } from './db-node';
import { demoUsers } from './seed/users';
import { validationNotice } from './domain/survey-validation';
import { allReleasedInstruments } from './queries/instruments';
import { nodeScrypt } from './scrypt-node';
import { nodeXlsx } from './xlsx-node';
import { nodeCsvPages } from './csv-node';
import { nodePdf } from './pdf-node';
import { startHousekeeping } from './housekeeping-node';

let env: NodeEnv;
try {
  env = parseEnv(process.env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

function serveApp(db: Db, onListening: (address: string, port: number) => void) {
  // Compiles every released instrument's validator now, not on the first submission, and says which it cannot.
  void allReleasedInstruments(db).then((all) => {
    for (const line of validationNotice(all, appConfigFrom(env).answerLimits)) console.warn(line);
  });
  const publicRoot = relative(process.cwd(), `${repoRoot}/public`) || '.';
  const app = createApp({
    db,
    clock: () => new Date(),
    config: appConfigFrom(env),
    compress: compressResponses(),
    // Password hashing on libuv's thread pool, so that a sign-in never holds up other requests.
    scrypt: nodeScrypt(),
    peerAddress: (c) => getConnInfo(c).remote.address,
    // XLSX exports (exceljs's streaming writer needs Node's streams; Workers answer them 501).
    xlsx: nodeXlsx,
    // CSV exports' lines made on a worker thread while the request's thread reads the next pages.
    csvPages: nodeCsvPages(),
    // The sponsor summary's PDF (pdfkit reads its fonts from node_modules; Workers answer it 501).
    pdf: nodePdf,
    assets: serveStatic({
      root: publicRoot,
      precompressed: true,
      onFound: (path, c) => {
        if (path.includes('/vendor/')) c.header('Cache-Control', 'public, max-age=86400');
      },
    }),
  });
  serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT }, (info) => onListening(info.address, info.port));
}

function announce(address: string, port: number, demo: boolean, demoPassword: string | undefined) {
  console.log(`Mốc is running at http://${address}:${port}/${env.WEB_CONCURRENCY > 1 ? ` (${env.WEB_CONCURRENCY} workers)` : ''}`);
  if (!demo) return console.log('No demo data here: sign in with the accounts of this installation (npm run admin:create made the first).');
  console.log('Demo logins:');
  for (const u of demoUsers) console.log(`  ${u.email.padEnd(24)} (${u.role})`);
  if (demoPassword) {
    const note = process.env.MOC_DEMO_PASSWORD ? ' (MOC_DEMO_PASSWORD)' : '  ← generated now and shown once; set MOC_DEMO_PASSWORD to choose your own';
    console.log(`  password: ${demoPassword}${note}`);
  } else console.log('  password: the one printed at first start (set MOC_DEMO_PASSWORD to reset it)');
}

/** The housekeeping timer (the start has just done a full pass), stopped before the process ends on a signal. */
function keepHouse(db: Db) {
  const housekeeping = startHousekeeping({ db, clock: () => new Date() }, 5 * 60_000, (err) => console.error('housekeeping failed:', err));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void housekeeping.stop().finally(() => process.kill(process.pid, signal)));
  }
}

if (cluster.isPrimary) {
  const { db, commitForWorkers, demoPassword, demo } = await prepareDatabase(env, { seed: 'demo-only' });
  keepHouse(db);
  if (env.WEB_CONCURRENCY === 1) {
    serveApp(db, (address, port) => announce(address, port, demo, demoPassword));
  } else {
    commitForWorkers();
    // Structured clone keeps the bigints of SQLite results that travel between primary and workers.
    cluster.setupPrimary({ serialization: 'advanced' });
    for (let i = 0; i < env.WEB_CONCURRENCY; i++) cluster.fork();
    cluster.once('listening', (_worker, address) => announce(address.address ?? env.HOST, address.port, demo, demoPassword));
    cluster.on('exit', (worker, code) => {
      if (code !== 0) console.error(`worker ${worker.process.pid} exited with ${code}`);
    });
  }
} else {
  const { db } = await openNodeDb(env.DATABASE_PATH, { writes: 'primary' });
  serveApp(db, () => {});
}
