/**
 * D1 binds at most 100 parameters per statement (SQLite allows far more, so Node would not notice). Lists that
 * grow with the data travel as one JSON parameter read back with json_each (`inJson`); multi-row inserts go
 * in slices that each bind at most that many (`insertsThatFit`).
 */
import { getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn, SQLiteInsertSelectQueryBuilder, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db';

/** D1's limit on bound parameters per statement. */
export const maxBoundParameters = 100;

/** `column IN (ids)` with the ids as one bound JSON array, whatever their number: `inJson(rounds.id, roundIds)`. */
export const inJson = (column: AnySQLiteColumn, ids: readonly (string | number)[]) =>
  inArray(column, sql`(SELECT value FROM json_each(${JSON.stringify([...ids])}))`);

/**
 * `rows` in slices that a multi-row insert into `table` binds within the limit: Drizzle binds at most one
 * parameter per column and row (a value or a default), so a 7-column table takes 14 rows a statement.
 * Example: `rowsThatFit(places, rows).map((slice) => db.insert(places).values(slice))`.
 */
function rowsThatFit<T>(table: SQLiteTable, rows: readonly T[]): T[][] {
  const perStatement = Math.max(1, Math.floor(maxBoundParameters / Object.keys(getTableColumns(table)).length));
  const slices: T[][] = [];
  for (let i = 0; i < rows.length; i += perStatement) slices.push(rows.slice(i, i + perStatement));
  return slices;
}

/** Inserts of `rows` that skip rows already there, as many statements as fit: `atomically(db, insertsThatFit(db, places, rows))`. */
export function insertsThatFit<T extends SQLiteTable>(db: Db, table: T, rows: readonly T['$inferInsert'][]) {
  return rowsThatFit(table, rows).map((slice) => db.insert(table).values(slice).onConflictDoNothing());
}

/**
 * An insert of any number of `rows` as one JSON parameter (INSERT … SELECT from json_each): each row travels as
 * an array of the columns the rows give, in the table's order; a column they leave out takes its default. Values
 * go as JSON has them (text, numbers, booleans as 1 and 0, null); only while `where` holds, if given (a guard).
 * Chain what the insert needs: `insertJson(db, submissions, rows).onConflictDoNothing().returning({ id: submissions.id })`.
 */
export function insertJson<T extends SQLiteTable>(db: Db, table: T, rows: readonly T['$inferInsert'][], where: SQL = sql`1`) {
  const columns = Object.entries(getTableColumns(table));
  const given = columns.map(([key]) => key).filter((key) => rows.some((row) => (row as Record<string, unknown>)[key] !== undefined));
  const json = JSON.stringify(rows.map((row) => given.map((key) => (row as Record<string, unknown>)[key] ?? null)));
  const fields = Object.fromEntries(
    columns.map(([key, column]) => {
      const at = given.indexOf(key);
      const value = at >= 0 ? sql.raw(`json_extract(value, '$[${at}]')`) : column.hasDefault ? sql.param(column.default, column) : sql`NULL`;
      return [key, sql`${value}`.as(key)];
    }),
  );
  // Always a WHERE (1 if none given): an upsert after INSERT … SELECT needs one, or SQLite reads its ON as a join's.
  const select = db.select(fields).from(sql`json_each(${json})`).where(where);
  // Drizzle cannot see that `fields` has a key per column of T.
  return db.insert(table).select(select as unknown as SQLiteInsertSelectQueryBuilder<T>);
}
