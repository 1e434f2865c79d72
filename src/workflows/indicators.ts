/**
 * Indicator values of one model across its rounds, from the kept sums (indicator_aggregates) and registered
 * counts: a page reads a few rows per commune, never the submissions.
 */
import type { Db } from '../db';
import type { Basis } from '../domain/review';
import { clustersIndicator, householdMoments, householdsIndicator, householdsOfTotals, type KeptDimension, ratioTotals, type Totals, totalsOf, valueOfTotals } from '../domain/aggregates';
import type { Households } from '../domain/disclosure';
import { type IndicatorDef, indicatorCatalogue, type IndicatorValue } from '../domain/indicators';
import { figuresOfRounds, type Grouping, keptTotals } from '../queries/aggregates';
import { changes, type Estimate, estimate, type RoundChange } from '../domain/estimates';
import { type Target, targetFor } from '../domain/targets';
import { keepQuietly, keptRoundTotals, keptVersionsOf, storeRoundTotals } from '../queries/kept-versions';
import { targetsOfModels } from '../queries/targets';

export interface IndicatorSeries {
  def: IndicatorDef;
  /** The last target due; each round's estimate is against the target due in or after its year. */
  target: Target | null;
  /** `households`: for child-level indicators, the households behind the value (disclosure control only, never shown). */
  values: { roundId: string; kind: string; value: IndicatorValue; estimate: Estimate; households?: Households }[];
  changes: RoundChange[];
}

/** One indicator for one round, from its totals: the value, and its estimate with the communes as clusters. */
export function roundValue(def: IndicatorDef, totals: Totals | undefined, target: Target | null, year: number) {
  const t = totals ?? totalsOf([]);
  const value = valueOfTotals(def, t);
  return { value, estimate: estimate(def, value, t.moments, target, year, t.households) };
}

export const totalsKey = (indicatorId: string, roundId: string, category = '', place = '') => `${indicatorId}\u0000${roundId}\u0000${category}\u0000${place}`;

/** The indicators of these ids in the catalogue's order, or every indicator (a page that shows a few asks for those). */
export const indicatorsNamed = (ids?: readonly string[]): readonly IndicatorDef[] => (ids ? indicatorCatalogue.filter((d) => ids.includes(d.id)) : indicatorCatalogue);

/** The kept ids that `defs` read (a child-level one's households and clusters too); undefined for the whole catalogue. */
function keptIdsOf(defs: readonly IndicatorDef[]): string[] | undefined {
  if (defs === indicatorCatalogue) return undefined;
  return defs.filter((d) => d.shape !== 'ratio').flatMap((d) => (d.unitOfAnalysis === 'child' ? [d.id, householdsIndicator(d.id), clustersIndicator(d.id)] : [d.id]));
}

/**
 * The totals of some rounds per indicator × round × category × place (totalsKey), for the current
 * definitions of `defs` (every indicator unless a page shows fewer): kept sums added up by the database, ratios
 * from the communes' registered figures, and the households behind child-level values under
 * `householdsIndicator(id)` (read them with `householdsIn`).
 */
export async function totalsOfRounds(
  db: Db,
  roundIds: string[],
  basis: Basis,
  dimension: KeptDimension = 'all',
  grouping: Grouping = { kind: 'overall' },
  defs: readonly IndicatorDef[] = indicatorCatalogue,
): Promise<Map<string, Totals>> {
  const withComparison = grouping.kind === 'place' && grouping.withComparison === true;
  const ratios = dimension === 'all' ? defs.filter((d) => d.shape === 'ratio') : [];
  const ids = keptIdsOf(defs);
  const { kept, figures, ratioTotalsOf } =
    dimension === 'all' && grouping.kind === 'overall'
      ? { ...(await overallTotals(db, roundIds, basis, ids, ratios)), figures: [] }
      : await Promise.all([keptTotals(db, roundIds, dimension, grouping, basis, ids), ratios.length > 0 ? figuresOfRounds(db, roundIds, withComparison) : []]).then(([kept, figures]) => ({ kept, figures, ratioTotalsOf: [] }));
  const versions = new Map(defs.flatMap((d) => [[d.id, d.version], [householdsIndicator(d.id), d.version], [clustersIndicator(d.id), d.version]]));
  const out = new Map<string, Totals>();
  for (const r of kept) {
    if (versions.get(r.indicatorId) !== r.indicatorVersion) continue;
    out.set(totalsKey(r.indicatorId, r.roundId, r.category, r.place), { terms: r.terms, moments: r });
  }
  // A child-level value carries its households as clusters (its estimate in a single commune needs them).
  for (const def of defs.filter((d) => d.unitOfAnalysis === 'child')) {
    for (const r of kept.filter((k) => k.indicatorId === clustersIndicator(def.id) && k.indicatorVersion === def.version)) {
      const children = out.get(totalsKey(def.id, r.roundId, r.category, r.place));
      if (children) children.households = householdMoments(children, out.get(totalsKey(r.indicatorId, r.roundId, r.category, r.place)));
    }
  }
  const placeOf = (communeId: number) => (grouping.kind === 'place' ? grouping.placeOf.get(communeId) : grouping.kind === 'commune' ? String(communeId) : '');
  const communes = new Map<string, Record<string, number>[]>();
  for (const f of figures) {
    const place = placeOf(f.communeId);
    if (place === undefined) continue;
    const key = `${f.roundId}\u0000${place}`;
    const list = communes.get(key);
    if (list) list.push(f.figures);
    else communes.set(key, [f.figures]);
  }
  for (const r of ratioTotalsOf) out.set(totalsKey(r.indicatorId, r.roundId), r.totals);
  for (const def of ratios) {
    for (const [key, list] of communes) {
      const [roundId, place] = key.split('\u0000');
      out.set(totalsKey(def.id, roundId, '', place), ratioTotals(def, list));
    }
  }
  return out;
}

