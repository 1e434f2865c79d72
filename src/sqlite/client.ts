/**
 * The Node driver under Drizzle: one libSQL connection to a SQLite file, implementing @libsql/client's
 * `Client` (what drizzle-orm/libsql drives) with two things its file client lacks for a busy ingest:
 * - statements are prepared once and kept by SQL text (it prepared every statement again: a stored
 *   submission ran 11, and preparing cost as much as running them);
 * - write batches are committed in groups (./group-commit.ts), or handed to whoever commits them for this
 *   process (the cluster primary, ./cluster.ts). A batch of SELECTs only is read here, in one transaction.
 * libSQL runs statements synchronously; every method still answers with a promise, as D1 does.
 */
import { type Client, type InArgs, type InStatement, type InValue, LibsqlError, type ResultSet, type Row, type Transaction } from '@libsql/client';
import Database from 'libsql';
import { atStatement, closedError, libsqlError } from './errors';
import { GroupCommit, type SyncConnection } from './group-commit';

/** Commits a write batch all-or-nothing and resolves once it is durable. */
export type CommitBatch = (statements: InStatement[]) => Promise<ResultSet[]>;

interface Prepared {
  statement: Database.Statement;
  reader: boolean;
  columns: string[];
  columnTypes: string[];
  /** Per column, the name a row carries it under, or null (a repeated name keeps its first column). */
  names: (string | null)[];
}

/** Enough for every statement the app builds; a query with a varying IN list can push older ones out. */
const keptStatements = 500;

export class SqliteFileClient implements Client, SyncConnection {
  readonly protocol = 'file';
  closed = false;
  readonly #db: Database.Database;
  readonly #prepared = new Map<string, Prepared>();
  readonly #group: GroupCommit;
  #commitBatch: CommitBatch;

  /** `busyTimeoutMs`: how long a writer waits for another process's write lock before failing. */
  constructor(path: string, busyTimeoutMs: number) {
    this.#db = new Database(path, { timeout: busyTimeoutMs });
    this.#group = new GroupCommit(this);
    this.#commitBatch = (statements) => this.#group.commit(statements);
  }

  /** Sends this connection's write batches elsewhere (a cluster worker's go to the primary). */
  commitBatchesWith(commit: CommitBatch) {
    this.#commitBatch = commit;
  }

  get inTransaction() {
    return this.#db.inTransaction;
  }

