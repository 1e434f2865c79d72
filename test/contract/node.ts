/**
 * The contract harness on Node: createApp over a fresh migrated SQLite file (test/support/app.ts), with the
 * settings the Worker takes from its bindings in vitest.workers.config.ts, so both runtimes answer alike.
 * Resolved as `#contract-runtime` by vitest.config.ts.
 */
import { appConfigFrom, parseEnv } from '../../src/config';
import { freshApp, testConfig } from '../support/app';
import type { SeededRuntime } from './runtime';

export async function seededRuntime(): Promise<SeededRuntime> {
  // As src/worker.ts builds its config; only the scrypt cost stays the tests' (the Worker's stored hashes are cheap too).
  const config = { ...appConfigFrom(parseEnv({ SECURE_COOKIES: 'true', SIGNIN_FAILURES_PER_ACCOUNT: '2' }), 'workers'), scrypt: testConfig.scrypt };
  const { app, db } = await freshApp({ now: new Date(), config });
  return { name: 'node', db, fetch: async (path, init) => app.request(path, init) };
}
