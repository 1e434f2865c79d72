/**
 * An indicator broken down by a child's sex, age band or CSC group, or by commune, across a model's rounds:
 * one series per category, from the kept sums of that dimension (never the submissions).
 */
import type { Db } from '../db';
import type { Basis } from '../domain/review';
import { childDimensions, type ChildDimension, dimensionsOf } from '../domain/disaggregation';
import { type LinkedChange, linkedChange } from '../domain/estimates';
import { canonicalAnswers, indicatorCatalogue } from '../domain/indicators';
import { renamesByVersion } from '../queries/instruments';
import { linkedHouseholds } from '../queries/submissions';
import { targetsOfModels } from '../queries/targets';
import { householdsIn, type IndicatorSeries, seriesOf, totalsKey, totalsOfRounds } from './indicators';

export type BreakdownBy = ChildDimension | 'commune';
export const breakdownChoices: readonly BreakdownBy[] = [...childDimensions, 'commune'];

export interface CategorySeries {
  /** The category: 'female', '6-10', '4' (a CSC group), or a commune's id. */
  category: string;
  series: IndicatorSeries;
}

/** Per indicator id, one series per category that has data in any round (indicators that cannot be broken down by `by` are absent). */
export async function breakdownOfModel(
  db: Db,
  model: { id: string; programmeId: string },
  modelRounds: { id: string; kind: string; plannedStart: string }[],
  by: BreakdownBy,
  basis: Basis,
): Promise<Map<string, CategorySeries[]>> {
  const roundIds = modelRounds.map((r) => r.id);
  const totals = by === 'commune' ? await totalsOfRounds(db, roundIds, basis, 'all', { kind: 'commune' }) : await totalsOfRounds(db, roundIds, basis, by);
  const targets = await targetsOfModels(db, [model.id]);
  const categories = new Map<string, Set<string>>();
  for (const key of totals.keys()) {
    const [indicatorId, , category, place] = key.split('\u0000');
    const set = categories.get(indicatorId) ?? new Set();
    set.add(by === 'commune' ? place : category);
    categories.set(indicatorId, set);
  }
  const out = new Map<string, CategorySeries[]>();
  for (const def of indicatorCatalogue) {
    if (!dimensionsOf(def).includes(by)) continue;
    const sorted = [...(categories.get(def.id) ?? [])].sort((a, b) => a.localeCompare(b, 'vi', { numeric: true }));
    out.set(
      def.id,
      sorted.map((category) => ({
        category,
        series: seriesOf(
          def,
          model,
          modelRounds,
          (roundId) => totals.get(by === 'commune' ? totalsKey(def.id, roundId, '', category) : totalsKey(def.id, roundId, category)),
          targets,
          (roundId) => (by === 'commune' ? householdsIn(def, totals, roundId, '', category) : householdsIn(def, totals, roundId, category)),
        ),
      })),
    );
  }
  return out;
}

/**
 * Per indicator, the changes among households surveyed in two rounds of the model (McNemar), for each pair
 * of consecutive rounds and first → last. Reads the linked households' answers: asked for explicitly, not on
 * every page.
 */
export async function linkedChangesOfModel(db: Db, modelRounds: { id: string; kind: string }[], basis: Basis): Promise<Map<string, LinkedChange[]>> {
  const pairs: [number, number][] = modelRounds.slice(1).map((_, i) => [i, i + 1]);
  if (modelRounds.length > 2) pairs.push([0, modelRounds.length - 1]);
  const out = new Map<string, LinkedChange[]>();
  const renames = await renamesByVersion(db);
  const canonical = (json: string, version: number) => canonicalAnswers(JSON.parse(json), renames.get(`household@${version}`) ?? {});
  for (const [i, j] of pairs) {
    const rows = await linkedHouseholds(db, modelRounds[i].id, modelRounds[j].id, basis);
    const answers = rows.map((r): [Record<string, unknown>, Record<string, unknown>] => [canonical(r.before, r.beforeVersion), canonical(r.after, r.afterVersion)]);
    for (const def of indicatorCatalogue) {
      const change = linkedChange(def, modelRounds[i].kind, modelRounds[j].kind, answers);
      if (change) out.set(def.id, [...(out.get(def.id) ?? []), change]);
    }
  }
  return out;
}
