/**
 * A D1 binding that counts the statements a request sends, as D1 counts them against its 1,000 queries per
 * Worker invocation (paid plan): one per statement run alone, one per statement of a batch. Local D1 does not
 * enforce that limit, so a test reads the count instead.
 * Example: `const d1 = countingD1(env.DB); await worker.fetch(req, { ...env, DB: d1 }, ctx); d1.statements`.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import worker, { type WorkerEnv } from '../../src/worker';

class CountingStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    private readonly counter: { statements: number },
  ) {}
  bind(...values: unknown[]) {
    return new CountingStatement(this.inner.bind(...values), this.counter);
  }
  first(column?: string) {
    this.counter.statements++;
    return column === undefined ? this.inner.first() : this.inner.first(column);
  }
  run() {
    this.counter.statements++;
    return this.inner.run();
  }
  all() {
    this.counter.statements++;
    return this.inner.all();
  }
  raw(options?: { columnNames?: boolean }) {
    this.counter.statements++;
    return options?.columnNames ? this.inner.raw({ columnNames: true }) : this.inner.raw();
  }
}

export function countingD1(db: D1Database) {
  const counter = { statements: 0 };
  const binding = {
    prepare: (query: string) => new CountingStatement(db.prepare(query), counter),
    batch: (statements: CountingStatement[]) => {
      counter.statements += statements.length;
      return db.batch(statements.map((s) => s.inner));
    },
    exec: (query: string) => {
      counter.statements++;
      return db.exec(query);
    },
    get statements() {
      return counter.statements;
    },
    reset() {
      counter.statements = 0;
    },
  };
  return binding as unknown as D1Database & { readonly statements: number; reset(): void };
}

/**
 * The Worker's fetch over a counting D1 binding: each request's statements, its body read to the end first (an
 * export reads D1 while it streams). One binding for all the requests, so the Worker builds its app once
 * (src/worker.ts); send one request at a time. Example: `const send = countingWorker(); (await send(req)).statements`.
 */
export function countingWorker() {
  const d1 = countingD1(env.DB);
  const workerEnv = { ...env, DB: d1 } as unknown as WorkerEnv;
  return async (request: Request) => {
    d1.reset();
    const ctx = createExecutionContext();
    const streamed = await worker.fetch(request as Parameters<typeof worker.fetch>[0], workerEnv, ctx);
    const body = streamed.body ? await streamed.arrayBuffer() : null;
    await waitOnExecutionContext(ctx);
    return { res: new Response(body, streamed), statements: d1.statements };
  };
}
