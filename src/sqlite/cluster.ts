/**
 * One writer under WEB_CONCURRENCY > 1: the cluster workers read the SQLite file on their own connections but
 * hand their write batches to the primary, which group-commits those of every worker together. Two writing
 * processes would take turns at SQLite's write lock, and libSQL waits for it by sleeping the event loop
 * (1, 2, 5, 10 … ms), so a second process added no throughput. The primary answers a batch only after the
 * COMMIT that made it durable; if the primary dies, the workers exit with it (cluster), so nothing
 * unanswered is ever reported stored. Needs `cluster.setupPrimary({ serialization: 'advanced' })` (bigints).
 */
import cluster, { type Worker } from 'node:cluster';
import { type InStatement, LibsqlBatchError, LibsqlError } from '@libsql/client';
import { type CommitBatch, type PlainResult, plainResult, resultOf, type SqliteFileClient } from './client';
import { unprefixed } from './errors';

const request = 'moc:batches';
const reply = 'moc:batch-results';

/** The batches a worker sent in one turn of its event loop (one message, one pipe write, for all of them). */
interface BatchRequests {
  type: typeof request;
  batches: { id: number; statements: InStatement[] }[];
}

interface PlainError {
  message: string;
  code?: string;
  extendedCode?: string;
  rawCode?: number;
  statementIndex?: number;
}

interface BatchReply {
  id: number;
  results?: PlainResult[];
  error?: PlainError;
}

/** The answers to one worker that became ready in one turn (normally: those of one group commit). */
interface BatchReplies {
  type: typeof reply;
  replies: BatchReply[];
}

/** Collects what is sent in one turn of the event loop and sends it as one message after it. */
function perTurn<T>(send: (items: T[]) => void): (item: T) => void {
  let pending: T[] = [];
  return (item) => {
    pending.push(item);
    if (pending.length > 1) return;
    setImmediate(() => {
      const items = pending;
      pending = [];
      send(items);
    });
  };
}

/** In the primary: commits the batches that workers send, on this client, and answers each when durable. */
export function commitWorkerBatches(client: SqliteFileClient) {
  const outboxes = new WeakMap<Worker, (r: BatchReply) => void>();
  const outboxOf = (worker: Worker) => {
    let outbox = outboxes.get(worker);
    if (!outbox) {
      // A worker that died meanwhile gets no answer; its client sees a lost connection, never a 201.
      outbox = perTurn((replies) => worker.isConnected() && worker.send({ type: reply, replies } satisfies BatchReplies, undefined, () => {}));
      outboxes.set(worker, outbox);
    }
    return outbox;
  };
  cluster.on('message', (worker, message: BatchRequests) => {
    if (message?.type !== request) return;
    const answer = outboxOf(worker);
    for (const { id, statements } of message.batches) {
      client.batch(statements).then(
        (results) => answer({ id, results: results.map(plainResult) }),
        (error: unknown) => answer({ id, error: plainError(error) }),
      );
    }
  });
}

/** In a worker: a CommitBatch that asks the primary. */
export function commitViaPrimary(): CommitBatch {
  const waiting = new Map<number, { resolve: (r: PlainResult[]) => void; reject: (e: unknown) => void }>();
  let next = 0;
  process.on('message', (message: BatchReplies) => {
    if (message?.type !== reply) return;
    for (const r of message.replies) {
      const w = waiting.get(r.id);
      if (!w) continue;
      waiting.delete(r.id);
      if (r.error) w.reject(errorOf(r.error));
      else w.resolve(r.results ?? []);
    }
  });
  process.on('disconnect', () => {
    for (const w of waiting.values()) w.reject(new LibsqlError('the primary process is gone', 'PRIMARY_GONE'));
    waiting.clear();
  });
  const send = perTurn<{ id: number; statements: InStatement[] }>((batches) =>
    process.send!({ type: request, batches } satisfies BatchRequests, undefined, undefined, (error) => {
      if (!error) return;
      for (const b of batches) {
        waiting.get(b.id)?.reject(error);
        waiting.delete(b.id);
      }
    }),
  );
  return (statements) =>
    new Promise<PlainResult[]>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      send({ id, statements });
    }).then((results) => results.map(resultOf));
}

function plainError(error: unknown): PlainError {
  if (error instanceof LibsqlError) {
    const statementIndex = error instanceof LibsqlBatchError ? error.statementIndex : undefined;
    return { message: unprefixed(error), code: error.code, extendedCode: error.extendedCode, rawCode: error.rawCode, statementIndex };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

function errorOf(e: PlainError): Error {
  if (e.code === undefined) return new Error(e.message);
  if (e.statementIndex !== undefined) return new LibsqlBatchError(e.message, e.statementIndex, e.code, e.extendedCode, e.rawCode);
  return new LibsqlError(e.message, e.code, e.extendedCode, e.rawCode);
}