  execute(stmt: InStatement | string, args?: InArgs): Promise<ResultSet> {
    try {
      return Promise.resolve(this.run(typeof stmt === 'string' ? { sql: stmt, args: args ?? [] } : stmt));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  batch(stmts: (InStatement | [string, InArgs?])[]): Promise<ResultSet[]> {
    const statements = stmts.map((s): InStatement => (Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : s));
    if (statements.length === 0) return Promise.resolve([]);
    if (this.closed) return Promise.reject(closedError());
    if (statements.every(isSelect)) {
      try {
        return Promise.resolve(this.#inTransaction('BEGIN DEFERRED', statements));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.#commitBatch(statements);
  }

  /** Drizzle's migrator: one transaction with foreign keys off, as @libsql/client does it. */
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    this.run('PRAGMA foreign_keys = OFF');
    try {
      return this.#inTransaction('BEGIN DEFERRED', stmts);
    } finally {
      this.run('PRAGMA foreign_keys = ON');
      this.#prepared.clear(); // the schema changed under the kept statements' column lists
    }
  }

  async executeMultiple(sql: string): Promise<void> {
    try {
      this.#db.exec(sql);
    } catch (error) {
      throw libsqlError(error);
    } finally {
      this.#prepared.clear();
    }
  }

  /** Interactive transactions are not offered: D1 has none, so the app never opens one (see src/db.ts). */
  transaction(): Promise<Transaction> {
    return Promise.reject(new LibsqlError('interactive transactions are not supported: use atomically() (one batch)', 'TRANSACTION_NOT_SUPPORTED'));
  }

  sync(): never {
    throw new LibsqlError('sync is only for embedded replicas', 'SYNC_NOT_SUPPORTED');
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.#prepared.clear();
    this.#db.close();
  }

  reconnect(): never {
    throw new LibsqlError('reconnect is not supported: open a new client', 'RECONNECT_NOT_SUPPORTED');
  }

  /** Runs one statement now (group commit's connection). Throws a LibsqlError. */
  run(stmt: InStatement): ResultSet {
    if (this.closed) throw closedError();
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: undefined } : stmt;
    const p = this.#prepare(sql);
    const bound = bindings(args);
    try {
      if (p.reader) return new Result(p.columns, p.columnTypes, (p.statement.all(bound) as unknown[][]).map((raw) => rowOf(p.names, raw.map(fromSql))), 0, undefined);
      const info = p.statement.run(bound);
      return new Result([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (error) {
      throw libsqlError(error);
    }
  }

  /**
   * A reading statement's rows as arrays of values by position, without a row object each (src/db.ts
   * valuesOf: an export reads a whole round). Throws a LibsqlError.
   */
  values(stmt: InStatement): unknown[][] {
    if (this.closed) throw closedError();
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: undefined } : stmt;
    const p = this.#prepare(sql);
    if (!p.reader) throw new LibsqlError('values() is for statements that return rows', 'SQLITE_MISUSE');
    try {
      const rows = p.statement.all(bindings(args)) as unknown[][];
      for (const row of rows) for (let i = 0; i < row.length; i++) row[i] = fromSql(row[i]);
      return rows;
    } catch (error) {
      throw libsqlError(error);
    }
  }

  #prepare(sql: string): Prepared {
    const kept = this.#prepared.get(sql);
    if (kept) return kept;
    let statement: Database.Statement;
    try {
      statement = this.#db.prepare(sql);
    } catch (error) {
      throw libsqlError(error);
    }
    statement.safeIntegers(true);
    const reader = statement.reader;
    const described = reader ? statement.raw(true).columns() : [];
    const columns = described.map((c) => c.name);
    const p = { statement, reader, columns, columnTypes: described.map((c) => c.type ?? ''), names: namesOf(columns) };
    if (this.#prepared.size >= keptStatements) this.#prepared.delete(this.#prepared.keys().next().value!);
    this.#prepared.set(sql, p);
    return p;
  }

  #inTransaction(begin: string, statements: InStatement[]): ResultSet[] {
    this.run(begin);
    const results: ResultSet[] = [];
    try {
      for (const s of statements) results.push(this.run(s));
      this.run('COMMIT');
      return results;
    } catch (error) {
      if (this.#db.inTransaction) this.run('ROLLBACK');
      throw atStatement(error, results.length);
    }
  }
}

function isSelect(statement: InStatement) {
  return /^\s*select\s/i.test(typeof statement === 'string' ? statement : statement.sql);
}

class Result implements ResultSet {
  constructor(
    readonly columns: string[],
    readonly columnTypes: string[],
    readonly rows: Row[],
    readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined,
  ) {}

  toJSON() {
    const value = (v: unknown) => (typeof v === 'bigint' ? `${v}` : v instanceof ArrayBuffer ? Buffer.from(v).toString('base64') : v);
    const rows = this.rows.map((row) => Array.prototype.map.call(row, value));
    return { columns: this.columns, columnTypes: this.columnTypes, rows, rowsAffected: this.rowsAffected, lastInsertRowid: this.lastInsertRowid === undefined ? null : `${this.lastInsertRowid}` };
  }
}

const rowValues = Symbol('values');
const rowPrototypes: object[] = [];

/**
 * Rows as @libsql/client makes them, which Drizzle reads both ways: values by index (not enumerable, with a
 * length) and by column name (enumerable). The indexes live on a prototype shared by rows of that width.
 */
function rowOf(names: (string | null)[], values: unknown[]): Row {
  let proto = rowPrototypes[values.length];
  if (!proto) {
    proto = {};
    for (let i = 0; i < values.length; i++) Object.defineProperty(proto, i, { get: function (this: { [rowValues]: unknown[] }) { return this[rowValues][i]; } });
    Object.defineProperty(proto, 'length', { value: values.length });
    rowPrototypes[values.length] = proto;
  }
  const row = Object.create(proto) as Record<string, unknown>;
  Object.defineProperty(row, rowValues, { value: values });
  for (let i = 0; i < values.length; i++) {
    const name = names[i];
    if (name === null) continue;
    if (name === '__proto__') Object.defineProperty(row, name, { value: values[i], enumerable: true, configurable: true, writable: true });
    else row[name] = values[i];
  }
  return row as unknown as Row;
}

/** Which name each column goes by in a row: a repeated name keeps its first column, as in @libsql/client. */
function namesOf(columns: string[]): (string | null)[] {
  const seen = new Set<string>();
  return columns.map((name) => (seen.has(name) || /^(\d+|length)$/.test(name) ? null : (seen.add(name), name)));
}

/** A result as plain data, to send to another process (structured clone keeps bigints, not row prototypes). */
export interface PlainResult {
  columns: string[];
  columnTypes: string[];
  rows: unknown[][];
  rowsAffected: number;
  lastInsertRowid: bigint | undefined;
}

export function plainResult(r: ResultSet): PlainResult {
  return { columns: r.columns, columnTypes: r.columnTypes, rows: r.rows.map((row) => Array.prototype.slice.call(row)), rowsAffected: r.rowsAffected, lastInsertRowid: r.lastInsertRowid };
}

export function resultOf(p: PlainResult): ResultSet {
  const names = namesOf(p.columns);
  return new Result(p.columns, p.columnTypes, p.rows.map((values) => rowOf(names, values)), p.rowsAffected, p.lastInsertRowid);
}

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

/** Integers as numbers, refusing those a number cannot hold (as @libsql/client's intMode "number"). */
function fromSql(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value > maxSafe || value < -maxSafe) throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    return Number(value);
  }
  if (value instanceof Uint8Array) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  return value;
}

function bindings(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (args === undefined) return [];
  if (Array.isArray(args)) return args.map(toSql);
  const named: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) named[/^[@$:]/.test(key) ? key.slice(1) : key] = toSql(value);
  return named;
}

function toSql(value: InValue): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}