type KeptRow = Awaited<ReturnType<typeof keptTotals>>[number];
type RatioTotals = { indicatorId: string; version: number; totals: Totals };
/** What is kept of a round (round_totals): its kept sums added up, and each ratio's totals when it has registered figures. */
type KeptRound = { kept: KeptRow[]; ratios: RatioTotals[] };

/** Totals that read back from JSON as they were (no NaN or Infinity, which JSON turns into null). */
const storable = (r: KeptRound) => r.ratios.every((x) => Number.isFinite(x.totals.terms) && Object.values(x.totals.moments).every(Number.isFinite));

/**
 * keptTotals of whole rounds (overall, treated communes) of the kept ids `ids` (all when absent), and the totals
 * of the ratios `ratios` from the rounds' registered figures: from those kept per round while its sums and
 * figures have not changed (round_totals), the other rounds read again and kept. The page then reads one row
 * per round, not one per commune and indicator.
 */
async function overallTotals(db: Db, roundIds: string[], basis: Basis, ids: readonly string[] | undefined, ratios: readonly IndicatorDef[]) {
  // Versions read before the sums: totals added up from them are kept under these, so a change in between leaves them stale.
  const [held, versions] = await Promise.all([keptRoundTotals(db, roundIds, basis), keptVersionsOf(db, roundIds, basis)]);
  const rounds = held.map((h) => ({ roundId: h.roundId, ...(JSON.parse(h.totals) as KeptRound) }));
  const heldIds = new Set(held.map((h) => h.roundId));
  const stale = roundIds.filter((r) => !heldIds.has(r));
  if (stale.length > 0) {
    const [kept, figures] = await Promise.all([keptTotals(db, stale, 'all', { kind: 'overall' }, basis), figuresOfRounds(db, stale)]);
    const worked = stale.map((roundId) => {
      const list = figures.filter((f) => f.roundId === roundId).map((f) => f.figures);
      // As from the figures themselves: a round without any has no ratio totals.
      const ratiosOfRound = list.length === 0 ? [] : indicatorCatalogue.filter((d) => d.shape === 'ratio').map((d) => ({ indicatorId: d.id, version: d.version, totals: ratioTotals(d, list) }));
      return { roundId, kept: kept.filter((r) => r.roundId === roundId), ratios: ratiosOfRound };
    });
    rounds.push(...worked);
    const rows = worked.filter(storable).map(({ roundId, ...round }) => ({ roundId, version: versions.get(roundId) ?? 0, totals: JSON.stringify(round) }));
    await keepQuietly(db, storeRoundTotals(db, basis, rows));
  }
  const wanted = ids && new Set(ids);
  const ratioVersions = new Map(ratios.map((d) => [d.id, d.version]));
  return {
    kept: rounds.flatMap((r) => (wanted ? r.kept.filter((k) => wanted.has(k.indicatorId)) : r.kept)),
    ratioTotalsOf: rounds.flatMap((r) => r.ratios.filter((x) => ratioVersions.get(x.indicatorId) === x.version).map((x) => ({ roundId: r.roundId, indicatorId: x.indicatorId, totals: x.totals }))),
  };
}

export async function indicatorsOfModel(db: Db, model: { id: string; programmeId: string }, modelRounds: RoundOfModel[], basis: Basis): Promise<IndicatorSeries[]> {
  const [totals, targets] = await Promise.all([totalsOfRounds(db, modelRounds.map((r) => r.id), basis), targetsOfModels(db, [model.id])]);
  return seriesOfModel(model, modelRounds, totals, targets);
}

export type RoundOfModel = { id: string; kind: string; plannedStart: string };

/**
 * The indicators `defs` (every one by default) of one model across its rounds, from totals read for these rounds
 * (and maybe others), against the stored targets (queries/targets `targetsOfModels`: the model's own and its
 * programme's, maybe others').
 */
export function seriesOfModel(
  model: { id: string; programmeId: string },
  modelRounds: RoundOfModel[],
  totals: Map<string, Totals>,
  targets: readonly Target[],
  defs: readonly IndicatorDef[] = indicatorCatalogue,
): IndicatorSeries[] {
  return defs.map((def) => seriesOf(def, model, modelRounds, (roundId) => totals.get(totalsKey(def.id, roundId)), targets, (roundId) => householdsIn(def, totals, roundId)));
}

/** The households behind a child-level indicator's totals (totalsKey's category and place), none for other indicators. */
export function householdsIn(def: IndicatorDef, totals: Map<string, Totals>, roundId: string, category = '', place = ''): Households | undefined {
  return def.unitOfAnalysis === 'child' ? householdsOfTotals(totals.get(totalsKey(householdsIndicator(def.id), roundId, category, place))) : undefined;
}

/** One indicator across a model's rounds, each round's totals from `totalsIn` (and households from `householdsOf`). */
export function seriesOf(
  def: IndicatorDef,
  model: { id: string; programmeId: string },
  modelRounds: RoundOfModel[],
  totalsIn: (roundId: string) => Totals | undefined,
  targets: readonly Target[],
  householdsOf: (roundId: string) => Households | undefined = () => undefined,
): IndicatorSeries {
  const values = modelRounds.map((r) => {
    const year = Number(r.plannedStart.slice(0, 4));
    // Each round against the target due in or after its year (Hanoi 2015: 95%, later: 98%).
    const due = targetFor(def.id, model, targets, year);
    const households = householdsOf(r.id);
    return { roundId: r.id, kind: r.kind, ...roundValue(def, totalsIn(r.id), due, year), ...(households ? { households } : {}) };
  });
  return { def, target: targetFor(def.id, model, targets), values, changes: changes(def, values) };
}
