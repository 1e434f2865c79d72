/**
 * Means of a numeric answer (e.g. parenting sessions attended) from kept sums: n, Σx and Σx² are enough for
 * the mean, its t interval and the one-way ANOVA intracluster correlation of communes, so the interval of a
 * mean can be computed from indicator_aggregates without reading a single answer.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { Interval } from './proportion';

/** A group's sums of one numeric answer. */
export interface MomentSums {
  n: number;
  sum: number;
  sumSquares: number;
}

/**
 * The mean with its t interval, the variance inflated by the design effect and the degrees of freedom taken
 * from the effective sample size n / deff. Null with fewer than two answers. Example (Student 1908, the
 * `sleep` data; R's t.test of the ten paired differences): n 10, Σx 15.8, Σx² 38.58 → 1.58, 0.700–2.460.
 */
export function meanInterval(s: MomentSums, opts: { deff?: number; confidence?: number } = {}): (Interval & { mean: number }) | null {
  const deff = Math.max(1, opts.deff ?? 1);
  if (s.n < 2) return null;
  const mean = s.sum / s.n;
  const variance = Math.max(0, (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1));
  const se = Math.sqrt((variance / s.n) * deff);
  const df = Math.max(1, s.n / deff - 1);
  const t = tQuantile(1 - (1 - (opts.confidence ?? 0.95)) / 2, df);
  return { mean, low: mean - t * se, high: mean + t * se };
}

/**
 * ICC by the one-way ANOVA estimator (Shrout & Fleiss 1979, ICC(1); Donner 1986), from each group's sums:
 * (MSB − MSW) / (MSB + (n₀ − 1)·MSW) with n₀ the size adjusted for unequal groups; truncated at 0, and 0
 * with fewer than two non-empty groups. For 0/1 answers (Σx = Σx² = successes) it is iccFromClusters.
 * Example: Shrout & Fleiss's 6 targets × 4 judges, BMS 11.24, WMS 6.26 → 0.17.
 */
export function iccFromGroups(groups: readonly MomentSums[]): number {
  const used = groups.filter((g) => g.n > 0);
  const k = used.length;
  const total = used.reduce((s, g) => s + g.n, 0);
  if (k < 2 || total <= k) return 0;
  const grand = used.reduce((s, g) => s + g.sum, 0) / total;
  const between = used.reduce((s, g) => s + g.n * (g.sum / g.n - grand) ** 2, 0) / (k - 1);
  const within = used.reduce((s, g) => s + (g.sumSquares - (g.sum * g.sum) / g.n), 0) / (total - k);
  const n0 = (total - used.reduce((s, g) => s + g.n * g.n, 0) / total) / (k - 1);
  const icc = (between - within) / (between + (n0 - 1) * within);
  return Number.isFinite(icc) ? Math.max(0, icc) : 0;
}
