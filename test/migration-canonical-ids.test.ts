/**
 * Migration 0004 lower-cases submission ids stored before ids were canonical, on a database migrated to 0003
 * and filled the old way: case twins never make it fail, and no row is lost.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { asc, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredCounts, submissions } from '../db/schema';
import { migrationsFolder, openNodeDb } from '../src/db-node';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';
import { insertOld, migrationsUpTo } from './support/migrations';

const dir = mkdtempSync(join(tmpdir(), 'moc-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const row = (id: string, receivedAt: string) => ({
  id,
  roundId: 'hn-phu-chau-midterm',
  communeId: 1,
  instrumentSlug: 'commune-checklist',
  instrumentVersion: 1,
  evaluatorId: 1,
  answers: '{}',
  contentHash: id.toLowerCase(),
  receivedAt,
  revision: 1,
});

const figure = (figureName: string, submissionId: string) => ({
  roundId: 'hn-phu-chau-midterm',
  communeId: 1,
  figure: figureName,
  value: 7,
  source: 'commune-checklist',
  asOf: '2026-11-01',
  submissionId,
  updatedAt: '2026-11-01T00:00:00.000Z',
});

const upper = 'AAAAAAAA-0000-4000-8000-000000000001';
const twinEarlier = 'BbBbBbBb-0000-4000-8000-00000000000b';
const twinLater = 'BBBBBBBB-0000-4000-8000-00000000000B';
const lowerTaken = 'cccccccc-0000-4000-8000-00000000000c';
const upperOfTaken = lowerTaken.toUpperCase();
const lower = 'dddddddd-0000-4000-8000-00000000000d';

describe('migration 0004: canonical submission ids', () => {
  let ids: string[];
  let figures: { figure: string; submissionId: string | null }[];

  beforeAll(async () => {
    const path = join(dir, 'old.sqlite');
    const client = createClient({ url: `file:${path}` });
    const old = drizzle(client);
    await migrate(old, { migrationsFolder: migrationsUpTo(dir, '0003_aggregates_commune_index') });
    await insertOld(client, submissions, [
      row(upper, '2026-11-01T01:00:00.000Z'),
      row(twinEarlier, '2026-11-01T02:00:00.000Z'),
      row(twinLater, '2026-11-01T03:00:00.000Z'),
      row(lowerTaken, '2026-11-01T04:00:00.000Z'),
      row(upperOfTaken, '2026-11-01T05:00:00.000Z'),
      row(lower, '2026-11-01T06:00:00.000Z'),
    ]);
    await old.insert(registeredCounts).values([figure('csc_total', upper), figure('csc_assisted', twinLater), figure('children_total', upperOfTaken)]);
    client.close();

    // What start-up does: apply whatever is new.
    const { db, close } = await openNodeDb(path);
    ids = (await db.select({ id: submissions.id }).from(submissions).orderBy(asc(submissions.receivedAt))).map((r) => r.id);
    figures = await db.select({ figure: registeredCounts.figure, submissionId: registeredCounts.submissionId }).from(registeredCounts).orderBy(asc(registeredCounts.figure));
    close();
  });

  it('lower-cases an id stored in upper case, and the figures its checklist brought follow it', () => {
    expect(ids[0]).toBe(upper.toLowerCase());
    expect(figures).toContainEqual({ figure: 'csc_total', submissionId: upper.toLowerCase() });
  });

  it('keeps case twins as stored rather than fail or lose a row: the earliest of them takes the lower-case id', () => {
    expect(ids).toHaveLength(6);
    expect(ids[1]).toBe(twinEarlier.toLowerCase());
    expect(ids[2]).toBe(twinLater);
    expect(figures).toContainEqual({ figure: 'csc_assisted', submissionId: twinLater });
  });

  it('leaves an upper-case twin of an id already stored lower case, and lower-case ids, as they are', () => {
    expect(ids[3]).toBe(lowerTaken);
    expect(ids[4]).toBe(upperOfTaken);
    expect(figures).toContainEqual({ figure: 'children_total', submissionId: upperOfTaken });
    expect(ids[5]).toBe(lower);
  });
});

describe('a submission stored with its id in upper case before the migration', () => {
  it('is a replay when resent in either case afterwards, and its page opens under either case', async () => {
    const t = await freshApp();
    try {
      const lan = await apiAs(t.app, people.evaluatorLan);
      const id = crypto.randomUUID().toUpperCase();
      const body = { id, round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(seededRng(40), { knows111Rate: 0.5 }) };
      expect((await lan.post('/api/v1/submissions', body)).status).toBe(201);
      // How it was stored before ids were canonical.
      await t.db.update(submissions).set({ id }).where(eq(submissions.id, id.toLowerCase()));
      const migration = readFileSync(join(migrationsFolder, '0004_canonical_submission_ids.sql'), 'utf8');
      for (const statement of migration.split('--> statement-breakpoint')) await t.db.run(sql.raw(statement));

      const again = await lan.post('/api/v1/submissions', body);
      expect(again.status).toBe(200);
      expect((await again.json()).id).toBe(id.toLowerCase());
      expect((await lan.post('/api/v1/submissions', { ...body, id: id.toLowerCase() })).status).toBe(200);
      expect(await t.db.select({ id: submissions.id }).from(submissions)).toEqual([{ id: id.toLowerCase() }]);
      const ha = await webAs(t.app, people.managerHa);
      expect((await ha.get(`/submissions/${id}`)).status).toBe(200);
      expect((await ha.get(`/submissions/${id.toLowerCase()}`)).status).toBe(200);
    } finally {
      t.remove();
    }
  });
});
