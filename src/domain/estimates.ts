/**
 * What a reader needs next to an indicator value: its 95% interval (from the design of the commune-clustered
 * sample, statistics/design.ts), whether it meets its target, and how it changed between rounds in words.
 * Pure. Commune-level indicators (registered counts, a model's communes) are a census, not a sample: they get
 * no interval and no test (docs/statistics.md).
 */
import { type IndicatorDef, type IndicatorValue, isCensus, termOf } from './indicators';
import { meetsTarget, offTrack, progressToTarget, type Target } from './targets';
import {
  type Design,
  designChange,
  differenceInDifferences,
  type GroupMoments,
  meanDesign,
  meanInterval,
  pairedChange,
  proportionDesign,
  proportionInterval,
  simpleRandomSample,
  type Verdict,
  verdict,
} from './statistics';

export interface Estimate {
  /** In the indicator's unit (e.g. percent), null for a census, a count or no data. */
  ci: [number, number] | null;
  /** Wilson or Clopper–Pearson for proportions, Student's t for means; `census` for commune-level indicators. */
  method: 'wilson' | 'exact' | 't' | 'census' | null;
  /** The design effect the interval used (2 decimals; what a reader needs to recompute it). */
  deff: number;
  /** Degrees of freedom of the interval: communes − 1 (households − 1 in one commune, for children); null: normal. */
  df: number | null;
  status: 'met' | 'not-met' | 'no-target' | 'no-data';
  /** Share of the way from the target's baseline to the target (null without a baseline or value). */
  progress: number | null;
  /** More than 10% worse than planned for the round's year (see targets.offTrack). */
  offTrack: boolean;
}

export interface RoundChange {
  from: string;
  to: string;
  /** Points in the indicator's unit, e.g. +12.5 percentage points. */
  difference: number;
  ci: [number, number];
  /** From the same interval, inverted: below 0.05 exactly when `ci` leaves out 0 (statistics/change.ts). */
  pValue: number;
  /** Degrees of freedom of the change's quantiles: the fewer of its two rounds' (null: normal). */
  df: number | null;
  verdict: Verdict;
}

const scaled = (def: IndicatorDef, x: number) => Math.round(x * def.factor * 10 ** def.decimals) / 10 ** def.decimals;

/** A p-value to 4 decimals that stays on its side of 0.05 (0.049996 is not shown as 0.05 beside "likely real"). */
export const roundedP = (p: number) => {
  const r = Math.round(p * 10000) / 10000;
  return p < 0.05 && r >= 0.05 ? 0.0499 : r;
};

/**
 * The sampling design of one round's value (statistics/design.ts): with two or more communes they are the
 * primary sampling units, which covers unequal commune sizes and children clustered in households alike; in
 * one commune, a child-level value has its households as clusters (`households`: their moments, each household
 * a group), a household-level one is a simple random sample. The design effect is kept to 2 decimals, as
 * shown, so that every interval and test can be recomputed from what a page or the API shows.
 * Example: 45/60 in 2 alike communes of 30 → deff 1, df 1.
 */
export function designOfValue(def: IndicatorDef, communes: GroupMoments, households?: GroupMoments): Design {
  const psus = communes.groups >= 2 ? communes : def.unitOfAnalysis === 'child' && households && households.groups >= 2 ? households : null;
  if (!psus) return simpleRandomSample;
  const d = def.shape === 'mean' ? meanDesign(psus) : proportionDesign(psus);
  return { deff: Math.max(1, Math.round(d.deff * 100) / 100), df: d.df };
}

/**
 * The estimate of one round (in `year`) from its value, the same value per commune (the sample's clusters;
 * for child-level values also per household, `households`) and the target that applies.
 * Example: 45/60 in 2 alike communes of 30 → deff 1, df 1: exact (effective n 60 × (1.96 / 12.71)² = 1.43).
 */
export function estimate(def: IndicatorDef, value: IndicatorValue, communes: GroupMoments, target: Target | null = null, year = 0, households?: GroupMoments): Estimate {
  const status = targetStatus(def, value, target);
  const progress = target && value.value !== null ? progressToTarget(target, value.value) : null;
  const track = { status, progress: progress === null ? null : Math.round(progress * 100) / 100, offTrack: Boolean(target && value.value !== null && offTrack(def, target, value.value, year)) };
  const none = { ci: null, method: null, deff: 1, df: null, ...track };
  if (value.value === null) return none;
  if (isCensus(def)) return { ...none, method: 'census' };
  if (def.shape === 'mean') {
    const design = designOfValue(def, communes, households);
    const interval = meanInterval(communes, design);
    return interval ? { ci: [scaled(def, interval.low), scaled(def, interval.high)], method: 't', ...design, ...track } : none;
  }
  if (def.shape !== 'proportion' || value.denominator <= 0) return none;
  const design = designOfValue(def, communes, households);
  const interval = proportionInterval(value.numerator, value.denominator, design);
  return { ci: [scaled(def, interval.low), scaled(def, interval.high)], method: interval.method, ...design, ...track };
}

export function targetStatus(def: IndicatorDef, value: IndicatorValue, target: Target | null): Estimate['status'] {
  if (value.value === null) return 'no-data';
  if (!target) return 'no-target';
  return meetsTarget(def, target, value.value) ? 'met' : 'not-met';
}

/**
 * Changes between the rounds that have data, in order (baseline → midterm, midterm → final) and overall
 * (first → last), for sampled proportions, each round with the design of its estimate (deff and df; none
 * given: a simple random sample). Not for a census. Example: 30/60 → 45/60 is +25 points, likely real.
 */
