/** batchTemplate: a statement built once with placeholders gives, filled in, what Drizzle builds with the values. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meta } from '../db/schema';
import type { Db } from '../src/db';
import { openNodeDb } from '../src/db-node';
import { batchTemplate, returnedRows } from '../src/queries/batch-template';
import { getMeta } from '../src/queries/meta';

const dir = mkdtempSync(join(tmpdir(), 'moc-template-'));
let db: Db;
let close: () => void;

beforeAll(async () => {
  ({ db, close } = await openNodeDb(join(dir, 'db.sqlite')));
});

afterAll(() => {
  close();
  rmSync(dir, { recursive: true, force: true });
});

const build = (d: Db, value: (name: string) => never) =>
  d
    .insert(meta)
    .values({ key: value('key'), value: sql`${value('value')} || '-'` })
    .onConflictDoUpdate({ target: meta.key, set: { value: sql`excluded.value || ${value('suffix')}` }, setWhere: sql`${meta.key} <> ${'frozen'}` });
const upsert = batchTemplate(build);
const query = (item: unknown) => (item as { _prepare(): { getQuery(): { sql: string; params: unknown[] } } })._prepare().getQuery();

it('fills the placeholders of the statement Drizzle built once', async () => {
  for (const values of [{ key: 'a', value: 'one', suffix: '!' }, { key: 'b', value: 'two', suffix: '?' }]) {
    const fromTemplate = query(upsert(db, values));
    const built = query(build(db, (name) => values[name as keyof typeof values] as never));
    expect({ sql: fromTemplate.sql, params: fromTemplate.params }).toEqual({ sql: built.sql, params: built.params });
  }
  await db.batch([upsert(db, { key: 'a', value: 'one', suffix: '!' }), upsert(db, { key: 'a', value: 'two', suffix: '!' })]);
  expect(await getMeta(db, 'a')).toBe('two-!');
});

it('names a placeholder left without a value', () => {
  expect(() => upsert(db, { key: 'a', value: 'x' })).toThrow('no value for suffix');
});

it('refuses a statement whose text holds a literal question mark, which it could not split', () => {
  const literal = batchTemplate((d, value) => d.update(meta).set({ value: sql.raw(`'?'`) }).where(eq(meta.key, value('key'))));
  expect(() => literal(db, { key: 'a' })).toThrow("2 '?' for 1 parameters");
});

it('gives the rows its RETURNING returned in a batch, none when the insert did nothing', async () => {
  const insert = batchTemplate((d, value) => d.insert(meta).values({ key: value('key'), value: value('value') }).onConflictDoNothing().returning({ key: meta.key }));
  const [first] = await db.batch([insert(db, { key: 'returned', value: 'one' })]);
  expect(returnedRows(first).map((r) => (r as { key: string }).key)).toEqual(['returned']);
  const [again] = await db.batch([insert(db, { key: 'returned', value: 'two' })]);
  expect(returnedRows(again)).toEqual([]);
  expect(await getMeta(db, 'returned')).toBe('one');
});
