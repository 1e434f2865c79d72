/**
 * The indicative difference in differences of a model's treated and comparison communes between two of its
 * rounds (issue 15, part 5; statistics in domain/estimates.ts `didOf`, reasons in docs/statistics.md): the kept
 * sums added up per group by the database (keptTotals with a commune → group place grouping), each group's
 * value with the design of its communes, then the four combined. Which communes are comparison ones is the
 * model's (model_places.role); `didOfModel` takes them as an argument.
 */
import type { Db } from '../db';
import type { Totals } from '../domain/aggregates';
import { isSensitive } from '../domain/disclosure';
import { type DidRole, didOf, type IndicativeDid } from '../domain/estimates';
import { type IndicatorDef, indicatorCatalogue, isCensus } from '../domain/indicators';
import type { Basis } from '../domain/review';
import { placesOfModels } from '../queries/models';
import { householdsIn, roundValue, totalsKey, totalsOfRounds } from './indicators';
import { disclosureCell, type ShownSeries, type Suppression } from './shown';

/** Whether an indicator can have a difference in differences: a sampled proportion (never a census). */
export const hasDid = (def: IndicatorDef) => def.shape === 'proportion' && !isCensus(def);

const groupsOf = (communes: readonly number[], comparison: ReadonlySet<number>) => new Map(communes.map((id) => [id, comparison.has(id) ? 'comparison' : 'treated']));

/** The four cells of one indicator between two rounds, from totals grouped treated / comparison. */
function cellsOf(def: IndicatorDef, totals: Map<string, Totals>, before: string, after: string) {
  const cell = (round: string, group: string) => roundValue(def, totals.get(totalsKey(def.id, round, '', group)), null, 0);
  const roles: Record<DidRole, ReturnType<typeof cell>> = {
    treatedBefore: cell(before, 'treated'),
    treatedAfter: cell(after, 'treated'),
    comparisonBefore: cell(before, 'comparison'),
    comparisonAfter: cell(after, 'comparison'),
  };
  return roles;
}

/**
 * Per sampled proportion with data in all four cells, its indicative difference in differences between
 * `before` and `after` (round ids), the model's `communes` split into comparison ones (`comparison`) and the
 * rest (treated). Example: treated 04771, 04732 and comparison 04663, 04675 of the Yên Bái pilot, midterm →
 * final: Map { 'caregivers-know-111' → { difference: 12.5, ci: […], pValue, df, verdict, indicative: true } }.
 */
export async function didOfModel(db: Db, rounds: { before: string; after: string }, communes: readonly number[], comparison: ReadonlySet<number>, basis: Basis): Promise<Map<string, IndicativeDid>> {
  const totals = await totalsOfRounds(db, [rounds.before, rounds.after], basis, 'all', { kind: 'place', placeOf: groupsOf(communes, comparison), withComparison: true });
  const out = new Map<string, IndicativeDid>();
  for (const def of indicatorCatalogue) {
    const did = didOf(def, cellsOf(def, totals, rounds.before, rounds.after));
    if (did) out.set(def.id, did);
  }
  return out;
}

/** One round pair's difference in differences as the reader may see it. */
export type ShownDid = { from: string; to: string } & ({ suppressed: false } & IndicativeDid | { suppressed: true });

/**
 * The model's differences in differences as its page and API show them: per indicator that can have one, the
 * baseline against each later round (`rounds` as the reader sees them, in order) where all four cells have
 * data; null when the model has no comparison commune. For readers who see aggregates only (`suppression`),
 * a pair is hidden when the model's value in either round is (`series`, suppressed as shown elsewhere) or
 * when a comparison group's value rests on too few people (domain/disclosure isSensitive).
 */
export async function didsOfModel(
  db: Db,
  model: { id: string },
  rounds: readonly { id: string; kind: string }[],
  basis: Basis,
  suppression: Suppression,
  series: readonly ShownSeries[],
): Promise<Map<string, ShownDid[]> | null> {
  const communes = (await placesOfModels(db, [model.id])).filter((p) => p.level === 'commune');
  const comparison = new Set(communes.filter((p) => p.role === 'comparison').map((p) => p.id));
  if (comparison.size === 0) return null;
  const baseline = rounds.find((r) => r.kind === 'baseline');
  const later = baseline ? rounds.filter((r) => r.kind !== 'baseline') : [];
  const out = new Map<string, ShownDid[]>(indicatorCatalogue.filter(hasDid).map((def) => [def.id, []]));
  if (!baseline || later.length === 0) return out;
  const placeOf = groupsOf(communes.map((p) => p.id), comparison);
  const totals = await totalsOfRounds(db, rounds.map((r) => r.id), basis, 'all', { kind: 'place', placeOf, withComparison: true });
  for (const def of indicatorCatalogue.filter(hasDid)) {
    const hiddenKinds = new Set(series.find((s) => s.def.id === def.id)?.values.filter((v) => v.suppressed).map((v) => v.kind) ?? []);
    for (const after of later) {
      const cells = cellsOf(def, totals, baseline.id, after.id);
      const did = didOf(def, cells);
      if (!did) continue;
      const sensitive = (round: string, group: 'treated' | 'comparison', role: DidRole) =>
        isSensitive(disclosureCell(def, group, cells[role].value, true, householdsIn(def, totals, round, '', group)), suppression!.threshold);
      const hidden =
        suppression !== null &&
        (hiddenKinds.has(baseline.kind) ||
          hiddenKinds.has(after.kind) ||
          sensitive(baseline.id, 'comparison', 'comparisonBefore') ||
          sensitive(after.id, 'comparison', 'comparisonAfter') ||
          sensitive(baseline.id, 'treated', 'treatedBefore') ||
          sensitive(after.id, 'treated', 'treatedAfter'));
      out.get(def.id)!.push(hidden ? { from: baseline.kind, to: after.kind, suppressed: true } : { from: baseline.kind, to: after.kind, suppressed: false, ...did });
    }
  }
  return out;
}
