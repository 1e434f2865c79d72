/**
 * Indicators rolled up from communes to districts, provinces or the whole programme, under the boundaries
 * the rounds were run in or under today's (places over time, domain/places.ts). Sums add up, values never
 * average: each unit's value comes from its communes' kept sums, over every round of the chosen kind.
 */
import type { Db } from '../db';
import type { Basis } from '../domain/review';
import { type Actor, canSeeRound, type Scope } from '../domain/access';
import { addTotals, householdsIndicator, householdsOfTotals, type Totals, totalsOf } from '../domain/aggregates';
import type { IndicatorDef } from '../domain/indicators';
import { type PlaceNode, rollUpUnit } from '../domain/places';
import { targetFor } from '../domain/targets';
import { modelsMatching } from '../domain/model-filter';
import { listModels, type ModelSummary, placesOfModels } from '../queries/models';
import { loadPlaceGraph } from '../queries/places';
import { plainRoundsOfModels } from '../queries/rounds';
import { targetsOf } from '../queries/targets';
import { type RoundKind, roundKinds } from '../domain/rounds';
import { type IndicatorSeries, indicatorsNamed, roundValue, totalsOfRounds } from './indicators';
import { disclosureCell, type HiddenOfModel, shown, shownModels, type ShownSeries, suppressionOf } from './shown';
import { type Households, isSensitive } from '../domain/disclosure';

export type RollUpLevel = 'district' | 'province' | 'programme';
export const rollUpLevels: readonly RollUpLevel[] = ['district', 'province', 'programme'];

export interface RollUpFilter {
  level: RollUpLevel;
  boundaries: 'round' | 'today';
  round: RoundKind;
  province?: string;
  type?: string;
}

/** The roll-up's filters from a query string, shared by the page and the API; unknown values fall back. */
export function rollUpFilterFrom(query: (name: string) => string | undefined): RollUpFilter {
  const level = query('level') as RollUpLevel;
  const round = query('round') as RoundKind;
  return {
    level: rollUpLevels.includes(level) ? level : 'province',
    boundaries: query('boundaries') === 'today' ? 'today' : 'round',
    round: (roundKinds as readonly string[]).includes(round) ? round : 'baseline',
    province: query('province') || undefined,
    type: query('type') || undefined,
  };
}

export interface RollUpRow {
  /** The district or province, null for the whole programme or for communes that cannot be placed. */
  unit: PlaceNode | null;
  /** True for the row of communes that cannot be placed under the chosen boundaries. */
  unmapped: boolean;
  communes: number;
  /** Per indicator id: one value (a series of one round kind, as the reader may see it). */
  cells: Map<string, ShownSeries>;
}

/**
 * Each unit's values of the indicators `shownIds` (all when absent: the page asks for its columns and chart
 * only). `inScope`: the models in scope (listModels) when the caller has read them already.
 */
