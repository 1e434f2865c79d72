/**
 * Migration 0013 (review states, the audit log) on a database an earlier release filled: stored submissions
 * become `received` at content revision 1, their kept sums the `received` basis (nothing approved yet), and
 * the audit log starts empty and append-only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorAggregates, submissions } from '../db/schema';
import { openNodeDb } from '../src/db-node';
import { insertOld, migrationsUpTo } from './support/migrations';

const dir = mkdtempSync(join(tmpdir(), 'moc-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stored: { reviewState: string; contentRevision: number; revision: number }[];
let kept: { basis: string; numerator: number; denominator: number }[];
let refused: string[];

beforeAll(async () => {
  const path = join(dir, 'old.sqlite');
  const client = createClient({ url: `file:${path}` });
  await migrate(drizzle(client), { migrationsFolder: migrationsUpTo(dir, '0012_user_programmes') });
  await insertOld(client, submissions, [
    { id: '00000000-0000-4000-8000-000000000001', roundId: 'r', communeId: 1, instrumentSlug: 'household', instrumentVersion: 1, evaluatorId: 1, answers: '{}', contentHash: 'h', receivedAt: '2026-11-01T00:00:00.000Z', revision: 1 },
  ]);
  await insertOld(client, indicatorAggregates, [
    { roundId: 'r', dimension: 'all', indicatorId: 'caregivers-know-111', indicatorVersion: 1, category: '', communeId: 1, numerator: 1, denominator: 1, n: 1, sumSquares: 1 },
  ]);
  client.close();

  const { db, close } = await openNodeDb(path);
  stored = await db.select({ reviewState: submissions.reviewState, contentRevision: submissions.contentRevision, revision: submissions.revision }).from(submissions);
  kept = await db.select({ basis: indicatorAggregates.basis, numerator: indicatorAggregates.numerator, denominator: indicatorAggregates.denominator }).from(indicatorAggregates);
  await db.run("INSERT INTO audit_log (at, action) VALUES ('2026-12-01T00:00:00.000Z', 'signin')");
  refused = [];
  for (const statement of ["UPDATE audit_log SET action = 'x'", 'DELETE FROM audit_log']) {
    await db.run(statement).catch((error: Error) => refused.push(String(error.cause ?? error.message)));
  }
  close();
});

describe('migration 0013: review states', () => {
  it('makes stored submissions received, at content revision 1, still counted', () => {
    expect(stored).toEqual([{ reviewState: 'received', contentRevision: 1, revision: 1 }]);
  });

  it('keeps their sums under the received basis only', () => {
    expect(kept).toEqual([{ basis: 'received', numerator: 1, denominator: 1 }]);
  });

  it('creates an audit log that refuses UPDATE and DELETE', () => {
    expect(refused).toHaveLength(2);
    for (const message of refused) expect(message).toMatch(/append-only/);
  });
});
