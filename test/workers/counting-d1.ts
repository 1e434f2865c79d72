/**
 * A D1 binding that counts the statements a request sends, as D1 counts them against its 1,000 queries per
 * Worker invocation (paid plan): one per statement run alone, one per statement of a batch. Local D1 does not
 * enforce that limit, so a test reads the count instead.
 * Example: `const d1 = countingD1(env.DB); await worker.fetch(req, { ...env, DB: d1 }, ctx); d1.statements`.
 */
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
