/**
 * Many new submissions stored at once (an import's slice, workflows/import-slice.ts): the rows and what counts
 * them in the kept sums, in one batch of 3 or 4 statements whatever their number, each list one JSON parameter.
 * Each row is counted as ingest counts one (queries/aggregates.ts): only while it is uncounted (revision 0) with
 * this content, and moved to revision 1 in the same batch, so a row stored by another request is never counted
 * twice and a row this batch did not store is counted only if nobody counted it.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteInsertSelectQueryBuilder, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { indicatorAggregates, registeredCounts, submissions } from '../../db/schema';
import type { Db } from '../db';
import type { AggregatePart } from '../domain/aggregates';
import type { Basis } from '../domain/review';
import { addedUp, type FigureEntry, latestWins } from './aggregates';
import { insertJson } from './bound';
import type { NewSubmission } from './submissions';

export interface CountedRow {
  row: NewSubmission & { id: string; contentHash: string; roundId: string; communeId: number };
  parts: readonly AggregatePart[];
  bases: readonly Basis[];
  figures: readonly FigureEntry[];
}

/** Stores the rows that are not there yet, each counted once; returns the ids this batch stored. */
export async function storeCounted(db: Db, entries: readonly CountedRow[]): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const [stored] = await db.batch([
    insertJson(db, submissions, entries.map((e) => e.row)).onConflictDoNothing().returning({ id: submissions.id }),
    ...partsOfUncounted(db, entries),
    ...figuresOfUncounted(db, entries),
    countedNow(db, entries),
  ]);
  return new Set(stored.map((r) => r.id));
}

/** The JSON path `$[i]` of an element of json_each's `value` (`alias.value`). */
const at = (alias: string, i: number) => sql.raw(`json_extract(${alias}.value, '$[${i}]')`);

/** The row with this id is stored, uncounted, with this content. */
const uncounted = (id: SQL, contentHash: SQL) =>
  sql`EXISTS (SELECT 1 FROM ${submissions} WHERE ${submissions.id} = ${id} AND ${submissions.revision} = 0 AND ${submissions.contentHash} = ${contentHash})`;

/** INSERT INTO `table` SELECT `columns` FROM `from` (json_each of the slice) WHERE `where`, in the JSON's order (`order`). */
function insertFrom<T extends SQLiteTable>(db: Db, table: T, from: SQL, columns: Record<string, SQL>, where: SQL, order: SQL) {
  const fields = Object.fromEntries(Object.entries(columns).map(([key, value]) => [key, value.as(key)]));
  const select = db.select(fields).from(from).where(where).orderBy(order);
  // Drizzle cannot see that `columns` has a key per column of the table.
  return db.insert(table).select(select as unknown as SQLiteInsertSelectQueryBuilder<T>);
}

/**
 * Every uncounted row's parts in its bases: an item is [id, hash, roundId, communeId, parts], each part as
 * applyParts sends it. The items are read once each (MATERIALIZED): read again for each of their parts, the
 * statement took ~75 ms a slice, parsing every item's JSON some 4 times per part.
 */
function partsOfUncounted(db: Db, entries: readonly CountedRow[]) {
  const items = entries
    .filter((e) => e.parts.length > 0 && e.bases.length > 0)
    .map((e) => [e.row.id, e.row.contentHash, e.row.roundId, e.row.communeId, e.bases.flatMap((basis) => e.parts.map((p) => [p.dimension, p.indicatorId, p.indicatorVersion, p.category, p.numerator, p.denominator, p.n, p.sumSquares, basis]))]);
  if (items.length === 0) return [];
  const part = (i: number) => at('part', i);
  const item = (i: number) => sql.raw(`json_extract(value, '$[${i}]')`);
  const from = sql`(WITH item AS MATERIALIZED (SELECT key, ${item(2)} AS round_id, ${item(3)} AS commune_id, ${item(4)} AS parts FROM json_each(${JSON.stringify(items)})
    WHERE ${uncounted(item(0), item(1))}) SELECT * FROM item) AS item, json_each(item.parts) AS part`;
  const columns = {
    basis: part(8),
    roundId: sql.raw('item.round_id'),
    dimension: part(0),
    indicatorId: part(1),
    indicatorVersion: part(2),
    category: part(3),
    communeId: sql.raw('item.commune_id'),
    numerator: part(4),
    denominator: part(5),
    n: part(6),
    sumSquares: part(7),
  };
  return [insertFrom(db, indicatorAggregates, from, columns, sql`true`, sql`item.key, part.key`).onConflictDoUpdate(addedUp)];
}

/** A checklist's figures, in file order (a later reference date wins, as one at a time). */
function figuresOfUncounted(db: Db, entries: readonly CountedRow[]) {
  const rows = entries.flatMap((e) =>
    e.bases.length === 0 ? [] : e.figures.map((f) => [e.row.id, e.row.contentHash, f.roundId, f.communeId, f.figure, f.value, f.source, f.asOf, f.enteredBy, f.submissionId, f.updatedAt]),
  );
  if (rows.length === 0) return [];
  const names = ['roundId', 'communeId', 'figure', 'value', 'source', 'asOf', 'enteredBy', 'submissionId', 'updatedAt'];
  const columns = Object.fromEntries(names.map((name, i) => [name, at('figure', i + 2)]));
  const from = sql`json_each(${JSON.stringify(rows)}) AS figure`;
  return [insertFrom(db, registeredCounts, from, columns, uncounted(at('figure', 0), at('figure', 1)), sql`figure.key`).onConflictDoUpdate(latestWins)];
}

/** The rows counted above move to revision 1: the last statement, as nextRevision is for one row. */
function countedNow(db: Db, entries: readonly CountedRow[]) {
  const keys = JSON.stringify(entries.map((e) => [e.row.id, e.row.contentHash]));
  return db
    .update(submissions)
    .set({ revision: 1 })
    .where(and(eq(submissions.revision, 0), sql`(${submissions.id}, ${submissions.contentHash}) IN (SELECT ${at('k', 0)}, ${at('k', 1)} FROM json_each(${keys}) AS k)`));
}
