/**
 * Reading and changing the kept indicator sums and registered counts. Every change made on behalf of a
 * submission is guarded by the submission's `revision` in the same batch: the parts of revision r are added
 * only while the stored row is still at r, and the batch then moves it to r + 1. A retried request, a
 * replay, or two processes counting the same row can therefore never count it twice (D1 has no interactive
 * transactions; one batch is one transaction on both drivers). Moving the revision (or deleting a counted row,
 * or changing registered counts) moves on the version of the round's sums too, by triggers (migration 0015,
 * queries/kept-versions.ts): what was worked out from them before is not read after.
 */
import { and, asc, eq, gt, sql, type SQL, type Column } from 'drizzle-orm';
import { indicatorAggregates, modelPlaces, registeredCounts, rounds, submissions } from '../../db/schema';
import type { AggregatePart, KeptDimension } from '../domain/aggregates';
import type { Basis } from '../domain/review';
import type { Db } from '../db';
import { batchTemplate } from './batch-template';
import { inJson, insertJson } from './bound';
import { keptChangedEverywhere } from './kept-versions';

/** Which state of a submission a change belongs to: its id, revision and (for a new row) content hash. */
export interface RevisionGuard {
  id: string;
  revision: number;
  contentHash?: string;
}

/** Exactly one row while the submission is at the guarded revision (and hash), none otherwise. */
export function whileAt(guard: RevisionGuard) {
  return and(eq(submissions.id, guard.id), eq(submissions.revision, guard.revision), guard.contentHash === undefined ? undefined : eq(submissions.contentHash, guard.contentHash));
}

/** The submission's id while it is at the guarded revision, else no row: what the records of a change hang on. */
export const idWhileAt = (guard: RevisionGuard) => sql`SELECT ${submissions.id} AS id FROM ${submissions} WHERE ${whileAt(guard)}`;

/** A part's sums added to those kept under its key (the upsert of every counting insert). */
export const addedUp = {
  target: [indicatorAggregates.basis, indicatorAggregates.roundId, indicatorAggregates.dimension, indicatorAggregates.indicatorId, indicatorAggregates.indicatorVersion, indicatorAggregates.category, indicatorAggregates.communeId],
  set: {
    numerator: sql`${indicatorAggregates.numerator} + excluded.numerator`,
    denominator: sql`${indicatorAggregates.denominator} + excluded.denominator`,
    n: sql`${indicatorAggregates.n} + excluded.n`,
    sumSquares: sql`${indicatorAggregates.sumSquares} + excluded.sum_squares`,
  },
};

/** The statement of applyParts, built once per database with and without the content hash in its guard. */
const partsStatement = (withHash: boolean) =>
  batchTemplate((db, value) => {
    const a = indicatorAggregates;
    const item = (i: number) => sql`json_extract(value, ${`$[${i}]`})`;
    return db
      .insert(a)
      .select(
        db
          .select({
            basis: item(8).as('basis'),
            roundId: sql`${value('roundId')}`.as('roundId'),
            dimension: item(0).as('dimension'),
            indicatorId: item(1).as('indicatorId'),
            indicatorVersion: item(2).as('indicatorVersion'),
            category: item(3).as('category'),
            communeId: sql`${value('communeId')}`.as('communeId'),
            numerator: item(4).as('numerator'),
            denominator: item(5).as('denominator'),
            n: item(6).as('n'),
            sumSquares: item(7).as('sumSquares'),
          })
          .from(sql`json_each(${value('parts')})`)
          .where(sql`EXISTS (SELECT 1 FROM ${submissions} WHERE ${whileAt({ id: value('id'), revision: value('revision'), contentHash: withHash ? value('contentHash') : undefined })})`),
      )
      .onConflictDoUpdate(addedUp);
  });
const partsWithHash = partsStatement(true);
const partsWithoutHash = partsStatement(false);

/**
 * Adds (sign 1) or takes out (sign -1) a submission's parts in each of the given bases (domain/review.ts),
 * only while it is at the guarded revision: one statement whatever the number of parts, which travel as one
 * JSON array read back with json_each.
 */
export function applyParts(db: Db, guard: RevisionGuard, at: { roundId: string; communeId: number }, parts: readonly AggregatePart[], sign: 1 | -1, bases: readonly Basis[]) {
  if (parts.length === 0 || bases.length === 0) return [];
  const json = JSON.stringify(bases.flatMap((basis) => parts.map((p) => [p.dimension, p.indicatorId, p.indicatorVersion, p.category, sign * p.numerator, sign * p.denominator, sign * p.n, sign * p.sumSquares, basis])));
  const values = { roundId: at.roundId, communeId: at.communeId, parts: json, id: guard.id, revision: guard.revision };
  return [guard.contentHash === undefined ? partsWithoutHash(db, values) : partsWithHash(db, { ...values, contentHash: guard.contentHash })];
}

