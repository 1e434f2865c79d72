/**
 * Migration 0007 corrects the place codes seeded before they were checked against the GSO list, in place: the
 * ids that models and submissions point to stay, household codes follow their commune's code, and a unit that
 * merely shares an old code (Lý Nhân is 353) is left alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { places, submissions } from '../db/schema';
import { openNodeDb } from '../src/db-node';
import { insertOld, migrationsUpTo } from './support/migrations';

const dir = mkdtempSync(join(tmpdir(), 'moc-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const from = '2008-08-01';
let after: { id: number; code: string; nameVi: string; parentId: number | null }[];
let householdCodes: (string | null)[];

beforeAll(async () => {
  const path = join(dir, 'old.sqlite');
  const client = createClient({ url: `file:${path}` });
  const old = drizzle(client);
  await migrate(old, { migrationsFolder: migrationsUpTo(dir, '0006_targets') });
  // As the seed of that time wrote them (ids fixed to read the result).
  const unit = (id: number, code: string, level: 'province' | 'district' | 'commune', nameVi: string, parentId: number | null) => ({ id, code, level, nameVi, nameEn: nameVi, parentId, validFrom: from, validTo: '2025-06-30' });
  await old.insert(places).values([
    unit(1, '15', 'province', 'Yên Bái', null),
    unit(2, '35', 'province', 'Hà Nam', null),
    unit(3, '133', 'district', 'Nghĩa Lộ', 1),
    unit(4, '138', 'district', 'Yên Bình', 1),
    unit(5, '04306', 'commune', 'Phù Nham', 3),
    unit(6, '04729', 'commune', 'Tân Nguyên', 4),
    unit(7, '353', 'district', 'Bình Lục', 2),
  ]);
  // A unit that merely has an old code (another name, valid at another time) keeps it.
  await old.insert(places).values({ id: 8, code: '04306', level: 'commune', nameVi: 'Tân Phượng', nameEn: 'Tan Phuong', parentId: null, validFrom: '2025-07-01', validTo: null });
  const submission = (id: string, communeId: number, householdCode: string | null) => ({
    id,
    roundId: 'yb-service-pilot-midterm',
    communeId,
    instrumentSlug: 'household',
    instrumentVersion: 1,
    evaluatorId: 1,
    answers: '{}',
    contentHash: id,
    householdCode,
    receivedAt: '2026-11-01T00:00:00.000Z',
  });
  await insertOld(client, submissions, [
    submission('00000000-0000-4000-8000-000000000001', 5, '04306|thôn 1|001'),
    submission('00000000-0000-4000-8000-000000000002', 6, '04729|bản na|017'),
    submission('00000000-0000-4000-8000-000000000003', 6, null),
  ]);
  client.close();

  // What start-up does: apply whatever is new.
  const { db, close } = await openNodeDb(path);
  after = await db.select({ id: places.id, code: places.code, nameVi: places.nameVi, parentId: places.parentId }).from(places).orderBy(asc(places.id));
  householdCodes = (await db.select({ code: submissions.householdCode }).from(submissions).orderBy(asc(submissions.id))).map((r) => r.code);
  close();
});

describe('migration 0007: place codes', () => {
  it('gives each seeded unit its GSO code and keeps its id', () => {
    expect(after.map((p) => [p.id, p.code])).toEqual([[1, '15'], [2, '35'], [3, '133'], [4, '141'], [5, '04663'], [6, '04732'], [7, '352'], [8, '04306']]);
  });

  it('keeps Tân Nguyên under Yên Bình', () => {
    expect(after.find((p) => p.id === 6)!.parentId).toBe(4);
  });

  it('moves household codes to the corrected commune codes', () => {
    expect(householdCodes).toEqual(['04663|thôn 1|001', '04732|bản na|017', null]);
  });
});

describe('a fresh database', () => {
  it('is seeded with the checked codes', async () => {
    const { db, close } = await openNodeDb(join(dir, 'fresh.sqlite'));
    try {
      const { seedProgramme } = await import('../src/seed/seed');
      await seedProgramme(db);
      const codes = (await db.select({ code: places.code }).from(places).where(eq(places.validFrom, from))).map((p) => p.code);
      expect(codes).toEqual(expect.arrayContaining(['281', '352', '350', '141', '133', '04663', '04675', '04732', '04771', '10402']));
      for (const wrong of ['283', '353', '138', '04306', '04312', '04729', '04756']) expect(codes).not.toContain(wrong);
    } finally {
      close();
    }
  });
});