export async function programmeRollUp(
  ctx: { db: Db; actor: Actor; scope: Scope; threshold: number; today: string; basis: Basis; inScope?: readonly ModelSummary[] },
  filter: RollUpFilter,
  shownIds?: readonly string[],
): Promise<RollUpRow[]> {
  const defs = indicatorsNamed(shownIds);
  const models = modelsMatching(ctx.inScope ?? (await listModels(ctx.db, ctx.scope)), filter);
  const rounds = (await plainRoundsOfModels(ctx.db, models.map((m) => m.id))).filter((r) => r.kind === filter.round && canSeeRound(ctx.actor, ctx.scope, r));
  const [graph, places] = await Promise.all([loadPlaceGraph(ctx.db), placesOfModels(ctx.db, models.map((m) => m.id))]);
  const boundaries = filter.boundaries === 'today' ? ({ kind: 'today', date: ctx.today } as const) : ({ kind: 'round' } as const);
  // Commune → unit key ('' for the programme, '-' for "not mapped"); the database adds up per unit.
  const placeOf = new Map<number, string>();
  // A model's comparison communes are not the model's: they add to no unit (nor to its commune count).
  for (const p of places.filter((p) => p.level === 'commune' && p.role === 'treated')) {
    const unit = filter.level === 'programme' ? '' : rollUpUnit(graph, p.id, filter.level, boundaries);
    placeOf.set(p.id, unit === null ? '-' : String(unit));
  }
  const totals = await totalsOfRounds(ctx.db, rounds.map((r) => r.id), ctx.basis, 'all', { kind: 'place', placeOf }, defs);
  // Every round of the kind together: per indicator × unit.
  const byUnit = new Map<string, Map<string, Totals>>();
  for (const [key, t] of totals) {
    const [indicatorId, , , unit] = key.split('\u0000');
    const cells = byUnit.get(unit) ?? new Map<string, Totals>();
    cells.set(indicatorId, addTotals(cells.get(indicatorId) ?? totalsOf([]), t));
    byUnit.set(unit, cells);
  }
  const programmes = new Set(models.map((m) => m.programmeId));
  const programme = programmes.size === 1 ? [...programmes][0] : null;
  const year = Math.max(0, ...rounds.map((r) => Number(r.plannedStart.slice(0, 4))));
  const targets = programme ? await targetsOf(ctx.db, { programmes: [programme], models: [] }) : [];
  const suppression = suppressionOf(ctx.actor, ctx.threshold);
  // For readers who see aggregates only: what each model hides, to hide a unit that would give it away.
  const hiddenOf = suppression ? (await shownModels(ctx.db, models.map((model) => ({ model, rounds: rounds.filter((r) => r.modelId === model.id) })), suppression, [], ctx.basis, defs)).map((m) => m.hidden) : [];
  const communesIn = (unit: string) => [...placeOf.values()].filter((u) => u === unit).length;
  const units = [...new Set(placeOf.values())].sort((a, b) => (a === '-' ? 1 : b === '-' ? -1 : (graph.byId.get(Number(a))?.code ?? '').localeCompare(graph.byId.get(Number(b))?.code ?? '')));
  return units.map((unit) => {
    const cells = new Map<string, ShownSeries>();
    for (const def of defs) {
      const target = programme ? targetFor(def.id, { id: '', programmeId: programme }, targets, year) : null;
      const series = oneValue(def, filter.round, byUnit.get(unit)?.get(def.id), target, year);
      const households = def.unitOfAnalysis === 'child' ? householdsOfTotals(byUnit.get(unit)?.get(householdsIndicator(def.id))) : undefined;
      const hide = suppression !== null && unitHidden(def, series, households, unit, hiddenOf, placeOf, suppression.threshold);
      cells.set(def.id, shown(series, () => hide));
    }
    return { unit: unit === '' || unit === '-' ? null : (graph.byId.get(Number(unit)) ?? null), unmapped: unit === '-', communes: communesIn(unit), cells };
  });
}

function oneValue(def: IndicatorDef, kind: RoundKind, totals: Totals | undefined, target: ReturnType<typeof targetFor>, year: number): IndicatorSeries {
  return { def, target, values: [{ roundId: kind, kind, ...roundValue(def, totals, target, year) }], changes: [] };
}

/**
 * A unit's value is hidden from readers who see aggregates only when it is sensitive itself, or when it
 * would give a hidden value away: it is published only if, for every model round it adds up, either all of
 * that round's communes in the unit are shown (the unit is a sum of shown cells) or the unit holds all of
 * that round's communes and the model's value is shown (the unit is a sum of shown models).
 */
function unitHidden(
  def: IndicatorDef,
  series: IndicatorSeries,
  households: Households | undefined,
  unit: string,
  hiddenOf: HiddenOfModel[],
  placeOf: Map<number, string>,
  threshold: number,
): boolean {
  const { value } = series.values[0];
  if (value.n === 0) return false;
  if (isSensitive(disclosureCell(def, unit, value, true, households), threshold)) return true;
  for (const hidden of hiddenOf) {
    for (const round of hidden.get(def.id)?.values() ?? []) {
      const communes = [...round.communes];
      const inUnit = communes.filter(([commune]) => placeOf.get(Number(commune)) === unit);
      if (inUnit.length === 0 || inUnit.every(([, isHidden]) => !isHidden)) continue;
      if (inUnit.length === communes.length && !round.total) continue;
      return true;
    }
  }
  return false;
}