export interface FigureEntry {
  roundId: string;
  communeId: number;
  figure: string;
  value: number;
  source: string;
  asOf: string;
  enteredBy: number | null;
  submissionId: string | null;
  updatedAt: string;
}

const r = registeredCounts;
export const latestWins = {
  target: [r.roundId, r.communeId, r.figure],
  set: {
    value: sql`excluded.value`,
    source: sql`excluded.source`,
    asOf: sql`excluded.as_of`,
    enteredBy: sql`excluded.entered_by`,
    submissionId: sql`excluded.submission_id`,
    updatedAt: sql`excluded.updated_at`,
  },
  // A figure of an earlier reference date never replaces a later one.
  setWhere: sql`excluded.as_of >= ${r.asOf}`,
};

/**
 * A checklist's figures, only while its submission is at the guarded revision: one statement whatever their
 * number (insertJson). One statement a figure, approving 100 checklists not counted yet sent 1,004 D1
 * statements, over D1's 1,000 per Worker invocation.
 */
export function applyFigures(db: Db, guard: RevisionGuard, figures: readonly FigureEntry[]) {
  return figures.length === 0 ? [] : [insertJson(db, r, figures, sql`EXISTS (${idWhileAt(guard)})`).onConflictDoUpdate(latestWins)];
}

/** Figures a manager enters. */
export function enterFigures(db: Db, figures: readonly FigureEntry[]) {
  return figures.map((f) => db.insert(r).values(f).onConflictDoUpdate(latestWins));
}

const revisionStatement = batchTemplate((db, value) =>
  db
    .update(submissions)
    .set({ revision: value('next') })
    .where(and(eq(submissions.id, value('id')), eq(submissions.revision, value('revision')))),
);

/** Moves a submission from the guarded revision to the next: the last statement of every counting batch. */
export function nextRevision(db: Db, guard: RevisionGuard) {
  return revisionStatement(db, { id: guard.id, revision: guard.revision, next: guard.revision + 1 });
}

/** The submission's id while it is at the guarded revision: the first statement of a change's batch, which tells whether it applied. */
export function stillAt(db: Db, guard: RevisionGuard) {
  return db.select({ id: submissions.id }).from(submissions).where(whileAt(guard));
}

/** Moves a submission at the guarded revision to other answers and/or review state and the next revision: a change's last statement. */
export function changeWhileAt(db: Db, guard: RevisionGuard, to: Pick<typeof submissions.$inferInsert, 'answers' | 'contentHash' | 'contentRevision' | 'reviewState'>) {
  return db.update(submissions).set({ ...to, revision: guard.revision + 1 }).where(whileAt(guard));
}

/** Deletes a submission while it is at the guarded revision: the last statement of its removal's batch. */
export function deleteWhileAt(db: Db, guard: RevisionGuard) {
  return db.delete(submissions).where(whileAt(guard));
}

/** Forgets the figures a submission (a checklist) brought, when it is deleted; with a guard, only while it is at that revision. */
export function forgetFiguresOf(db: Db, submissionId: string, guard?: RevisionGuard) {
  const at = guard ? sql`EXISTS (SELECT 1 FROM ${submissions} WHERE ${whileAt(guard)})` : undefined;
  return db.delete(registeredCounts).where(and(eq(registeredCounts.submissionId, submissionId), at));
}

/** Submissions stored but not yet counted (revision 0), oldest first. */
export async function uncountedSubmissions(db: Db, limit: number) {
  return db.select().from(submissions).where(eq(submissions.revision, 0)).orderBy(asc(submissions.receivedAt), asc(submissions.id)).limit(limit);
}

/** Forgets every kept sum and what was worked out from them, and marks every submission uncounted, in one batch; counting starts again. */
export async function resetAggregates(db: Db) {
  await db.batch([db.delete(indicatorAggregates), db.update(submissions).set({ revision: 0 }).where(gt(submissions.revision, 0)), ...keptChangedEverywhere(db)]);
}

/**
 * How kept sums are added up: over all communes, per commune, or per larger place (commune id → place key).
 * Comparison communes (model_places.role) never count in a model's figures, whatever the grouping; only the
 * difference in differences asks for them, by name (`withComparison`, its map naming each commune's group).
 */
export type Grouping = { kind: 'overall' } | { kind: 'commune' } | { kind: 'place'; placeOf: ReadonlyMap<number, string>; withComparison?: boolean };

/**
 * True for data of a round in a commune treated by the round's model (or one the model does not list), false
 * for a comparison commune of that model: the one rule of what a model's figures add up (docs/statistics.md §6).
 */
