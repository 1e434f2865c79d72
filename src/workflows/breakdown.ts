/**
 * An indicator broken down by a child's sex, age band or CSC group, or by commune, across a model's rounds:
 * one series per category, from the kept sums of that dimension (never the submissions).
 */
import type { Db } from '../db';
import type { Basis } from '../domain/review';
import { childDimensions, type ChildDimension, dimensionsOf } from '../domain/disaggregation';
import { type LinkedChange, linkedChange } from '../domain/estimates';
import { type Totals, totalsOf, valueOfTotals } from '../domain/aggregates';
import type { Households } from '../domain/disclosure';
import { canonicalAnswers, type IndicatorDef, indicatorCatalogue } from '../domain/indicators';
import type { Target } from '../domain/targets';
import { renamesByVersion } from '../queries/instruments';
import { linkedHouseholds } from '../queries/submissions';
import { targetsOfModels } from '../queries/targets';
import { householdsIn, type IndicatorSeries, type RoundOfModel, seriesOf, totalsKey, totalsOfRounds } from './indicators';

export type BreakdownBy = ChildDimension | 'commune';
type ModelRef = { id: string; programmeId: string };
export const breakdownChoices: readonly BreakdownBy[] = [...childDimensions, 'commune'];

export interface CategorySeries {
  /** The category: 'female', '6-10', '4' (a CSC group), or a commune's id. */
  category: string;
  series: IndicatorSeries;
}

/** Per indicator id, one series per category that has data in any round (indicators that cannot be broken down by `by` are absent). */
export async function breakdownOfModel(db: Db, model: ModelRef, modelRounds: RoundOfModel[], by: BreakdownBy, basis: Basis): Promise<Map<string, CategorySeries[]>> {
  const [totals, targets] = await Promise.all([breakdownTotals(db, modelRounds.map((r) => r.id), by, basis), targetsOfModels(db, [model.id])]);
  return breakdownsFrom(totals, by, targets)(model, modelRounds);
}

/** The totals a breakdown by `by` reads, of some rounds (of one model or several) and the indicators `defs`. */
export function breakdownTotals(db: Db, roundIds: string[], by: BreakdownBy, basis: Basis, defs: readonly IndicatorDef[] = indicatorCatalogue) {
  return by === 'commune' ? totalsOfRounds(db, roundIds, basis, 'all', { kind: 'commune' }, defs) : totalsOfRounds(db, roundIds, basis, by, undefined, defs);
}

/** Categories in reading order, numbers by value ('2' before '10'); one collator, not one per comparison. */
const inCategoryOrder = new Intl.Collator('vi', { numeric: true }).compare;

/**
 * Each model's breakdown by `by` of the indicators `defs`, from totals that hold its rounds (breakdownTotals,
 * of one model or several: the categories of each round are listed once). With `estimates` false (disclosure
 * control, which reads values only) each series works out its estimates and changes only if they are read.
 */
export function breakdownsFrom(totals: Map<string, Totals>, by: BreakdownBy, targets: readonly Target[], defs: readonly IndicatorDef[] = indicatorCatalogue) {
  // Round → indicator → categories with data.
  const byRound = new Map<string, Map<string, Set<string>>>();
  for (const key of totals.keys()) {
    const [indicatorId, roundId, category, place] = key.split('\u0000');
    const ofRound = byRound.get(roundId) ?? new Map<string, Set<string>>();
    byRound.set(roundId, ofRound.set(indicatorId, (ofRound.get(indicatorId) ?? new Set()).add(by === 'commune' ? place : category)));
  }
  return (model: ModelRef, modelRounds: RoundOfModel[], estimates = true): Map<string, CategorySeries[]> => {
    const out = new Map<string, CategorySeries[]>();
    for (const def of defs) {
      if (!dimensionsOf(def).includes(by)) continue;
      const categories = new Set(modelRounds.flatMap((r) => [...(byRound.get(r.id)?.get(def.id) ?? [])]));
      const sorted = [...categories].sort(inCategoryOrder);
      out.set(
        def.id,
        sorted.map((category) => {
          const totalsIn = (roundId: string) => totals.get(by === 'commune' ? totalsKey(def.id, roundId, '', category) : totalsKey(def.id, roundId, category));
          const householdsOf = (roundId: string) => (by === 'commune' ? householdsIn(def, totals, roundId, '', category) : householdsIn(def, totals, roundId, category));
          const series = () => seriesOf(def, model, modelRounds, totalsIn, targets, householdsOf);
          return { category, series: estimates ? series() : valuesFirst(def, modelRounds, totalsIn, householdsOf, series) };
        }),
      );
    }
    return out;
  };
}

/** A series whose values are worked out now and whose target, estimates and changes (`full`'s) only when read. */
function valuesFirst(
  def: IndicatorDef,
  modelRounds: RoundOfModel[],
  totalsIn: (roundId: string) => Totals | undefined,
  householdsOf: (roundId: string) => Households | undefined,
  full: () => IndicatorSeries,
): IndicatorSeries {
  let made: IndicatorSeries | undefined;
  const series = () => (made ??= full());
  return {
    def,
    get target() {
      return series().target;
    },
    values: modelRounds.map((r, i) => {
      const households = householdsOf(r.id);
      return {
        roundId: r.id,
        kind: r.kind,
        value: valueOfTotals(def, totalsIn(r.id) ?? totalsOf([])),
        ...(households ? { households } : {}),
        get estimate() {
          return series().values[i].estimate;
        },
      };
    }),
    get changes() {
      return series().changes;
    },
  };
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
