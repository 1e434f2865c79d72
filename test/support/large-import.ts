/**
 * A large backup file for the import tests on Node (test/imports-large.test.ts) and on Workers
 * (test/workers/imports-large.test.ts): the same items and the same expected answers on both. Evaluator Lan's
 * items in the two open rounds of the demo seed, mostly new households, with commune checklists (registered
 * figures, a later one replacing an earlier one), items sent one by one before the import (200), resends of an
 * earlier item of the file in the same slice and in an earlier one (200), an id again with other answers (409),
 * and invalid answers (422). Nothing here touches Node or Workers: a Db, plain values.
 */
import { asc } from 'drizzle-orm';
import { indicatorAggregates, registeredCounts } from '../../db/schema';
import type { Db } from '../../src/db';
import { checklistAnswers, householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { uuidFrom } from '../../src/seed/demo';

const rounds = [
  { round: 'hn-phu-chau-midterm', commune: '09649' },
  { round: 'hn-me-linh-midterm', commune: '09010' },
];
export const lan = 'evaluator@example.org';

export interface LargeImport {
  file: { format: string; formatVersion: number; submissions: Record<string, unknown>[] };
  /** Items to send one by one (POST /api/v1/submissions) before the import. */
  sentBefore: Record<string, unknown>[];
  /** The status the import answers for each item, in file order. */
  expected: number[];
}

/** `n` items (at least 200, so that resends reach back a slice); the same `seed` gives the same file. */
export function largeImport(n: number, seed = 16): LargeImport {
  const rng = seededRng(seed);
  const items: Record<string, unknown>[] = [];
  const expected: number[] = [];
  const sentBefore: Record<string, unknown>[] = [];
  const household = (i: number) => ({ id: uuidFrom(rng), ...rounds[i % 2], instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }), evaluator: lan });
  for (let i = 0; i < n; i++) {
    const kind = i % 25;
    const [item, status] =
      kind === 20 ? [{ ...household(i), instrument: 'commune-checklist', answers: checklistAnswers(rng, { reportingYear: 2017, cscAssistedRate: rng() }) }, 201]
      : kind === 21 && i >= 25 ? [{ ...items[i - 2] }, 200]
      : kind === 22 && i >= 150 ? [{ ...items[i - 130] }, 200]
      : kind === 23 && i >= 25 ? [{ ...items[i - 5], answers: { ...(items[i - 5].answers as object), household_number: `khác-${i}` } }, 409]
      : kind === 24 ? [{ ...household(i), answers: { ...householdAnswers(rng, { knows111Rate: 0.5 }), respondent_age: 7 } }, 422]
      : [household(i), 201];
    if (i % 100 === 10) sentBefore.push(item);
    items.push(item);
    expected.push(i % 100 === 10 ? 200 : status);
  }
  return { file: { format: 'moc-backup', formatVersion: 1, submissions: items }, sentBefore, expected };
}

/** The kept sums and registered figures, in a stable order: what counting the stored submissions again must give. */
export async function keptState(db: Db) {
  const a = indicatorAggregates;
  const r = registeredCounts;
  return {
    sums: await db.select().from(a).orderBy(asc(a.basis), asc(a.roundId), asc(a.dimension), asc(a.indicatorId), asc(a.indicatorVersion), asc(a.category), asc(a.communeId)),
    figures: await db.select().from(r).orderBy(asc(r.roundId), asc(r.communeId), asc(r.figure)),
  };
}