export const inTreatedCommune = (roundId: Column | SQL, communeId: Column | SQL) =>
  // Not correlated: SQLite lists the rounds' comparison communes once, not again for every row it reads.
  sql`(${roundId}, ${communeId}) NOT IN (SELECT ${rounds.id}, ${modelPlaces.placeId} FROM ${rounds} JOIN ${modelPlaces} ON ${modelPlaces.modelId} = ${rounds.modelId}
    WHERE ${modelPlaces.role} = 'comparison')`;

/**
 * Kept sums of the given rounds in one dimension ('all' for overall values), added up by the database per
 * round × indicator × category (× commune or place) with the communes' moments (domain/aggregates Totals):
 * a page reads a few rows, whatever the number of submissions. `indicatorIds` (kept ids, e.g. with
 * 'households:…') limits the read to those; all when absent.
 */
export async function keptTotals(db: Db, roundIds: string[], dimension: KeptDimension = 'all', grouping: Grouping = { kind: 'overall' }, basis: Basis = 'received', indicatorIds?: readonly string[]) {
  if (roundIds.length === 0 || indicatorIds?.length === 0) return [];
  const a = indicatorAggregates;
  const place = grouping.kind === 'place' ? sql<string>`place.value` : grouping.kind === 'commune' ? sql<string>`CAST(${a.communeId} AS TEXT)` : sql<string>`''`;
  const fields = {
    roundId: a.roundId,
    indicatorId: a.indicatorId,
    indicatorVersion: a.indicatorVersion,
    category: a.category,
    place: place.as('place'),
    terms: sql<number>`sum(${a.n})`.mapWith(Number),
    groups: sql<number>`count(*)`.mapWith(Number),
    n: sql<number>`sum(${a.denominator})`.mapWith(Number),
    nSquares: sql<number>`sum(${a.denominator} * ${a.denominator})`.mapWith(Number),
    sum: sql<number>`sum(${a.numerator})`.mapWith(Number),
    sumSquaredOverN: sql<number>`sum(${a.numerator} * ${a.numerator} / ${a.denominator})`.mapWith(Number),
    sumSquares: sql<number>`sum(${a.sumSquares})`.mapWith(Number),
    // Each row is one commune's sums: the communes' numerators squared and times their denominators give the
    // design-based variance over communes (domain/statistics/design.ts), with nSquares.
    groupSumSquares: sql<number>`sum(${a.numerator} * ${a.numerator})`.mapWith(Number),
    groupSumTimesN: sql<number>`sum(${a.numerator} * ${a.denominator})`.mapWith(Number),
  };
  const treated = grouping.kind === 'place' && grouping.withComparison ? undefined : inTreatedCommune(a.roundId, a.communeId);
  const indicators = indicatorIds ? inJson(a.indicatorId, indicatorIds) : undefined;
  const where = and(eq(a.basis, basis), inJson(a.roundId, roundIds), eq(a.dimension, dimension), indicators, gt(a.n, 0), gt(a.denominator, 0), treated);
  const group = [a.roundId, a.indicatorId, a.indicatorVersion, a.category, sql`place`];
  if (grouping.kind !== 'place') return db.select(fields).from(a).where(where).groupBy(...group);
  // The kept rows are found by their key (only the indicators asked for) and each one's commune looked up in the
  // commune → place map, read once (MATERIALIZED) into an automatic index. Driven by the map, SQLite read every
  // indicator's rows of each commune (through an index by commune, since dropped) to keep a fifth of them; json_each read
  // inside the join reads the whole map again for every kept row. Either way rows come in commune order, so
  // the sums add up alike.
  const map = JSON.stringify(Object.fromEntries(grouping.placeOf));
  const placeOf = sql`(WITH m AS MATERIALIZED (SELECT CAST(key AS INTEGER) AS commune_id, value FROM json_each(${map})) SELECT * FROM m) AS place`;
  return db
    .select(fields)
    .from(a)
    .innerJoin(placeOf, sql`place.commune_id = ${a.communeId}`)
    .where(where)
    .groupBy(...group);
}

/** Registered figures of the given rounds, one row per round × commune with its figures by name (treated communes only unless `withComparison`). */
export async function figuresOfRounds(db: Db, roundIds: string[], withComparison = false) {
  if (roundIds.length === 0) return [];
  const rows = await db
    .select({ roundId: registeredCounts.roundId, communeId: registeredCounts.communeId, figures: sql<string>`json_group_object(${registeredCounts.figure}, ${registeredCounts.value})` })
    .from(registeredCounts)
    .where(and(inJson(registeredCounts.roundId, roundIds), withComparison ? undefined : inTreatedCommune(registeredCounts.roundId, registeredCounts.communeId)))
    .groupBy(registeredCounts.roundId, registeredCounts.communeId);
  return rows.map((r) => ({ roundId: r.roundId, communeId: r.communeId, figures: JSON.parse(r.figures) as Record<string, number> }));
}
