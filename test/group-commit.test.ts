/**
 * Group commit on the Node driver (src/sqlite/): concurrent write batches share one transaction and one
 * COMMIT, yet each stays all-or-nothing on its own, fails alone, and is answered only once durable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InStatement, LibsqlBatchError, LibsqlError, type ResultSet } from '@libsql/client';
import { and, eq, sum } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { indicatorAggregates, submissions } from '../db/schema';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { SqliteFileClient } from '../src/sqlite/client';
import { GroupCommit, type SyncConnection } from '../src/sqlite/group-commit';
import { apiAs, freshApp, people } from './support/app';

const dirs: string[] = [];
const clients: SqliteFileClient[] = [];

function freshClient() {
  const dir = mkdtempSync(join(tmpdir(), 'moc-group-'));
  dirs.push(dir);
  const client = new SqliteFileClient(join(dir, 'db.sqlite'), 5000);
  clients.push(client);
  client.run('PRAGMA journal_mode = WAL');
  client.run('CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  return client;
}

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The connection as group commit sees it, logging each statement; `failOn` makes chosen statements fail as SQLite would. */
function logged(client: SqliteFileClient, failOn: (sql: string) => 'statement' | 'transaction' | undefined = () => undefined) {
  const log: string[] = [];
  const connection: SyncConnection = {
    get inTransaction() {
      return client.inTransaction;
    },
    run(statement: InStatement): ResultSet {
      const sql = typeof statement === 'string' ? statement : statement.sql;
      log.push(sql);
      const failure = failOn(sql);
      // SQLite ends the whole transaction on some errors (disk full, I/O): roll back as it would.
      if (failure === 'transaction') client.run('ROLLBACK');
      if (failure) throw new LibsqlError(`injected failure of ${sql}`, 'SQLITE_IOERR');
      return client.run(statement);
    },
  };
  return { log, connection };
}

const insert = (id: string, n = 1): InStatement => ({ sql: 'INSERT INTO t (id, n) VALUES (?, ?)', args: [id, n] });
const stored = (client: SqliteFileClient) => client.run('SELECT id FROM t ORDER BY id').rows.map((r) => r.id);