export function changes(def: IndicatorDef, rounds: readonly { kind: string; value: IndicatorValue; estimate?: Pick<Estimate, 'deff' | 'df'> }[]): RoundChange[] {
  if (def.shape !== 'proportion' || isCensus(def)) return [];
  const withData = rounds.filter((r) => r.value.denominator > 0);
  const pairs = roundPairs(withData.length);
  const sample = (r: (typeof withData)[number]) => ({ successes: r.value.numerator, n: r.value.denominator, deff: r.estimate?.deff ?? 1, df: r.estimate?.df ?? null });
  return pairs.map(([a, b]) => {
    const change = designChange(sample(withData[a]), sample(withData[b]));
    return {
      from: withData[a].kind,
      to: withData[b].kind,
      difference: scaled(def, change.difference),
      ci: [scaled(def, change.low), scaled(def, change.high)],
      pValue: roundedP(change.pValue),
      df: change.df,
      verdict: verdict(change),
    };
  });
}

/**
 * Which of `count` rounds with data are compared, by index: each with the next, and the first with the last when
 * there are more than two. Example: roundPairs(3) → [[0, 1], [1, 2], [0, 2]].
 */
export function roundPairs(count: number): [number, number][] {
  const pairs: [number, number][] = Array.from({ length: Math.max(0, count - 1) }, (_, i) => [i, i + 1]);
  if (count > 2) pairs.push([0, count - 1]);
  return pairs;
}

export type DidRole = 'treatedBefore' | 'treatedAfter' | 'comparisonBefore' | 'comparisonAfter';

/** An indicative difference in differences in the indicator's unit (statistics/change.ts differenceInDifferences). */
export interface IndicativeDid {
  /** (treated after − before) − (comparison after − before), e.g. +15 percentage points. */
  difference: number;
  ci: [number, number];
  /** From the same Wald statistic: below 0.05 exactly when `ci` leaves out 0. */
  pValue: number;
  df: number | null;
  verdict: Verdict;
  indicative: true;
}

/**
 * The difference in differences of a sampled proportion between treated and comparison communes, each of the
 * four values with the design of its estimate (as `changes` takes them). Null for a census, other shapes, or
 * when a group has no data. Example: treated 30/100 → 50/100, comparison 30/100 → 35/100 → +15 points,
 * −3.6 to 33.6, p 0.1133, not distinguishable.
 */
export function didOf(def: IndicatorDef, groups: Record<DidRole, { value: IndicatorValue; estimate?: Pick<Estimate, 'deff' | 'df'> }>): IndicativeDid | null {
  if (def.shape !== 'proportion' || isCensus(def)) return null;
  if (Object.values(groups).some((g) => g.value.denominator <= 0)) return null;
  const sample = (g: (typeof groups)[DidRole]) => ({ successes: g.value.numerator, n: g.value.denominator, deff: g.estimate?.deff ?? 1, df: g.estimate?.df ?? null });
  const did = differenceInDifferences({
    treatedBefore: sample(groups.treatedBefore),
    treatedAfter: sample(groups.treatedAfter),
    comparisonBefore: sample(groups.comparisonBefore),
    comparisonAfter: sample(groups.comparisonAfter),
  });
  return {
    difference: scaled(def, did.estimate),
    ci: [scaled(def, did.low), scaled(def, did.high)],
    pValue: roundedP(did.pValue),
    df: did.df,
    verdict: verdict(did),
    indicative: true,
  };
}

export interface LinkedChange extends RoundChange {
  /** Households surveyed in both rounds (linked by household code) that answered the question both times. */
  pairs: number;
  /** Discordant pairs: yes only before, yes only after. */
  before: number;
  after: number;
  /** Newcombe's paired interval, inverted for the p-value (statistics/paired.ts pairedChange). */
  test: 'newcombe-paired';
}

/**
 * The change among the same households in two rounds, for a household-level proportion: Newcombe's paired
 * interval, and as p-value that interval inverted, so that the verdict and p agree. Null for other indicators
 * or without pairs. Example: 30 pairs, 2 yes→no and 10 no→yes → +26.7 points (4.4 to 45.2), p 0.0179.
 */
export function linkedChange(def: IndicatorDef, from: string, to: string, pairs: readonly [Record<string, unknown>, Record<string, unknown>][]): LinkedChange | null {
  if (def.shape !== 'proportion' || def.unitOfAnalysis !== 'household') return null;
  const table = { both: 0, firstOnly: 0, secondOnly: 0, neither: 0 };
  for (const [a, b] of pairs) {
    const before = termOf(def, a);
    const after = termOf(def, b);
    if (!before || !after) continue;
    const key = before.numerator > 0 ? (after.numerator > 0 ? 'both' : 'firstOnly') : after.numerator > 0 ? 'secondOnly' : 'neither';
    table[key] += 1;
  }
  const n = table.both + table.firstOnly + table.secondOnly + table.neither;
  if (n === 0) return null;
  // Newcombe's interval is for first − second: mirrored, it is for after − before.
  const change = pairedChange({ ...table, firstOnly: table.secondOnly, secondOnly: table.firstOnly });
  return {
    from,
    to,
    pairs: n,
    before: table.firstOnly,
    after: table.secondOnly,
    test: 'newcombe-paired',
    difference: scaled(def, change.difference),
    ci: [scaled(def, change.low), scaled(def, change.high)],
    pValue: roundedP(change.pValue),
    df: null,
    verdict: verdict(change),
  };
}
