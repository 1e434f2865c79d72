/**
 * Indicator values as their reader may see them. For readers who see aggregates only (access.seesSuppressed
 * false), everything one model publishes about one indicator in one round — its value, its communes, its
 * children by sex, age band and CSC group — is one table for disclosure control (domain/disclosure.ts), so
 * that the model page, its breakdowns, the API, the overview and the roll-up hide the same cells whichever
 * one is asked. A hidden round carries nothing but where it is.
 */
import { type Actor, seesSuppressed } from '../domain/access';
import { type DisclosureCell, disclosureRules, hiddenCells, type Households, linkedChangeShown, type Relation } from '../domain/disclosure';
import type { Estimate, LinkedChange } from '../domain/estimates';
import { dimensionsOf } from '../domain/disaggregation';
import { type IndicatorDef, indicatorCatalogue, type IndicatorValue } from '../domain/indicators';
import type { Db } from '../db';
import type { Basis } from '../domain/review';
import { type KeptHidden, keptHiddenCells, keptVersionsOf, keepQuietly, storeHiddenCells } from '../queries/kept-versions';
import { targetsOfModels } from '../queries/targets';
import { type BreakdownBy, breakdownChoices, breakdownsFrom, breakdownTotals, type CategorySeries } from './breakdown';
import { type IndicatorSeries, type RoundOfModel, seriesOfModel, totalsOfRounds } from './indicators';

type ModelRef = { id: string; programmeId: string };

export type ShownRound =
  | { roundId: string; kind: string; suppressed: false; value: IndicatorValue; estimate: Estimate }
  | { roundId: string; kind: string; suppressed: true; value?: undefined; estimate?: undefined };

export type ShownSeries = Omit<IndicatorSeries, 'values'> & { values: ShownRound[] };

export type ShownCategories = { category: string; series: ShownSeries }[];

/** How the reader's values are suppressed: null for readers who see every value. */
export type Suppression = { threshold: number } | null;

/** Per indicator id → round id: whether its value is hidden, and each commune with data (String(communeId) → hidden). */
export type HiddenOfModel = Map<string, Map<string, { total: boolean; communes: Map<string, boolean> }>>;

export interface ShownModel {
  series: ShownSeries[];
  /** The breakdowns asked for, per indicator id (indicators that cannot be broken down that way are absent). */
  breakdowns: Partial<Record<BreakdownBy, Map<string, ShownCategories>>>;
  /** Empty for readers who see every value. */
  hidden: HiddenOfModel;
}

/** One model's indicators and the breakdowns `wanted`, suppressed together for readers who see aggregates only. */
export async function shownModel(db: Db, model: ModelRef, rounds: RoundOfModel[], suppression: Suppression, wanted: readonly BreakdownBy[], basis: Basis): Promise<ShownModel> {
  return (await shownModels(db, [{ model, rounds }], suppression, wanted, basis))[0];
}

/**
 * Several models' indicators `defs` (a page that shows fewer asks for those; each indicator's values and
 * suppression depend on its own sums only) and the breakdowns `wanted`, as shownModel gives each, read for
 * every model at once: one read per breakdown, whatever the number of models. For readers who see aggregates
 * only, each round's hidden cells come from those kept since its kept sums last changed (suppressed_cells); the
 * rest are worked out from every breakdown of those rounds and kept for the next reader.
 */
