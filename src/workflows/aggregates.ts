/**
 * Keeping indicator sums in step with the submissions: every write of a submission (store, revise, delete)
 * carries, in the same batch, what it adds to or takes from indicator_aggregates and registered_counts.
 * `catchUpAggregates` is the batch step for rows stored without it (demo seeding, rows from before the kept
 * sums existed, a catalogue change); it is safe to run at any time, alongside ingest.
 */
import type { BatchItem } from 'drizzle-orm/batch';
import { type AggregatePart, catalogueSignature, partsOfSubmission, receivedPart } from '../domain/aggregates';
import { canonicalAnswers, indicatorCatalogue } from '../domain/indicators';
import { figuresFromChecklist } from '../domain/registered-counts';
import { basesOf, type ReviewState } from '../domain/review';
import { atomically, type Db } from '../db';
import {
  applyFigures,
  applyParts,
  changeWhileAt,
  deleteWhileAt,
  type FigureEntry,
  forgetFiguresOf,
  nextRevision,
  resetAggregates,
  type RevisionGuard,
  stillAt,
  uncountedSubmissions,
} from '../queries/aggregates';
import { renamesByVersion } from '../queries/instruments';
import { getMeta, setMeta } from '../queries/meta';
import { type SubmissionRow, submissionsByIds, syntheticIds } from '../queries/submissions';

/** A row to count; a row being stored has no review state yet and is `received`. */
type Counted = Pick<SubmissionRow, 'id' | 'roundId' | 'communeId' | 'instrumentSlug' | 'instrumentVersion' | 'answers' | 'receivedAt'> & { reviewState?: ReviewState };

type Renamed = Readonly<Record<string, string>>;

/** The renamed questions of each released version, to count rows of any version (queries/instruments.ts). */
async function renamesOf(db: Db): Promise<(row: Counted) => Renamed> {
  const renames = await renamesByVersion(db);
  return (row) => renames.get(`${row.instrumentSlug}@${row.instrumentVersion}`) ?? {};
}

/**
 * What a stored submission adds to the kept sums, and the registered figures a checklist brings. `renamed` is
 * its instrument version's (Instrument.renamed), so answers are counted under the names indicators read.
 */
export function countingOf(row: Counted, renamed: Renamed): { parts: AggregatePart[]; figures: FigureEntry[] } {
  const answers = JSON.parse(row.answers) as Record<string, unknown>;
  const canonical = canonicalAnswers(answers, renamed);
  // Every submission also counts once under `received` (category: its instrument), so that round progress
  // is read from the kept sums too.
  const parts = [...partsOfSubmission(indicatorCatalogue, row.instrumentSlug, canonical), receivedPart(row.instrumentSlug)];
  const figures =
    row.instrumentSlug === 'commune-checklist'
      ? figuresFromChecklist(canonical).map((f) => ({
          ...f,
          roundId: row.roundId,
          communeId: row.communeId,
          source: 'commune-checklist',
          asOf: row.receivedAt.slice(0, 10),
          enteredBy: null,
          submissionId: row.id,
          updatedAt: row.receivedAt,
        }))
      : [];
  return { parts, figures };
}

/**
 * The statements that count a row at the guarded revision, in the kept sums of its review state (basesOf),
 * and move it on: append them to the batch that stores it. A checklist's figures count while its state counts.
 */
export function countStatements(db: Db, row: Counted, guard: RevisionGuard, renamed: Renamed): BatchItem<'sqlite'>[] {
  const { parts, figures } = countingOf(row, renamed);
  const bases = basesOf(row.reviewState ?? 'received');
  return [...applyParts(db, guard, row, parts, 1, bases), ...(bases.length > 0 ? applyFigures(db, guard, figures) : []), nextRevision(db, guard)];
}

/** Counts every stored but uncounted submission, `batchSize` rows per batch. Returns how many it counted. */
export async function catchUpAggregates(db: Db, batchSize = 100): Promise<number> {
  return (await countUncounted(db, { batchSize, maxStatements: Infinity })).counted;
}

/**
 * Counts uncounted submissions, `batchSize` rows per batch, spending at most `maxStatements` statements (the
 * reads included), so that one Workers invocation stays within D1's queries per invocation. `moreRemains`:
 * it stopped on the budget, and uncounted rows may be left for the next call.
 */
export async function countUncounted(db: Db, opts: { batchSize: number; maxStatements: number }): Promise<{ counted: number; moreRemains: boolean }> {
  let counted = 0;
  let spent = 1;
  const renamedOf = await renamesOf(db);
  while (spent < opts.maxStatements) {
    const rows = await uncountedSubmissions(db, opts.batchSize);
    spent += 1;
    const statements: BatchItem<'sqlite'>[] = [];
    let taken = 0;
    for (const row of rows) {
      const counting = countStatements(db, row, { id: row.id, revision: 0 }, renamedOf(row));
      if (spent + statements.length + counting.length > opts.maxStatements) break;
      statements.push(...counting);
      taken += 1;
    }
    await atomically(db, statements);
    counted += taken;
    spent += statements.length;
    if (taken < rows.length) break;
    if (rows.length < opts.batchSize) return { counted, moreRemains: false };
  }
  return { counted, moreRemains: true };
}

