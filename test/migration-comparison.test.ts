/**
 * Migration 0014 (comparison communes) on a database an earlier release filled: every place a model already
 * runs in stays a treated one, and a comparison commune can then be stored beside them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { asc } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelPlaces } from '../db/schema';
import { openNodeDb } from '../src/db-node';
import { insertOld, migrationsUpTo } from './support/migrations';

const dir = mkdtempSync(join(tmpdir(), 'moc-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stored: { modelId: string; placeId: number; role: string }[];

beforeAll(async () => {
  const path = join(dir, 'old.sqlite');
  const client = createClient({ url: `file:${path}` });
  await migrate(drizzle(client), { migrationsFolder: migrationsUpTo(dir, '0013_review_revisions_audit') });
  await insertOld(client, modelPlaces, [
    { modelId: 'yen-bai-pilot', placeId: 1 },
    { modelId: 'yen-bai-pilot', placeId: 2 },
  ]);
  client.close();

  const { db, close } = await openNodeDb(path);
  await db.insert(modelPlaces).values({ modelId: 'yen-bai-pilot', placeId: 3, role: 'comparison' });
  stored = await db.select({ modelId: modelPlaces.modelId, placeId: modelPlaces.placeId, role: modelPlaces.role }).from(modelPlaces).orderBy(asc(modelPlaces.placeId));
  close();
});

describe('migration 0014: comparison communes', () => {
  it("keeps a model's stored places as treated ones and takes comparison ones", () => {
    expect(stored).toEqual([
      { modelId: 'yen-bai-pilot', placeId: 1, role: 'treated' },
      { modelId: 'yen-bai-pilot', placeId: 2, role: 'treated' },
      { modelId: 'yen-bai-pilot', placeId: 3, role: 'comparison' },
    ]);
  });
});
