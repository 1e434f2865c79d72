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
 * The mean with its t interval, the variance inflated by the design effect, on `df` degrees of freedom: the
 * design's (communes − 1 for a commune-clustered sample, design.ts), n − 1 for a simple random sample (the
 * default). Null with fewer than two answers. Example (Student 1908, the `sleep` data; R's t.test of the ten
 * paired differences): n 10, Σx 15.8, Σx² 38.58 → 1.58, 0.700–2.460.
 */
export function meanInterval(s: MomentSums, opts: { deff?: number; df?: number | null; confidence?: number } = {}): (Interval & { mean: number }) | null {
  const deff = Math.max(1, opts.deff ?? 1);
  if (s.n < 2) return null;
  const mean = s.sum / s.n;
  const variance = Math.max(0, (s.sumSquares - (s.sum * s.sum) / s.n) / (s.n - 1));
  const se = Math.sqrt((variance / s.n) * deff);
  const df = opts.df ?? s.n - 1;
  const t = tQuantile(1 - (1 - (opts.confidence ?? 0.95)) / 2, df);
  return { mean, low: mean - t * se, high: mean + t * se };
}

/**
 * What the ICC and the design-based variance (design.ts) need of a set of groups, summed over them, so that a
 * database can add it up (GROUP BY) and hand back one row: k groups, Σnᵢ, Σnᵢ², Σxᵢ (the groups' sums),
 * Σxᵢ²/nᵢ, Σ of all x², and Σxᵢ² and Σxᵢnᵢ (the groups' sums squared, and times their sizes).
 */
export interface GroupMoments {
  groups: number;
  n: number;
  nSquares: number;
  sum: number;
  sumSquaredOverN: number;
  sumSquares: number;
  groupSumSquares: number;
  groupSumTimesN: number;
}

/** The moment names, to add moments up key by key. */
export const momentKeys = ['groups', 'n', 'nSquares', 'sum', 'sumSquaredOverN', 'sumSquares', 'groupSumSquares', 'groupSumTimesN'] as const;

/** Example: momentsOfGroups([{ n: 2, sum: 3, sumSquares: 5 }]) → { groups: 1, n: 2, nSquares: 4, sum: 3, sumSquaredOverN: 4.5, sumSquares: 5, groupSumSquares: 9, groupSumTimesN: 6 }. */
export function momentsOfGroups(groups: readonly MomentSums[]): GroupMoments {
  const m = { groups: 0, n: 0, nSquares: 0, sum: 0, sumSquaredOverN: 0, sumSquares: 0, groupSumSquares: 0, groupSumTimesN: 0 };
  for (const g of groups) {
    if (g.n <= 0) continue;
    m.groups += 1;
    m.n += g.n;
    m.nSquares += g.n * g.n;
    m.sum += g.sum;
    m.sumSquaredOverN += (g.sum * g.sum) / g.n;
    m.sumSquares += g.sumSquares;
    m.groupSumSquares += g.sum * g.sum;
    m.groupSumTimesN += g.sum * g.n;
  }
  return m;
}

/**
 * ICC by the one-way ANOVA estimator (Shrout & Fleiss 1979, ICC(1); Donner 1986): (MSB − MSW) /
 * (MSB + (n₀ − 1)·MSW) with n₀ the size adjusted for unequal groups; truncated at 0, and 0 with fewer than
 * two non-empty groups. For 0/1 answers (Σx = Σx² = successes) it is iccFromClusters.
 * Example: Shrout & Fleiss's 6 targets × 4 judges, BMS 11.24, WMS 6.26 → 0.17.
 */
export function iccFromGroups(groups: readonly MomentSums[]): number {
  return iccFromMoments(momentsOfGroups(groups));
}

/** iccFromGroups from the summed moments alone. */
export function iccFromMoments(m: GroupMoments): number {
  const { groups: k, n: total } = m;
  if (k < 2 || total <= k) return 0;
  const between = (m.sumSquaredOverN - (m.sum * m.sum) / total) / (k - 1);
  const within = (m.sumSquares - m.sumSquaredOverN) / (total - k);
  const n0 = (total - m.nSquares / total) / (k - 1);
  const icc = (between - within) / (between + (n0 - 1) * within);
  return Number.isFinite(icc) ? Math.max(0, icc) : 0;
}
