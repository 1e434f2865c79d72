/**
 * kill -9 during concurrent ingest, with the cluster (two workers sending their writes to the primary, which
 * group-commits them): every submission answered 201 is in the file afterwards, each stored row is counted
 * exactly once in the kept sums, and resending everything after a restart stores what was lost and replays
 * the rest (200), never a conflict or a second row. `npm run bench:reliability` runs the same scenario N times.
 */
import { afterAll, expect, test } from 'vitest';
import { killDuringIngest } from './support/kill-scenario';
import { killServers } from './support/server-process';

afterAll(killServers);

test('kill -9 of every server process during concurrent ingest loses no acknowledged submission and counts none twice', { timeout: 180_000 }, async () => {
  const run = await killDuringIngest({ seed: 99 });
  expect(run.acknowledged).toBeGreaterThanOrEqual(150);
  expect(run).toMatchObject({
    unexpected: [],
    lost: 0,
    uncountedAfterKill: 0,
    miscountedAfterKill: 0,
    wrongResends: 0,
    storedAtEnd: run.sent,
    duplicates: 0,
    missingAtEnd: 0,
    integrity: 'ok',
  });
});