export async function shownModels(
  db: Db,
  models: { model: ModelRef; rounds: RoundOfModel[] }[],
  suppression: Suppression,
  wanted: readonly BreakdownBy[],
  basis: Basis,
  defs: readonly IndicatorDef[] = indicatorCatalogue,
): Promise<ShownModel[]> {
  const roundIds = models.flatMap((m) => m.rounds.map((r) => r.id));
  const key = suppression && { basis, threshold: suppression.threshold, rules: disclosureRules };
  // Read before the sums: hidden cells worked out from them are kept under the version read here, so a change
  // in between leaves them stale rather than wrong.
  const [kept, versions] = key ? await Promise.all([keptHiddenCells(db, roundIds, defs, key), keptVersionsOf(db, roundIds, basis)]) : [[], new Map<string, number>()];
  const keptOf = new Map(kept.map((k): [string, RoundHidden] => [`${k.indicatorId}\u0000${k.roundId}`, { cells: new Set(k.hidden), communes: k.communes }]));
  const missing = key ? defs.flatMap((def) => roundIds.filter((r) => !keptOf.has(`${def.id}\u0000${r}`)).map((roundId) => ({ def, roundId }))) : [];
  const staleRounds = [...new Set(missing.map((m) => m.roundId))];
  const staleDefs = defs.filter((d) => missing.some((m) => m.def === d));
  // A round's table for disclosure control holds every breakdown, whatever the page shows, in one order: the
  // model's value must be hidden or shown alike on every page.
  const dims = (key ? breakdownChoices.filter((by) => wanted.includes(by) || staleDefs.length > 0) : wanted).filter((by) => defs.some((d) => dimensionsOf(d).includes(by)));
  const [totals, targets, ...byDim] = await Promise.all([
    totalsOfRounds(db, roundIds, basis, 'all', undefined, defs),
    targetsOfModels(db, models.map((m) => m.model.id)),
    ...dims.map((by) => (wanted.includes(by) ? breakdownTotals(db, roundIds, by, basis, defs) : breakdownTotals(db, staleRounds, by, basis, staleDefs))),
  ]);
  const breakdownsOf = dims.map((by, i) => breakdownsFrom(byDim[i], by, targets, defs));
  const worked: (KeptHidden & { version: number })[] = [];
  const shownOfModels = models.map(({ model, rounds }) => {
    // Breakdowns read for disclosure control only need no estimates (worked out if read).
    const breakdowns = Object.fromEntries(dims.map((by, i) => [by, breakdownsOf[i](model, rounds, wanted.includes(by))]));
    const series = seriesOfModel(model, rounds, totals, targets, defs);
    if (!key) return shownOf(series, breakdowns, null, wanted);
    const hidden: HiddenTables = new Map();
    for (const s of series) {
      hidden.set(
        s.def.id,
        s.values.map((v, i) => {
          const held = keptOf.get(`${s.def.id}\u0000${v.roundId}`);
          if (held) return held;
          const made = roundHidden(s, breakdowns, i, key.threshold);
          worked.push({ roundId: v.roundId, indicatorId: s.def.id, indicatorVersion: s.def.version, version: versions.get(v.roundId) ?? 0, hidden: [...made.cells], communes: [...made.communes] });
          return made;
        }),
      );
    }
    return shownOf(series, breakdowns, hidden, wanted);
  });
  if (key && worked.length > 0) await keepQuietly(db, storeHiddenCells(db, key, worked));
  return shownOfModels;
}

/** One round's hidden cells of one indicator ('total', 'commune:12', 'sex:female'…) and the communes with data in it. */
export interface RoundHidden {
  cells: ReadonlySet<string>;
  communes: readonly string[];
}

/** Per indicator id, one RoundHidden per round of its series, in the series' order. */
export type HiddenTables = Map<string, RoundHidden[]>;

/** Pure: the cells disclosure control hides in round `i` of a series, its table made of every breakdown in `breakdowns`. */
export function roundHidden(s: IndicatorSeries, breakdowns: Partial<Record<BreakdownBy, Map<string, CategorySeries[]>>>, i: number, threshold: number): RoundHidden {
  const communes = (breakdowns.commune?.get(s.def.id) ?? []).filter((c) => c.series.values[i].value.n > 0).map((c) => c.category);
  return { cells: hiddenCells(tableOf(s.def, s.values[i], breakdowns, i), threshold), communes };
}

