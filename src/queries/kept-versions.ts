/**
 * What is worked out from a round's kept sums and kept for the next reader — its totals over its communes
 * (round_totals) and the cells sponsors' pages hide (suppressed_cells) — and the version numbers that say
 * whether they still hold (kept_versions). Triggers (migration 0015) move a round's version on in the same
 * transaction as any change to what its figures are made of, whoever writes it: a counted submission's revision
 * moving or the row deleted (the bases of its old and new review states, as domain/review.ts basesOf), its
 * registered counts, its model's places (both bases). A reader that finds nothing kept at the current version
 * works it out and stores it under the version it read before reading the sums.
 */
import { and, eq, sql } from 'drizzle-orm';
import { keptVersions, roundTotals, rounds, suppressedCells } from '../../db/schema';
import { bases, type Basis } from '../domain/review';
import { atomically, type Db, statement } from '../db';
import { inJson } from './bound';

const bump = sql`ON CONFLICT (round_id, basis) DO UPDATE SET version = ${keptVersions.version} + 1`;

/**
 * Moves on every round's version in both bases and forgets what was worked out: in the batch that forgets the
 * kept sums to count them again (revisions back to 0, which the triggers leave alone).
 */
export function keptChangedEverywhere(db: Db) {
  return [
    statement(db, sql`INSERT INTO ${keptVersions} (round_id, basis, version) SELECT ${rounds.id}, b.value, 1 FROM ${rounds}, json_each(${JSON.stringify(bases)}) AS b WHERE true ${bump}`),
    db.delete(suppressedCells),
    db.delete(roundTotals),
  ];
}

/**
 * Runs statements that store what a reader worked out: a page never fails for want of storing it (a read-only
 * database, a busy lock), the next reader works it out again.
 */
export async function keepQuietly(db: Db, statements: ReturnType<typeof statement>[]) {
  try {
    await atomically(db, statements);
  } catch {
    // Nothing is lost but time.
  }
}

/** Each round's version in `basis` (0 for a round whose sums never changed since this table exists). */
export async function keptVersionsOf(db: Db, roundIds: readonly string[], basis: Basis): Promise<Map<string, number>> {
  if (roundIds.length === 0) return new Map();
  const rows = await db
    .select({ roundId: keptVersions.roundId, version: keptVersions.version })
    .from(keptVersions)
    .where(and(eq(keptVersions.basis, basis), inJson(keptVersions.roundId, roundIds)));
  return new Map(rows.map((r) => [r.roundId, r.version]));
}

/** Which hidden cells are kept: the basis, threshold and rules they were worked out for. */
export interface HiddenKey {
  basis: Basis;
  threshold: number;
  rules: number;
}

export interface KeptHidden {
  roundId: string;
  indicatorId: string;
  indicatorVersion: number;
  hidden: string[];
  communes: string[];
}

/** The hidden cells of these rounds and indicators (id and version) that still hold: worked out at the round's current version. */
export async function keptHiddenCells(db: Db, roundIds: readonly string[], indicators: readonly { id: string; version: number }[], key: HiddenKey): Promise<KeptHidden[]> {
  if (roundIds.length === 0 || indicators.length === 0) return [];
  const c = suppressedCells;
  const wanted = JSON.stringify(indicators.map((d) => [d.id, d.version]));
  const rows = await db
    .select({ roundId: c.roundId, indicatorId: c.indicatorId, indicatorVersion: c.indicatorVersion, hidden: c.hidden, communes: c.communes })
    .from(c)
    .leftJoin(keptVersions, and(eq(keptVersions.roundId, c.roundId), eq(keptVersions.basis, c.basis)))
    .where(
      and(
        eq(c.basis, key.basis),
        inJson(c.roundId, roundIds),
        eq(c.threshold, key.threshold),
        eq(c.rules, key.rules),
        sql`(${c.indicatorId}, ${c.indicatorVersion}) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${wanted}))`,
        sql`${c.version} = coalesce(${keptVersions.version}, 0)`,
      ),
    );
  return rows.map((r) => ({ ...r, hidden: JSON.parse(r.hidden) as string[], communes: JSON.parse(r.communes) as string[] }));
}

/** Rows of hidden cells per statement: one JSON parameter each, well within D1's size of a bound value. */
const rowsPerStatement = 100;

/**
 * Stores hidden cells worked out at `version` of their round; a row worked out at a later version is never
 * replaced by an earlier one. One JSON parameter per statement (json_each).
 */
export function storeHiddenCells(db: Db, key: HiddenKey, rows: readonly (KeptHidden & { version: number })[]) {
  const statements = [];
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const json = JSON.stringify(rows.slice(i, i + rowsPerStatement).map((r) => [r.roundId, r.indicatorId, r.indicatorVersion, r.version, JSON.stringify(r.hidden), JSON.stringify(r.communes)]));
    const at = (k: number) => sql.raw(`json_extract(value, '$[${k}]')`);
    statements.push(
      statement(
        db,
        sql`INSERT INTO ${suppressedCells} (round_id, basis, indicator_id, indicator_version, threshold, rules, version, hidden, communes)
          SELECT ${at(0)}, ${key.basis}, ${at(1)}, ${at(2)}, ${key.threshold}, ${key.rules}, ${at(3)}, ${at(4)}, ${at(5)} FROM json_each(${json}) WHERE true
          ON CONFLICT (round_id, basis, indicator_id, indicator_version, threshold, rules)
          DO UPDATE SET version = excluded.version, hidden = excluded.hidden, communes = excluded.communes WHERE excluded.version > ${suppressedCells.version}`,
      ),
    );
  }
  return statements;
}

/** The rounds' totals (JSON, see round_totals) that still hold: worked out at the round's current version in `basis`. */
export async function keptRoundTotals(db: Db, roundIds: readonly string[], basis: Basis): Promise<{ roundId: string; totals: string }[]> {
  if (roundIds.length === 0) return [];
  const t = roundTotals;
  return db
    .select({ roundId: t.roundId, totals: t.totals })
    .from(t)
    .leftJoin(keptVersions, and(eq(keptVersions.roundId, t.roundId), eq(keptVersions.basis, t.basis)))
    .where(and(eq(t.basis, basis), inJson(t.roundId, roundIds), sql`${t.version} = coalesce(${keptVersions.version}, 0)`));
}

/** Stores rounds' totals worked out at `version`; a row of a later version is never replaced by an earlier one. */
export function storeRoundTotals(db: Db, basis: Basis, rows: readonly { roundId: string; version: number; totals: string }[]) {
  const statements = [];
  for (let i = 0; i < rows.length; i += rowsPerStatement) {
    const json = JSON.stringify(rows.slice(i, i + rowsPerStatement).map((r) => [r.roundId, r.version, r.totals]));
    statements.push(
      statement(
        db,
        sql`INSERT INTO ${roundTotals} (round_id, basis, version, totals)
          SELECT json_extract(value, '$[0]'), ${basis}, json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(${json}) WHERE true
          ON CONFLICT (round_id, basis) DO UPDATE SET version = excluded.version, totals = excluded.totals WHERE excluded.version > ${roundTotals.version}`,
      ),
    );
  }
  return statements;
}
