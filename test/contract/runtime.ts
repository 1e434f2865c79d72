/** What each runtime gives the contract harness: a seeded database and the app's fetch over it. */
import type { Db } from '../../src/db';

export interface SeededRuntime {
  name: 'node' | 'workerd';
  /** The database the app reads, migrated and seeded through test/support/seeded.ts (`seedForTests`). */
  db: Db;
  /** A request to the app as a client sends it: `fetch('/api/v1/models', { headers })`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}