/** Pure: the shown series and breakdowns from the computed ones and, for readers who see aggregates only, the hidden cells. */
export function shownOf(
  series: IndicatorSeries[],
  breakdowns: Partial<Record<BreakdownBy, Map<string, CategorySeries[]>>>,
  hiddenTables: HiddenTables | null,
  wanted: readonly BreakdownBy[],
): ShownModel {
  const hidden: HiddenOfModel = new Map();
  const shownSeries: ShownSeries[] = [];
  const shownBreakdowns: ShownModel['breakdowns'] = {};
  for (const by of wanted) shownBreakdowns[by] = new Map();
  const none: RoundHidden = { cells: new Set(), communes: [] };
  for (const s of series) {
    const tables = hiddenTables?.get(s.def.id) ?? s.values.map(() => none);
    if (hiddenTables) {
      const perRound = new Map<string, { total: boolean; communes: Map<string, boolean> }>();
      s.values.forEach((v, i) => perRound.set(v.roundId, { total: tables[i].cells.has('total'), communes: new Map(tables[i].communes.map((c) => [c, tables[i].cells.has(`commune:${c}`)])) }));
      hidden.set(s.def.id, perRound);
    }
    shownSeries.push(shown(s, (i) => tables[i].cells.has('total')));
    for (const by of wanted) {
      const categories = breakdowns[by]?.get(s.def.id);
      if (!categories) continue;
      if (by === 'cscGroup' && hiddenTables) shownBreakdowns[by]!.set(s.def.id, shownGroups(s, categories, tables));
      else shownBreakdowns[by]!.set(s.def.id, categories.map((c) => ({ category: c.category, series: shown(c.series, (i) => tables[i].cells.has(`${by}:${c.category}`)) })));
    }
  }
  return { series: shownSeries, breakdowns: shownBreakdowns, hidden };
}

/** The 14 groups of children in special circumstances (Law on Children 2016, Art. 10). */
const cscGroups = Array.from({ length: 14 }, (_, i) => String(i + 1));

/**
 * CSC groups for suppressed readers: being in a group (sexually abused, trafficked…) is itself what must not
 * be given away, so every group is listed and a group without children in a round that has data looks
 * like a suppressed one — "no data" for group 11 next to "suppressed" would tell 0 from 1–4.
 */
function shownGroups(overall: IndicatorSeries, categories: CategorySeries[], tables: RoundHidden[]): ShownCategories {
  const byGroup = new Map(categories.map((c) => [c.category, c.series]));
  return cscGroups.map((group) => {
    const series = byGroup.get(group);
    const empty = (i: number) => !series || series.values[i].value.n === 0;
    const isHidden = (i: number) => (empty(i) ? overall.values[i].value.n > 0 : tables[i].cells.has(`cscGroup:${group}`));
    return { category: group, series: shown(series ?? { ...overall, changes: [] }, isHidden) };
  });
}

/** A series with the rounds `isHidden` says stripped to where they are, and every change involving them dropped. */
export function shown(s: IndicatorSeries, isHidden: (roundIndex: number) => boolean): ShownSeries {
  // Households behind a value are for disclosure control only: never passed on.
  const values = s.values.map((v, i): ShownRound =>
    isHidden(i) ? { roundId: v.roundId, kind: v.kind, suppressed: true } : { roundId: v.roundId, kind: v.kind, value: v.value, estimate: v.estimate, suppressed: false },
  );
  const hiddenKinds = new Set(values.filter((v) => v.suppressed).map((v) => v.kind));
  return { ...s, values, changes: s.changes.filter((c) => !hiddenKinds.has(c.from) && !hiddenKinds.has(c.to)) };
}

/**
 * The changes among the same households that the reader may see: for suppressed readers, none that rests on
 * few households (linkedChangeShown) or involves a hidden round — when every household was surveyed twice,
 * midterm's count − households that said yes only after + only before is baseline's.
 */
export function shownLinkedChanges(series: ShownSeries, linked: LinkedChange[], suppression: Suppression): LinkedChange[] {
  if (!suppression) return linked;
  const hiddenKinds = new Set(series.values.filter((v) => v.suppressed).map((v) => v.kind));
  return linked.filter((l) => linkedChangeShown(l, suppression.threshold) && !hiddenKinds.has(l.from) && !hiddenKinds.has(l.to));
}


