/**
 * What a reader needs next to an indicator value: its 95% interval (widened by the design effect of a
 * commune-clustered sample), whether it meets its target, and how it changed between rounds in words.
 * Pure. Registered counts (ratios) are a census, not a sample: they get no interval and no test.
 */
import { type IndicatorDef, type IndicatorValue, termOf } from './indicators';
import { meetsTarget, offTrack, progressToTarget, type Target } from './targets';
import { designEffect, type GroupMoments, iccFromMoments, mcnemarTest, meanInterval, newcombePairedInterval, proportionChange, proportionInterval, type Verdict, verdict } from './statistics';

export interface Estimate {
  /** In the indicator's unit (e.g. percent), null for registered counts or no data. */
  ci: [number, number] | null;
  /** Wilson or Clopper–Pearson for proportions, Student's t for means. */
  method: 'wilson' | 'exact' | 't' | null;
  deff: number;
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
  pValue: number;
  verdict: Verdict;
}

const scaled = (def: IndicatorDef, x: number) => Math.round(x * def.factor * 10 ** def.decimals) / 10 ** def.decimals;

/**
 * The estimate of one round (in `year`) from its value, the same value per commune (the sample's clusters)
 * and the target that applies. Example: 45/60 in 2 alike communes of 30 → Wilson 62.8–84.2%, deff 1.
 */
export function estimate(def: IndicatorDef, value: IndicatorValue, communes: GroupMoments, target: Target | null = null, year = 0): Estimate {
  const status = targetStatus(def, value, target);
  const progress = target && value.value !== null ? progressToTarget(target, value.value) : null;
  const track = { progress: progress === null ? null : Math.round(progress * 100) / 100, offTrack: Boolean(target && value.value !== null && offTrack(def, target, value.value, year)) };
  if (def.shape === 'mean' && value.value !== null) return { ...meanEstimate(def, communes), status, ...track };
  if (def.shape !== 'proportion' || value.value === null || value.denominator <= 0) return { ci: null, method: null, deff: 1, status, ...track };
  const deff = communes.groups > 1 ? designEffect(value.denominator / communes.groups, iccFromMoments(communes)) : 1;
  const interval = proportionInterval(value.numerator, value.denominator, { deff });
  return { ci: [scaled(def, interval.low), scaled(def, interval.high)], method: interval.method, deff: Math.round(deff * 100) / 100, status, ...track };
}

/** A mean's t interval, widened by the design effect of its communes. */
function meanEstimate(def: IndicatorDef, communes: GroupMoments): Pick<Estimate, 'ci' | 'method' | 'deff'> {
  const deff = communes.groups > 1 ? designEffect(communes.n / communes.groups, iccFromMoments(communes)) : 1;
  const interval = meanInterval(communes, { deff });
  if (!interval) return { ci: null, method: null, deff: 1 };
  return { ci: [scaled(def, interval.low), scaled(def, interval.high)], method: 't', deff: Math.round(deff * 100) / 100 };
}

export function targetStatus(def: IndicatorDef, value: IndicatorValue, target: Target | null): Estimate['status'] {
  if (value.value === null) return 'no-data';
  if (!target) return 'no-target';
  return meetsTarget(def, target, value.value) ? 'met' : 'not-met';
}

/**
 * Changes between the rounds that have data, in order (baseline → midterm, midterm → final) and overall
 * (first → last), for proportions. Example: 30/60 → 45/60 is +25 points, likely real.
 */
export function changes(def: IndicatorDef, rounds: readonly { kind: string; value: IndicatorValue }[]): RoundChange[] {
  if (def.shape !== 'proportion') return [];
  const withData = rounds.filter((r) => r.value.denominator > 0);
  const pairs: [number, number][] = withData.slice(1).map((_, i) => [i, i + 1]);
  if (withData.length > 2) pairs.push([0, withData.length - 1]);
  return pairs.map(([a, b]) => {
    const before = withData[a].value;
    const after = withData[b].value;
    const change = proportionChange(before.numerator, before.denominator, after.numerator, after.denominator);
    return {
      from: withData[a].kind,
      to: withData[b].kind,
      difference: scaled(def, change.difference),
      ci: [scaled(def, change.low), scaled(def, change.high)],
      pValue: Math.round(change.pValue * 10000) / 10000,
      verdict: verdict(change),
    };
  });
}

export interface LinkedChange extends RoundChange {
  /** Households surveyed in both rounds (linked by household code) that answered the question both times. */
  pairs: number;
  /** Discordant pairs: yes only before, yes only after. */
  before: number;
  after: number;
  test: 'mcnemar' | 'mcnemar-exact';
}

/**
 * The change among the same households in two rounds, for a household-level proportion: McNemar's test
 * (exact binomial when fewer than 25 pairs changed) and Newcombe's paired interval. Null for other
 * indicators or without pairs. Example: 30 pairs, 2 yes→no and 10 no→yes → +26.7 points, exact p 0.039.
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
  const test = mcnemarTest(table.firstOnly, table.secondOnly);
  // Newcombe's interval is for first − second: mirrored, it is for after − before.
  const interval = newcombePairedInterval({ ...table, firstOnly: table.secondOnly, secondOnly: table.firstOnly });
  const pValue = test.exactPValue ?? test.pValue;
  return {
    from,
    to,
    pairs: n,
    before: table.firstOnly,
    after: table.secondOnly,
    test: test.exactPValue === null ? 'mcnemar' : 'mcnemar-exact',
    difference: scaled(def, interval.difference),
    ci: [scaled(def, interval.low), scaled(def, interval.high)],
    pValue: Math.round(pValue * 10000) / 10000,
    verdict: verdict(interval),
  };
}
