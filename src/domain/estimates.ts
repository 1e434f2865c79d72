/**
 * What a reader needs next to an indicator value: its 95% interval (widened by the design effect of a
 * commune-clustered sample), whether it meets its target, and how it changed between rounds in words.
 * Pure. Registered counts (ratios) are a census, not a sample: they get no interval and no test.
 */
import type { IndicatorDef, IndicatorValue } from './indicators';
import { designEffect, iccFromClusters, proportionChange, proportionInterval, type Verdict, verdict } from './statistics';

export interface Estimate {
  /** In the indicator's unit (e.g. percent), null for registered counts or no data. */
  ci: [number, number] | null;
  method: 'wilson' | 'exact' | null;
  deff: number;
  status: 'met' | 'not-met' | 'no-target' | 'no-data';
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
 * The estimate of one round from its value and the same value per commune (the sample's clusters).
 * Example: 45/60 in 2 communes of 30 with ICC 0 → Wilson 62.8–84.2%, deff 1, and 'met' against ≥ 60%.
 */
export function estimate(def: IndicatorDef, value: IndicatorValue, communes: readonly IndicatorValue[]): Estimate {
  const status = targetStatus(def, value);
  if (def.shape !== 'proportion' || value.value === null || value.denominator <= 0) return { ci: null, method: null, deff: 1, status };
  const clusters = communes.filter((c) => c.denominator > 0).map((c) => ({ successes: c.numerator, n: c.denominator }));
  const deff = clusters.length > 1 ? designEffect(value.denominator / clusters.length, iccFromClusters(clusters)) : 1;
  const interval = proportionInterval(value.numerator, value.denominator, { deff });
  return { ci: [scaled(def, interval.low), scaled(def, interval.high)], method: interval.method, deff: Math.round(deff * 100) / 100, status };
}

export function targetStatus(def: IndicatorDef, value: IndicatorValue): Estimate['status'] {
  if (value.value === null) return 'no-data';
  if (!def.target) return 'no-target';
  const met = def.direction === 'higher-is-better' ? value.value >= def.target.value : value.value <= def.target.value;
  return met ? 'met' : 'not-met';
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
