/**
 * The queries of every request (session, scope, round, submission, commune), prepared once per database:
 * Drizzle then builds their SQL once instead of on every call (30–50 µs each; building and mapping queries
 * were a fifth of an ingest request's CPU), on libSQL and D1 alike.
 * Example: `const byId = preparedFor((db) => db.select().from(t).where(eq(t.id, sql.placeholder('id'))).prepare());`
 * then `await byId(db).all({ id })`.
 */
import type { Db } from '../db';

export function preparedFor<P>(build: (db: Db) => P): (db: Db) => P {
  const kept = new WeakMap<Db, P>();
  return (db) => {
    let prepared = kept.get(db);
    if (!prepared) kept.set(db, (prepared = build(db)));
    return prepared;
  };
}
