/** D1 binds at most 100 parameters a statement: what queries/bound.ts builds stays within it on any number of rows. */
import { createClient } from '@libsql/client';
import { getTableColumns } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { afterAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import type { Db } from '../src/db';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { inJson, insertJson, insertsThatFit, maxBoundParameters } from '../src/queries/bound';

const client = createClient({ url: ':memory:' });
const db = drizzle(client, { schema: s }) as unknown as Db;
afterAll(() => client.close());

const paramsOf = (statements: { toSQL(): { params: unknown[] } }[]) => statements.map((st) => st.toSQL().params.length);

describe('within D1’s bound parameters', () => {
  it('slices multi-row inserts by the table’s width: at most one parameter per column and row (a value or a default)', () => {
    const places = Array.from({ length: 250 }, (_, i) => ({ code: String(i), level: 'commune' as const, nameVi: `Xã ${i}`, nameEn: `Commune ${i}`, validFrom: '2008-08-01' }));
    const submissions = Array.from({ length: 40 }, (_, i) => ({ id: `s${i}`, roundId: 'r', communeId: 1, instrumentSlug: 'household', instrumentVersion: 1, evaluatorId: 1, answers: '{}', contentHash: 'h', receivedAt: '2020-01-01T00:00:00.000Z' }));
    for (const [table, rows] of [[s.places, places], [s.submissions, submissions]] as const) {
      const counts = paramsOf(insertsThatFit(db, table, rows as never[]));
      expect(Math.max(...counts)).toBeLessThanOrEqual(maxBoundParameters);
      expect(counts, table === s.places ? 'places' : 'submissions').toHaveLength(Math.ceil(rows.length / Math.floor(maxBoundParameters / Object.keys(getTableColumns(table)).length)));
    }
    expect(insertsThatFit(db, s.places, [])).toEqual([]);
  });

  it('binds a list of any length as one JSON parameter', () => {
    const ids = Array.from({ length: 500 }, (_, i) => `round-${i}`);
    expect(paramsOf([db.select().from(s.rounds).where(inJson(s.rounds.id, ids))])).toEqual([1]);
  });

  it('inserts any number of rows as one JSON parameter, the columns left out at their defaults', async () => {
    await migrate(db, { migrationsFolder: 'db/migrations' });
    const row = (i: number) => ({ id: `j${i}`, roundId: 'r', communeId: i, instrumentSlug: 'household', instrumentVersion: 1, evaluatorId: 1, answers: `{"q":"Xã ${i}"}`, contentHash: `h${i}`, householdCode: null, startedAt: null, receivedAt: '2020-01-01T00:00:00.000Z', synthetic: i % 2 === 0 });
    const rows = Array.from({ length: 300 }, (_, i) => row(i));
    const insert = insertJson(db, s.submissions, rows).onConflictDoNothing().returning({ id: s.submissions.id });
    // The JSON, and the defaults of revision, review state and content revision.
    expect(paramsOf([insert])).toEqual([4]);
    expect(await insert).toHaveLength(300);
    const stored = await db.select().from(s.submissions).where(inJson(s.submissions.id, ['j0', 'j1']));
    expect(stored.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { ...row(0), revision: 0, reviewState: 'received', contentRevision: 1 },
      { ...row(1), revision: 0, reviewState: 'received', contentRevision: 1 },
    ]);
    // Rows already there are skipped, and only the new ones returned.
    expect(await insertJson(db, s.submissions, [row(5), row(300)]).onConflictDoNothing().returning({ id: s.submissions.id })).toEqual([{ id: 'j300' }]);
  });
});
