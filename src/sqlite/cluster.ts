/**
 * One writer under WEB_CONCURRENCY > 1: the cluster workers read the SQLite file on their own connections but
 * hand their write batches to the primary, which group-commits those of every worker together. Two writing
 * processes would take turns at SQLite's write lock, and libSQL waits for it by sleeping the event loop
 * (1, 2, 5, 10 … ms), so a second process added no throughput. The primary answers a batch only after the
 * COMMIT that made it durable; if the primary dies, the workers exit with it (cluster), so nothing
 * unanswered is ever reported stored. Needs `cluster.setupPrimary({ serialization: 'advanced' })` (bigints).
 */
import cluster from 'node:cluster';
import { type InStatement, LibsqlBatchError, LibsqlError } from '@libsql/client';
import { type CommitBatch, type PlainResult, plainResult, resultOf, type SqliteFileClient } from './client';
import { unprefixed } from './errors';

const request = 'moc:batch';
const reply = 'moc:batch-result';

interface BatchRequest {
  type: typeof request;
  id: number;
  statements: InStatement[];
}

interface PlainError {
  message: string;
  code?: string;
  extendedCode?: string;
  rawCode?: number;
  statementIndex?: number;
}

interface BatchReply {
  type: typeof reply;
  id: number;
  results?: PlainResult[];
  error?: PlainError;
}

/** In the primary: commits the batches that workers send, on this client, and answers each when durable. */
export function commitWorkerBatches(client: SqliteFileClient) {
  cluster.on('message', (worker, message: BatchRequest) => {
    if (message?.type !== request) return;
    const answer = (body: Omit<BatchReply, 'type' | 'id'>) => {
      // A worker that died meanwhile gets no answer; its client sees a lost connection, never a 201.
      if (worker.isConnected()) worker.send({ type: reply, id: message.id, ...body }, undefined, () => {});
    };
    client.batch(message.statements).then(
      (results) => answer({ results: results.map(plainResult) }),
      (error: unknown) => answer({ error: plainError(error) }),
    );
  });
}

/** In a worker: a CommitBatch that asks the primary. */
export function commitViaPrimary(): CommitBatch {
  const waiting = new Map<number, { resolve: (r: PlainResult[]) => void; reject: (e: unknown) => void }>();
  let next = 0;
  process.on('message', (message: BatchReply) => {
    if (message?.type !== reply) return;
    const w = waiting.get(message.id);
    if (!w) return;
    waiting.delete(message.id);
    if (message.error) w.reject(errorOf(message.error));
    else w.resolve(message.results ?? []);
  });
  process.on('disconnect', () => {
    for (const w of waiting.values()) w.reject(new LibsqlError('the primary process is gone', 'PRIMARY_GONE'));
    waiting.clear();
  });
  return (statements) =>
    new Promise<PlainResult[]>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      process.send!({ type: request, id, statements } satisfies BatchRequest, undefined, undefined, (error) => {
        if (!error) return;
        waiting.delete(id);
        reject(error);
      });
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
