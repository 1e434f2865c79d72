/**
 * A local D1 in a workerd process of its own, for bench/workerd.ts: Miniflare's D1 (what `wrangler dev` uses),
 * migrated from db/migrations and seeded by src/seed, answering the D1 client of a Worker in another process.
 */
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { appConfigFrom, parseEnv } from '../src/config';
import { openNodeDb } from '../src/db-node';
import { seedProgramme } from '../src/seed/seed';
import { seedDemoUsers } from '../src/seed/users';
import { childProcesses } from './proc-cpu';
import { benchPassword } from './server';

// miniflare and vitest-pool-workers are imported untyped, through the few members used here: their declarations
// pull in @cloudflare/workers-types' 560 KB of .ts, which `npm test`'s tsc would check on every run.
interface D1Statement {
  bind(...values: unknown[]): D1Statement;
}
interface D1Database {
  prepare(query: string): D1Statement;
  batch(statements: D1Statement[]): Promise<unknown>;
}
interface Miniflare {
  ready: Promise<URL>;
  getD1Database(binding: string): Promise<D1Database>;
  dispatchFetch(url: string): Promise<{ text(): Promise<string> }>;
  dispose(): Promise<void>;
}
const untyped = (specifier: string) => import(specifier);
const { Miniflare } = (await untyped('miniflare')) as { Miniflare: new (options: Record<string, unknown>) => Miniflare };
const { readD1Migrations } = (await untyped('@cloudflare/vitest-pool-workers')) as { readD1Migrations(dir: string): Promise<{ queries: string[] }[]> };

export interface D1Usage {
  calls: number;
  rowsRead: number;
  rowsWritten: number;
}

export interface LocalD1 {
  /** host:port where the Worker's D1 client (cloudflare-internal:d1-api) sends its requests. */
  host: string;
  pid: number;
  /** How many requests the Worker's D1 client has made so far (a batch is one), and the rows they read and wrote. */
  usage(): Promise<D1Usage>;
  dispose(): Promise<void>;
}

/**
 * The seed written by src/seed into a libSQL file, then copied row by row into D1: D1 binds at most 100
 * variables per statement, and the seed's multi-row inserts bind more.
 */
async function seed(d1: D1Database, dir: string) {
  const seeded = await openNodeDb(join(dir, 'seed.sqlite'));
  try {
    await seedProgramme(seeded.db);
    await seedDemoUsers(seeded.db, benchPassword, appConfigFrom(parseEnv({}), 'workers').scrypt, false);
    const tables = await seeded.db.all<{ name: string }>(
      sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
    );
    const inserts = [d1.prepare('PRAGMA defer_foreign_keys = on')];
    for (const { name } of tables) {
      for (const row of await seeded.db.all<Record<string, unknown>>(sql.raw(`SELECT * FROM "${name}"`))) {
        const columns = Object.keys(row);
        const statement = `INSERT OR IGNORE INTO "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
        inserts.push(d1.prepare(statement).bind(...Object.values(row)));
      }
    }
    await d1.batch(inserts);
  } finally {
    seeded.close();
  }
}

/**
 * What `make` returns, made with os.tmpdir() at `dir`. Miniflare makes its temporary folder there when constructed
 * and on dispose removes it without waiting (the bench may exit first); inside `dir`, the caller removes it.
 */
function madeIn<T>(dir: string, make: () => T): T {
  const tmp = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return make();
  } finally {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  }
}

/** Starts an in-memory local D1 with `project`'s migrations applied and the seed in it; `dir` holds the seed file. */
export async function startLocalD1(project: string, dir: string, compatibilityDate: string): Promise<LocalD1> {
  const before = childProcesses('workerd');
  const mf = madeIn(dir, () => new Miniflare({
    modules: true,
    compatibilityDate,
    cf: false, // Request.cf's placeholder, rather than fetching Cloudflare's
    d1Databases: { DB: 'bench' },
    // d1-api keeps its transport in the public field `fetcher`: pass the client's requests to it unchanged.
    // Rows read and written as D1 bills them: each answer's meta (rows_read, rows_written), summed over a batch.
    script: `const usage = { calls: 0, rowsRead: 0, rowsWritten: 0 };
      export default {
        async fetch(request, env) {
          if (new URL(request.url).pathname === '/bench/usage') return Response.json(usage);
          usage.calls++;
          const response = await env.DB.fetcher.fetch(request);
          try {
            const answer = await response.clone().json();
            for (const { meta } of Array.isArray(answer) ? answer : [answer]) {
              usage.rowsRead += meta?.rows_read ?? 0;
              usage.rowsWritten += meta?.rows_written ?? 0;
            }
          } catch {}
          return response;
        },
      };`,
  }));
  try {
    const url = await mf.ready;
    const [pid] = [...childProcesses('workerd')].filter((p) => !before.has(p));
    if (!pid) throw new Error("local D1's workerd process not found among this process's children");
    const d1 = await mf.getD1Database('DB');
    for (const migration of await readD1Migrations(join(project, 'db', 'migrations'))) {
      await d1.batch(migration.queries.map((q) => d1.prepare(q)));
    }
    await seed(d1, dir);
    const usage = async () => JSON.parse(await (await mf.dispatchFetch('http://local-d1/bench/usage')).text()) as D1Usage;
    return { host: url.host, pid, usage, dispose: () => mf.dispose() };
  } catch (error) {
    await mf.dispose();
    throw error;
  }
}