/**
 * The people behind a value: households or children (its terms) for survey indicators, the registered
 * persons (its denominator) for a ratio of registered counts, none for what is counted about communes; and
 * for a child-level value the households behind its children. A child-level value whose households are not
 * known counts as one household on each side that has children: the fewest there can be.
 */
export function disclosureCell(
  def: IndicatorDef,
  id: string,
  v: Pick<IndicatorValue, 'numerator' | 'denominator' | 'n'>,
  published = true,
  households?: Households,
): DisclosureCell {
  const people = def.shape === 'ratio' ? v.denominator : def.unitOfAnalysis === 'commune' ? null : v.n;
  const cell: DisclosureCell = { id, numerator: v.numerator, denominator: v.denominator, people, counts: def.shape === 'proportion' || def.shape === 'ratio', published };
  if (def.unitOfAnalysis !== 'child') return cell;
  const atLeastOne = (x: number) => (x > 0 ? 1 : 0);
  return { ...cell, households: households ?? { all: atLeastOne(v.n), numerator: atLeastOne(v.numerator), remainder: atLeastOne(v.denominator - v.numerator) } };
}

type RoundEntry = IndicatorSeries['values'][number];

/**
 * One round's table: the model's value ('total'), each category of each breakdown ('sex:female'), and the
 * relations: communes, sexes and age bands each add up to the total (what they do not cover is an
 * unpublished rest, e.g. children without a recorded age). CSC groups overlap: no relation. Households add
 * up over communes (the rest's follow), not over a child's sexes or age bands (one household's children
 * fall in several): there the rest's households are not known and count as the fewest there can be.
 */
function tableOf(def: IndicatorDef, total: RoundEntry, breakdowns: Partial<Record<BreakdownBy, Map<string, CategorySeries[]>>>, i: number) {
  const cells: DisclosureCell[] = [disclosureCell(def, 'total', total.value, true, total.households)];
  const relations: Relation[] = [];
  for (const [by, byIndicator] of Object.entries(breakdowns)) {
    const categories = byIndicator?.get(def.id) ?? [];
    const parts = categories.map((c) => disclosureCell(def, `${by}:${c.category}`, c.series.values[i].value, true, c.series.values[i].households));
    cells.push(...parts);
    if (by === 'cscGroup' || parts.length === 0) continue;
    const rest = { numerator: total.value.numerator, denominator: total.value.denominator, n: total.value.n };
    for (const c of categories) {
      rest.numerator -= c.series.values[i].value.numerator;
      rest.denominator -= c.series.values[i].value.denominator;
      rest.n -= c.series.values[i].value.n;
    }
    const sharedHouseholds = by !== 'commune';
    const ids = parts.map((p) => p.id);
    if (rest.numerator !== 0 || rest.denominator !== 0 || rest.n !== 0) {
      const restHouseholds = !sharedHouseholds && total.households ? minus(total.households, categories.map((c) => c.series.values[i].households)) : undefined;
      cells.push(disclosureCell(def, `${by}:?`, rest, false, restHouseholds));
      ids.push(`${by}:?`);
    }
    relations.push({ total: 'total', parts: ids, ...(sharedHouseholds ? { sharedHouseholds } : {}) });
  }
  return { cells, relations };
}

/** The households of a total less those of disjoint parts (communes); undefined when a part's are unknown. */
function minus(total: Households, parts: (Households | undefined)[]): Households | undefined {
  if (parts.some((p) => !p)) return undefined;
  const left = (k: keyof Households) => parts.reduce((x, p) => x - p![k], total[k]);
  return { all: left('all'), numerator: left('numerator'), remainder: left('remainder') };
}

/** The reader's suppression: none for those who see every value (access.seesSuppressed). */
export const suppressionOf = (actor: Actor, threshold: number): Suppression => (seesSuppressed(actor) ? null : { threshold });
