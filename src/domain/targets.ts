/**
 * Targets per indicator for a programme or one model, with the baseline they start from, and where a value
 * stands against them. Pure: the targets come from the database (queries/targets.ts), seeded from the source
 * documents (src/seed/targets.ts) and edited on the targets page or through the API.
 */
import type { IndicatorDef } from './indicators';

export interface Target {
  indicator: string;
  /** A target for every model of a programme, unless a model has its own. */
  programme?: string;
  model?: string;
  /** In the indicator's unit, e.g. 98 for 98%. */
  value: number;
  /** The year by which the value is to be reached. */
  year: number;
  /** Where the planned line starts (see plannedValue); without it there is no progress and no trajectory. */
  baseline?: { value: number; year: number };
  source: string;
}

/**
 * The target that applies to a model: its own, else its programme's. Of several (milestones), the first due
 * in or after `year`, else the last; without a year, the last. Example: Hanoi csc-assisted, 2015 → 95, 2017 → 98.
 */
export function targetFor(indicator: string, model: { id: string; programmeId: string }, targets: readonly Target[], year?: number): Target | null {
  const own = targets.filter((t) => t.indicator === indicator && t.model === model.id);
  const pool = own.length ? own : targets.filter((t) => t.indicator === indicator && !t.model && t.programme === model.programmeId);
  const byYear = [...pool].sort((a, b) => a.year - b.year);
  const last = byYear.at(-1) ?? null;
  return year === undefined ? last : (byYear.find((t) => t.year >= year) ?? last);
}

/** Whether a value meets its target, in the indicator's direction. Example: 97 against ≥ 98 → false. */
export function meetsTarget(def: Pick<IndicatorDef, 'direction'>, target: Pick<Target, 'value'>, value: number): boolean {
  return def.direction === 'higher-is-better' ? value >= target.value : value <= target.value;
}

/**
 * Share of the way from baseline to target, 0 at the baseline and 1 at the target (beyond: above 1; the
 * wrong way: below 0), whichever the direction; null without a baseline or when it equals the target.
 * Example: baseline 95, target 98, value 96.5 → 0.5; baseline 0.73, target 0.7, value 0.715 → 0.5.
 */
export function progressToTarget(target: Target, value: number): number | null {
  if (!target.baseline || target.baseline.value === target.value) return null;
  return (value - target.baseline.value) / (target.value - target.baseline.value);
}

/**
 * The value planned for a year on a straight line from baseline (year and value) to target; the baseline
 * before it, the target after it; null without a baseline or a year between them. Example: 95→98 over 2015–2020, 2017 → 96.2.
 */
export function plannedValue(target: Target, year: number): number | null {
  const b = target.baseline;
  if (!b || target.year <= b.year) return null;
  const share = Math.min(1, Math.max(0, (year - b.year) / (target.year - b.year)));
  return b.value + share * (target.value - b.value);
}

/** The planned line year by year, baseline to target. Example: 95→98 over 2015–2020 → 2015: 95, 2016: 95.6, … */
export function plannedLine(target: Target): { year: number; value: number }[] {
  if (!target.baseline || target.year <= target.baseline.year) return [];
  const years = Array.from({ length: target.year - target.baseline.year + 1 }, (_, i) => target.baseline!.year + i);
  return years.map((year) => ({ year, value: plannedValue(target, year)! }));
}

/**
 * How much worse than planned a value is, as a share of the planned value: positive when worse (below the
 * line if higher is better, above it if lower is better), negative when better; null when there is no
 * planned value or it is 0 (a share of nothing). Example: planned 96.2, value 86.58 → 0.1.
 */
export function shortfallFromPlan(def: Pick<IndicatorDef, 'direction'>, target: Target, value: number, year: number): number | null {
  const planned = plannedValue(target, year);
  if (planned === null || planned === 0) return null;
  const worse = def.direction === 'higher-is-better' ? planned - value : value - planned;
  return worse / Math.abs(planned);
}

/**
 * Off track: more than 10% off the planned line, measured relative to the planned value for that year and
 * in the unfavourable direction only — shortfallFromPlan > 0.1 (exactly 10% is not flagged). Relative to the
 * planned value because that is how a plan's "10%" is read and it needs no other scale; one way only
 * because the flag asks a manager to act, and doing better than planned asks nothing (progressToTarget above
 * the line shows it). Being relative, it is lenient on values near 100% (96.2 planned flags below 86.58)
 * and strict on small shares (0.715% planned flags above 0.7865%). Never flagged without a baseline.
 * Example: planned 96.2, value 86 → off track; lower-is-better planned 0.715, value 0.8 → off track.
 */
export function offTrack(def: Pick<IndicatorDef, 'direction'>, target: Target, value: number, year: number): boolean {
  const shortfall = shortfallFromPlan(def, target, value, year);
  // The tolerance keeps a value exactly 10% off (86.58 against 96.2) from flagging through float rounding.
  return shortfall !== null && shortfall > 0.1 + 1e-9;
}