const signatureKey = 'indicator_catalogue';

/**
 * When the indicator definitions changed since the kept sums were counted, forgets them and marks every
 * submission uncounted (countUncounted counts them again). Returns whether it did.
 */
export async function resetIfCatalogueChanged(db: Db): Promise<boolean> {
  const signature = catalogueSignature(indicatorCatalogue);
  if ((await getMeta(db, signatureKey)) === signature) return false;
  await resetAggregates(db);
  await setMeta(db, signatureKey, signature);
  return true;
}

/**
 * Start-up step: rebuild the kept sums when the indicator definitions changed since they were counted, then
 * count whatever is uncounted. Returns how many submissions it counted.
 */
export async function bringAggregatesUpToDate(db: Db): Promise<number> {
  await resetIfCatalogueChanged(db);
  return catchUpAggregates(db);
}

/** Deletes submissions and takes what they added out of the kept sums, each in one batch. */
export async function deleteSubmissions(db: Db, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await submissionsByIds(db, ids);
  const renamedOf = await renamesOf(db);
  const statements = rows.flatMap((row) => {
    const guard = { id: row.id, revision: row.revision };
    const takeOut = row.revision > 0 ? applyParts(db, guard, row, countingOf(row, renamedOf(row)).parts, -1, basesOf(row.reviewState)) : [];
    return [...takeOut, forgetFiguresOf(db, row.id), deleteWhileAt(db, guard)];
  });
  for (let i = 0; i < statements.length; i += 500) await atomically(db, statements.slice(i, i + 500));
  return rows.length;
}

/** Deletes every synthetic (demo or benchmark) submission, and nothing else. Returns how many. */
export async function deleteSyntheticSubmissions(db: Db): Promise<number> {
  let removed = 0;
  for (let ids = await syntheticIds(db, 500); ids.length > 0; ids = await syntheticIds(db, 500)) removed += await deleteSubmissions(db, ids);
  return removed;
}

/**
 * The statements that move a stored submission to other answers and/or another review state, with its kept
 * sums, guarded by its revision: what it counted (its old answers in the bases of its old state) comes out,
 * what it now counts goes in, a checklist's figures follow, and the row moves to the next revision. Run them as
 * `db.batch([check, ...counting, ...records, update])`: `check` (first) reads whether the row is still at the
 * guarded revision (else the batch changes nothing), and the records that go with the change (the review or
 * revision row, the audit entry) must be guarded by the same revision (`whileAt(guard)`), before `update`.
 * Example: approving a received household (revision 3) takes nothing out and adds its parts to `approved`.
 */
export function changeStatements(db: Db, row: SubmissionRow, to: { answers?: string; contentHash?: string; contentRevision?: number; reviewState?: ReviewState }, renamed: Renamed) {
  const guard = { id: row.id, revision: row.revision };
  const next = { ...row, ...to };
  const before = row.revision > 0 ? countingOf(row, renamed) : { parts: [], figures: [] };
  const after = countingOf(next, renamed);
  const [oldBases, newBases] = [row.revision > 0 ? basesOf(row.reviewState) : [], basesOf(next.reviewState)];
  const answersChanged = next.answers !== row.answers;
  // Unchanged answers move only between bases: out of those left, into those joined.
  const out = answersChanged ? oldBases : oldBases.filter((b) => !newBases.includes(b));
  const into = answersChanged ? newBases : newBases.filter((b) => !oldBases.includes(b));
  const figures = newBases.length > 0 ? (answersChanged || oldBases.length === 0 ? applyFigures(db, guard, after.figures) : []) : oldBases.length > 0 ? [forgetFiguresOf(db, row.id, guard)] : [];
  return {
    guard,
    check: stillAt(db, guard),
    counting: [...applyParts(db, guard, row, before.parts, -1, out), ...applyParts(db, guard, next, after.parts, 1, into), ...figures],
    update: changeWhileAt(db, guard, { answers: next.answers, contentHash: next.contentHash, contentRevision: next.contentRevision, reviewState: next.reviewState }),
  };
}

/** The renamed questions of a row's instrument version (for changeStatements). */
export async function renamesOfRow(db: Db, row: Counted): Promise<Renamed> {
  return (await renamesOf(db))(row);
}

/**
 * Replaces a stored submission's answers (already validated) and content hash: the old answers' parts come
 * out of the kept sums and the new ones go in, in one batch. Returns false when the row changed meanwhile.
 */
export async function reviseSubmission(db: Db, row: SubmissionRow, answers: Record<string, unknown>, contentHash: string): Promise<boolean> {
  const change = changeStatements(db, row, { answers: JSON.stringify(answers), contentHash }, await renamesOfRow(db, row));
  const [still] = await db.batch([change.check, ...change.counting, change.update]);
  return still.length > 0;
}
