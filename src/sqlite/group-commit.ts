/**
 * Group commit: the write batches that reach the database in one turn of the event loop are committed in one
 * transaction, so with one fsync (synchronous=FULL) for all of them instead of one each. Each batch runs in
 * its own savepoint: a batch that fails is rolled back alone and fails alone, and every caller's promise
 * settles only after the COMMIT that made its own batch durable. Node only (src/db-node.ts); on D1 each
 * batch stays its own transaction.
 */
import type { InStatement, ResultSet } from '@libsql/client';
import { atStatement } from './errors';

/** What group commit needs of a connection: statements that run synchronously (libSQL's do) and its state. */
export interface SyncConnection {
  /** Runs one statement; throws a LibsqlError when it fails. */
  run(statement: InStatement): ResultSet;
  readonly inTransaction: boolean;
}

interface Member {
  statements: InStatement[];
  resolve(results: ResultSet[]): void;
  reject(error: unknown): void;
}

export class GroupCommit {
  #queue: Member[] = [];
  #scheduled = false;

  constructor(private readonly connection: SyncConnection) {}

  /** Runs the statements all-or-nothing; resolves with their results once they are durable. */
  commit(statements: InStatement[]): Promise<ResultSet[]> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ statements, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      // After this turn of the event loop, so that every request that reached its insert in it comes along.
      setImmediate(() => {
        this.#scheduled = false;
        this.flush();
      });
    });
  }

  /** Commits everything queued now (normally called by `commit` itself). */
  flush(): void {
    let group = this.#queue;
    this.#queue = [];
    while (group.length > 0) group = this.#commitGroup(group);
  }

  /** Settles every member of the group, except those to run again (returned) after SQLite ended the transaction. */
  #commitGroup(group: Member[]): Member[] {
    const c = this.connection;
    try {
      // IMMEDIATE takes the write lock first: a deferred transaction that began by reading could not upgrade
      // once another process committed, and would fail without waiting.
      c.run('BEGIN IMMEDIATE');
    } catch (error) {
      for (const m of group) m.reject(error);
      return [];
    }
    const stored: { member: Member; results: ResultSet[] }[] = [];
    for (let i = 0; i < group.length; i++) {
      const member = group[i];
      let step = -1;
      try {
        c.run('SAVEPOINT batch');
        const results: ResultSet[] = [];
        for (step = 0; step < member.statements.length; step++) results.push(c.run(member.statements[step]));
        step = -1;
        c.run('RELEASE batch');
        stored.push({ member, results });
      } catch (error) {
        member.reject(step >= 0 ? atStatement(error, step) : error);
        if (!c.inTransaction) {
          // SQLite rolled the whole transaction back (disk full, I/O error): the others run again without it.
          return [...stored.map((s) => s.member), ...group.slice(i + 1)];
        }
        try {
          c.run('ROLLBACK TO batch');
          c.run('RELEASE batch');
        } catch (undo) {
          this.#abandon(stored, group.slice(i + 1), undo);
          return [];
        }
      }
    }
    try {
      c.run('COMMIT');
    } catch (error) {
      this.#abandon(stored, [], error);
      return [];
    }
    for (const s of stored) s.member.resolve(s.results);
    return [];
  }

  /** Rolls back what is left of the transaction; nothing of it is durable, so every waiting member fails. */
  #abandon(stored: { member: Member }[], rest: Member[], error: unknown) {
    try {
      if (this.connection.inTransaction) this.connection.run('ROLLBACK');
    } catch {
      // The connection rolls back by itself when the transaction cannot go on.
    }
    for (const s of stored) s.member.reject(error);
    for (const m of rest) m.reject(error);
  }
}
