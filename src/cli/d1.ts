/**
 * Writing to a D1 database from the command line, through the same query code the app runs: the queries run
 * against a recording Drizzle database, their SQL is written out with the values inlined, and
 * `wrangler d1 execute` applies the file (one batch) to the local or the remote database.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import * as schema from '../../db/schema';
import type { Db } from '../db';

/** A SQL literal for one bound value. Example: `sqlLiteral("it's")` → `'it''s'`; `sqlLiteral(null)` → `NULL`. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} into SQL`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  throw new Error(`cannot write a ${typeof value} into SQL`);
}

/**
 * One statement with its `?` placeholders replaced by literals, skipping quoted text and identifiers.
 * Example: `inlineSql('SELECT ? AS "a?"', [1])` → `SELECT 1 AS "a?"`.
 */
export function inlineSql(statement: string, params: readonly unknown[]): string {
  let out = '';
  let next = 0;
  let quote: string | null = null;
  for (const ch of statement) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      out += ch;
    } else if (ch === '?') {
      if (next >= params.length) throw new Error('more placeholders than values');
      out += sqlLiteral(params[next++]);
    } else out += ch;
  }
  if (next !== params.length) throw new Error('more values than placeholders');
  return out;
}

/**
 * Runs `work` against a database that records every statement instead of executing it (reads answer no
 * rows), and returns the statements as one SQL script.
 */
export async function recordSql(work: (db: Db) => Promise<unknown>): Promise<string> {
  const statements: string[] = [];
  const db = drizzle(
    async (sql, params) => {
      statements.push(inlineSql(sql, params));
      return { rows: [] };
    },
    async (batch) => {
      for (const q of batch) statements.push(inlineSql(q.sql, q.params));
      return batch.map(() => ({ rows: [] }));
    },
    { schema },
  );
  await work(db as unknown as Db);
  return statements.map((s) => `${s.trim()};\n`).join('');
}

/**
 * Every row of these tables as `INSERT OR IGNORE` statements (ids kept), for copying data that seed code builds
 * with reads in between (places look up their parents' ids) from a local SQLite file to D1.
 */
export async function copyRowsSql(db: Db, tables: readonly string[]): Promise<string> {
  let script = '';
  for (const table of tables) {
    const rows = await db.all<Record<string, unknown>>(sql.raw(`SELECT * FROM "${table}"`));
    for (const row of rows) {
      const columns = Object.keys(row);
      script += `INSERT OR IGNORE INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => sqlLiteral(row[c])).join(', ')});\n`;
    }
  }
  return script;
}

/**
 * The tables that hold data, each after the tables it references (D1 checks foreign keys statement by
 * statement): not SQLite's, Drizzle's or D1's own bookkeeping.
 */
export async function dataTables(db: Db): Promise<string[]> {
  const rows = await db.all<{ name: string; parent: string | null }>(
    sql.raw(`SELECT m.name, f."table" AS parent FROM sqlite_master m LEFT JOIN pragma_foreign_key_list(m.name) f
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!' AND m.name NOT LIKE '!_!_drizzle%' ESCAPE '!'
               AND m.name NOT LIKE 'd1!_%' ESCAPE '!' AND m.name NOT LIKE '!_cf!_%' ESCAPE '!'`),
  );
  const parents = new Map<string, Set<string>>();
  for (const { name, parent } of rows) {
    const set = parents.get(name) ?? new Set<string>();
    if (parent && parent !== name) set.add(parent);
    parents.set(name, set);
  }
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (ordered.includes(name)) return;
    if (path.has(name)) throw new Error(`foreign keys form a cycle through ${name}`);
    for (const parent of parents.get(name) ?? []) visit(parent, new Set([...path, name]));
    ordered.push(name);
  };
  for (const name of [...parents.keys()].sort()) visit(name, new Set());
  return ordered;
}

export interface D1Target {
  /** The database's name or binding in wrangler.toml. */
  database: string;
  remote: boolean;
  /** Local persistence folder (wrangler's `--persist-to`); wrangler's default when unset. */
  persistTo?: string;
}

function wrangler(args: string[]): string {
  const run = spawnSync('npx', ['wrangler', ...args], {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: '1' },
  });
  if (run.status !== 0) throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed:\n${run.stderr || run.stdout}`);
  return run.stdout;
}

const where = (t: D1Target) => [t.remote ? '--remote' : '--local', ...(t.persistTo && !t.remote ? ['--persist-to', t.persistTo] : [])];

/** Applies db/migrations to the D1 database (what `wrangler d1 migrations apply` does; idempotent). */
export function migrateD1(target: D1Target): void {
  wrangler(['d1', 'migrations', 'apply', target.database, ...where(target)]);
}

/** Executes a SQL script on the D1 database as one batch. */
export function executeD1(target: D1Target, script: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'moc-d1-'));
  try {
    const file = join(dir, 'script.sql');
    writeFileSync(file, script);
    wrangler(['d1', 'execute', target.database, ...where(target), '--file', file, '--yes']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows of one read on the D1 database. */
export function queryD1(target: D1Target, statement: string): Record<string, unknown>[] {
  const out = wrangler(['d1', 'execute', target.database, ...where(target), '--command', statement, '--json']);
  const parsed = JSON.parse(out.slice(out.indexOf('['))) as { results: Record<string, unknown>[] }[];
  return parsed.flatMap((r) => r.results);
}

/**
 * A Drizzle database whose reads run on the D1 database (each through `wrangler d1 execute`, seconds apiece),
 * so that a check the app makes (e.g. `isDemoInstallation`) is the same code here. For a few reads only.
 */
export function d1Reader(target: D1Target): Db {
  const rowsOf = (statement: string, params: unknown[]) => queryD1(target, inlineSql(statement, params)).map((row) => Object.values(row));
  const db = drizzle(
    async (statement, params, method) => {
      const rows = rowsOf(statement, params);
      return { rows: method === 'get' ? (rows[0] ?? []) : rows };
    },
    async () => {
      throw new Error('d1Reader reads only; write through recordSql and executeD1');
    },
    { schema },
  );
  return db as unknown as Db;
}
