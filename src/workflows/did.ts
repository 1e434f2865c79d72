/**
 * The indicative difference in differences of a model's treated and comparison communes between two of its
 * rounds (issue 15, part 5; statistics in domain/estimates.ts `didOf`, reasons in docs/statistics.md): the kept
 * sums added up per group by the database (keptTotals with a commune → group place grouping), each group's
 * value with the design of its communes, then the four combined. Which communes are comparison ones is the
 * caller's (the model's settings).
 */
import type { Db } from '../db';
import { type DidRole, didOf, type IndicativeDid } from '../domain/estimates';
import { indicatorCatalogue } from '../domain/indicators';
import type { Basis } from '../domain/review';
import { roundValue, totalsKey, totalsOfRounds } from './indicators';

/**
 * Per sampled proportion with data in all four cells, its indicative difference in differences between
 * `before` and `after` (round ids), the model's `communes` split into comparison ones (`comparison`) and the
 * rest (treated). Example: treated 04771, 04732 and comparison 04663, 04675 of the Yên Bái pilot, midterm →
 * final: Map { 'caregivers-know-111' → { difference: 12.5, ci: […], pValue, df, verdict, indicative: true } }.
 */
export async function didOfModel(db: Db, rounds: { before: string; after: string }, communes: readonly number[], comparison: ReadonlySet<number>, basis: Basis): Promise<Map<string, IndicativeDid>> {
  const placeOf = new Map(communes.map((id) => [id, comparison.has(id) ? 'comparison' : 'treated']));
  const totals = await totalsOfRounds(db, [rounds.before, rounds.after], basis, 'all', { kind: 'place', placeOf });
  const out = new Map<string, IndicativeDid>();
  for (const def of indicatorCatalogue) {
    const cell = (round: string, group: string) => roundValue(def, totals.get(totalsKey(def.id, round, '', group)), null, 0);
    const roles: Record<DidRole, ReturnType<typeof cell>> = {
      treatedBefore: cell(rounds.before, 'treated'),
      treatedAfter: cell(rounds.after, 'treated'),
      comparisonBefore: cell(rounds.before, 'comparison'),
      comparisonAfter: cell(rounds.after, 'comparison'),
    };
    const did = didOf(def, roles);
    if (did) out.set(def.id, did);
  }
  return out;
}