describe('group commit', () => {
  it('commits batches sent in the same turn of the event loop in one transaction, each answered after the COMMIT', async () => {
    const client = freshClient();
    const { log, connection } = logged(client);
    const group = new GroupCommit(connection);
    const answered: number[] = [];
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => group.commit([insert(id), insert(`${id}2`)]).then(() => answered.push(log.length))));
    expect(log.filter((s) => s === 'COMMIT')).toHaveLength(1);
    expect(log.filter((s) => s === 'BEGIN IMMEDIATE')).toHaveLength(1);
    // Every answer came once the log was complete, i.e. after the COMMIT.
    expect(answered).toEqual([log.length, log.length, log.length, log.length]);
    expect(stored(client)).toEqual(['a', 'a2', 'b', 'b2', 'c', 'c2', 'd', 'd2']);
  });

  it('rolls back and fails only the batch whose statement failed, reporting which statement', async () => {
    const client = freshClient();
    client.run({ sql: 'INSERT INTO t (id, n) VALUES (?, ?)', args: ['taken', 0] });
    const group = new GroupCommit(client);
    const results = await Promise.allSettled([
      group.commit([insert('a')]),
      // Its first insert succeeds, its second conflicts: neither may remain.
      group.commit([insert('b'), insert('taken')]),
      group.commit([insert('c')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (results[1] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(LibsqlBatchError);
    expect(error.statementIndex).toBe(1);
    expect(error.code).toBe('SQLITE_CONSTRAINT');
    expect(error.message).toBe('SQLITE_CONSTRAINT: UNIQUE constraint failed: t.id');
    expect(stored(client)).toEqual(['a', 'c', 'taken']);
  });

  it('runs the others again when a failure ends the whole transaction', async () => {
    const client = freshClient();
    let failures = 0;
    const { log, connection } = logged(client, (sql) => (sql.includes('INSERT') && log.filter((s) => s.includes('INSERT')).length === 3 && failures++ === 0 ? 'transaction' : undefined));
    const group = new GroupCommit(connection);
    const results = await Promise.allSettled([group.commit([insert('a')]), group.commit([insert('b')]), group.commit([insert('c')]), group.commit([insert('d')])]);
    // The third batch's insert ended the transaction: it fails; a, b (rolled back with it) and d are stored.
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(stored(client)).toEqual(['a', 'b', 'd']);
    expect(log.filter((s) => s === 'COMMIT')).toHaveLength(1);
  });

  it('fails every batch of the group, and stores none, when the COMMIT fails', async () => {
    const client = freshClient();
    const { connection } = logged(client, (sql) => (sql === 'COMMIT' ? 'statement' : undefined));
    const group = new GroupCommit(connection);
    const results = await Promise.allSettled([group.commit([insert('a')]), group.commit([insert('b')])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(client.inTransaction).toBe(false);
    expect(stored(client)).toEqual([]);
  });

  it('commits a batch sent after a group has gone in a group of its own', async () => {
    const client = freshClient();
    const { log, connection } = logged(client);
    const group = new GroupCommit(connection);
    const first = group.commit([insert('a')]);
    await first;
    await group.commit([insert('b')]);
    expect(log.filter((s) => s === 'COMMIT')).toHaveLength(2);
    expect(stored(client)).toEqual(['a', 'b']);
  });
});

describe('the Node client', () => {
  it('gives rows by column name (enumerable) and by index, a repeated name keeping its first column', async () => {
    const client = freshClient();
    await client.execute({ sql: 'INSERT INTO t (id, n) VALUES (?, ?)', args: ['a', 7] });
    const { rows, columns } = await client.execute('SELECT id, n, n * 2 AS id FROM t');
    expect(columns).toEqual(['id', 'n', 'id']);
    const row = rows[0];
    expect(Object.keys(row)).toEqual(['id', 'n']);
    expect({ ...row }).toEqual({ id: 'a', n: 7 });
    expect(Array.prototype.slice.call(row)).toEqual(['a', 7, 14]);
    expect(row.length).toBe(3);
  });

  it('reads a batch of SELECTs at once, even while another connection holds the write lock', async () => {
    const client = freshClient();
    await client.batch([insert('a')]);
    const path = join(dirs[0], 'db.sqlite');
    const writer = new SqliteFileClient(path, 5000);
    clients.push(writer);
    writer.run('BEGIN IMMEDIATE');
    writer.run(insert('uncommitted'));
    const [rows] = await client.batch(['SELECT id FROM t']);
    expect(rows.rows.map((r) => r.id)).toEqual(['a']);
    writer.run('ROLLBACK');
  });

  it('reports a failing statement of a read batch with its index', async () => {
    const client = freshClient();
    await expect(client.batch(['SELECT 1', 'SELECT nothing FROM t'])).rejects.toMatchObject({ statementIndex: 1, code: 'SQLITE_ERROR' });
    expect(client.inTransaction).toBe(false);
  });
});

describe('submissions committed together', () => {
  it('answers each request for itself: the first of an id stored, the same content replayed, other content a conflict', async () => {
    const t = await freshApp();
    try {
      const lan = await apiAs(t.app, people.evaluatorLan);
      const rng = seededRng(11);
      const body = (id: string) => ({ id, round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.6 }) });
      const shared = body(crypto.randomUUID());
      const rival = { ...body(shared.id) };
      const others = [body(crypto.randomUUID()), body(crypto.randomUUID())];
      // All sent at once, so that their inserts reach the database in the same turn and share one commit.
      const sent = [shared, shared, rival, shared, ...others];
      const statuses = (await Promise.all(sent.map((b) => lan.post('/api/v1/submissions', b)))).map((r) => r.status);
      // Whichever of the four with that id is stored first wins: the same content replays, other content conflicts.
      const [first, second, rivalStatus, third] = statuses;
      if (rivalStatus === 201) expect([first, second, third]).toEqual([409, 409, 409]);
      else {
        expect(rivalStatus).toBe(409);
        expect([first, second, third].sort()).toEqual([200, 200, 201]);
      }
      expect(statuses.slice(4)).toEqual([201, 201]);
      // Each stored submission counted once in the kept sums.
      const rows = await t.db.select({ id: submissions.id, revision: submissions.revision }).from(submissions);
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => r.revision === 1)).toBe(true);
      const [received] = await t.db
        .select({ n: sum(indicatorAggregates.n) })
        .from(indicatorAggregates)
        .where(and(eq(indicatorAggregates.indicatorId, 'received'), eq(indicatorAggregates.dimension, 'all')));
      expect(Number(received.n)).toBe(3);
    } finally {
      t.remove();
    }
  });
});
