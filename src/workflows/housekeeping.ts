/**
 * The background jobs, one pass of them: purge expired sessions and forgotten sign-in records, rebuild the kept
 * sums after an indicator change, and count a slice of the uncounted submissions. The Workers cron trigger runs
 * one pass per invocation (src/worker.ts); Node runs passes on a timer until nothing remains (src/housekeeping-node.ts).
 */
import type { Db } from '../db';
import { deleteExpiredSessions } from '../queries/sessions';
import { deleteForgottenSignInFailures } from '../queries/sign-in-limits';
import { countUncounted, resetIfCatalogueChanged } from './aggregates';

export interface HousekeepingReport {
  sessionsRemoved: number;
  signInRecordsRemoved: number;
  /** The indicator definitions had changed: the kept sums were forgotten and are being counted again. */
  rebuilt: boolean;
  counted: number;
  /** Uncounted submissions may be left: run another pass (the next cron invocation does). */
  moreRemains: boolean;
}

/**
 * A pass spends at most `maxStatements` D1 statements on counting (a household costs 2, a checklist 3 with its
 * figures), plus about 8 for the rest: half of D1's 1,000 queries per Workers invocation, a few seconds of CPU.
 */
export const housekeepingSlice = { batchSize: 50, maxStatements: 500 };

/** One pass at `now`. Example: `await housekeeping({ db }, new Date())` → `{ counted: 166, moreRemains: true, … }`. */
export async function housekeeping(deps: { db: Db }, now: Date, slice = housekeepingSlice): Promise<HousekeepingReport> {
  const { db } = deps;
  const sessionsRemoved = await deleteExpiredSessions(db, now);
  const signInRecordsRemoved = await deleteForgottenSignInFailures(db, now);
  const rebuilt = await resetIfCatalogueChanged(db);
  const { counted, moreRemains } = await countUncounted(db, slice);
  return { sessionsRemoved, signInRecordsRemoved, rebuilt, counted, moreRemains };
}
