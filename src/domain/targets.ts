/**
 * Targets per indicator for a programme or one model, with the baseline they start from, and where a value
 * stands against them. Pure. The seeded targets are those of the source documents (DOMAIN.md).
 */
import type { IndicatorDef } from './indicators';

export interface Target {
  indicator: string;
  /** A target for every model of a programme, unless a model has its own. */
  programme?: string;
  model?: string;
  value: number;
  year: number;
  baseline?: { value: number; year: number };
  source: string;
}

export const seededTargets: readonly Target[] = [
  // Hanoi plan 2016–2020 (seeds 001, 003), starting from the 2015 level of seed 000 (at least 95% assisted).
  { indicator: 'csc-assisted', programme: 'hanoi-2015-2020', value: 98, year: 2020, baseline: { value: 95, year: 2015 }, source: 'Hanoi plan 2016–2020 (seeds 001, 003); 2015: seed 000' },
  // Hanoi's own report: about 0.73% of children in special circumstances in 2016.
  { indicator: 'csc-share', programme: 'hanoi-2015-2020', value: 0.7, year: 2020, baseline: { value: 0.73, year: 2016 }, source: 'Hanoi plan 2016–2020 (seeds 001, 003)' },
  { indicator: 'abuse-reports-12h', programme: 'hanoi-2015-2020', value: 100, year: 2016, source: 'Law on Children 2016: intervention within 12 hours' },
  // Yên Bái, reported in 2021 for the pilot years (seed 004).
  { indicator: 'csc-assisted', programme: 'yen-bai-2018-2020', value: 85, year: 2020, source: 'Yên Bái 2021 (seed 004)' },
  { indicator: 'child-friendly-communes', programme: 'yen-bai-2018-2020', value: 90, year: 2020, source: 'Yên Bái 2021 (seed 004)' },
];

/** The target that applies to a model: its own, else its programme's. */
export function targetFor(indicator: string, model: { id: string; programmeId: string }, targets: readonly Target[] = seededTargets): Target | null {
  return (
    targets.find((t) => t.indicator === indicator && t.model === model.id) ??
    targets.find((t) => t.indicator === indicator && !t.model && t.programme === model.programmeId) ??
    null
  );
}

/** Whether a value meets its target, in the indicator's direction. Example: 97 against ≥ 98 → false. */
export function meetsTarget(def: Pick<IndicatorDef, 'direction'>, target: Pick<Target, 'value'>, value: number): boolean {
  return def.direction === 'higher-is-better' ? value >= target.value : value <= target.value;
}

/**
 * Share of the way from baseline to target, 0 at the baseline and 1 at the target (beyond: above 1; the
 * wrong way: below 0); null without a baseline. Example: baseline 95, target 98, value 96.5 → 0.5.
 */
export function progressToTarget(target: Target, value: number): number | null {
  if (!target.baseline || target.baseline.value === target.value) return null;
  return (value - target.baseline.value) / (target.value - target.baseline.value);
}

/** The value planned for a year on a straight line from baseline to target. Example: 95→98 over 2015–2020, 2017 → 96.2. */
export function plannedValue(target: Target, year: number): number | null {
  const b = target.baseline;
  if (!b || target.year === b.year) return null;
  const share = Math.min(1, Math.max(0, (year - b.year) / (target.year - b.year)));
  return b.value + share * (target.value - b.value);
}

/**
 * Off track: more than 10% worse than planned for that year, relative to the planned value and in the
 * unfavourable direction only (doing better than planned is never a flag). Example: planned 96.2, value 86
 * → off track (86 < 96.2 × 0.9); lower-is-better planned 0.72, value 0.8 → off track (0.8 > 0.72 × 1.1).
 */
export function offTrack(def: Pick<IndicatorDef, 'direction'>, target: Target, value: number, year: number): boolean {
  const planned = plannedValue(target, year);
  if (planned === null || planned === 0) return false;
  return def.direction === 'higher-is-better' ? value < planned * 0.9 : value > planned * 1.1;
}
