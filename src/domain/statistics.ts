/**
 * The thin statistical layer over indicator values. Pure. Distributions come from @stdlib; what is written
 * here is only the published formulas on top of them.
 * - Single proportions: Wilson score interval (Newcombe 1998a, method 3), Clopper–Pearson exact (method 5)
 *   for small samples, both optionally widened by a cluster design effect.
 * - Change between rounds: two-proportion z test and Newcombe's hybrid score interval for the difference
 *   (Newcombe 1998b, method 10); McNemar's test for the same households visited twice.
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

export interface Interval {
  low: number;
  high: number;
}

/** The two-sided normal quantile: zFor(0.95) ≈ 1.959964. */
export function zFor(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2, 0, 1);
}

/** Two-sided p-value of a standard normal statistic. */
function twoSidedP(z: number): number {
  return Math.min(1, 2 * (1 - normalCdf(Math.abs(z), 0, 1)));
}

/** Wilson score interval of x/n as proportions. Example: wilsonInterval(81, 263) → 0.2553–0.3662. */
export function wilsonInterval(x: number, n: number, confidence = 0.95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const z = zFor(confidence);
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Clopper–Pearson exact interval from beta quantiles. Example: exactInterval(0, 20) → 0–0.1684. */
export function exactInterval(x: number, n: number, confidence = 0.95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const alpha = 1 - confidence;
  return {
    low: x <= 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1),
    high: x >= n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x),
  };
}

/** Kish's design effect of a cluster sample: 1 + (m − 1)·ICC. Example: designEffect(7, 1 / 6) → 2. */
export function designEffect(meanClusterSize: number, icc: number): number {
  return 1 + (Math.max(1, meanClusterSize) - 1) * Math.max(0, icc);
}

/**
 * Intracluster correlation of a yes/no answer from its clusters (communes), by the one-way ANOVA estimator
 * (Donner 1986), truncated at 0. Example: identical clusters → 0; clusters all-yes or all-no → 1.
 */
export function iccFromClusters(clusters: readonly { successes: number; n: number }[]): number {
  const used = clusters.filter((c) => c.n > 0);
  const k = used.length;
  const total = used.reduce((s, c) => s + c.n, 0);
  if (k < 2 || total <= k) return 0;
  const p = used.reduce((s, c) => s + c.successes, 0) / total;
  const between = used.reduce((s, c) => s + c.n * (c.successes / c.n - p) ** 2, 0) / (k - 1);
  const within = used.reduce((s, c) => s + c.successes * (1 - c.successes / c.n), 0) / (total - k);
  const m0 = (total - used.reduce((s, c) => s + c.n * c.n, 0) / total) / (k - 1);
  const icc = (between - within) / (between + (m0 - 1) * within);
  return Number.isFinite(icc) ? Math.min(1, Math.max(0, icc)) : 0;
}

export interface ProportionEstimate extends Interval {
  method: 'wilson' | 'exact';
  /** The sample size the interval stands for after the design effect: n / deff. */
  effectiveN: number;
}

/**
 * The interval a dashboard shows for x of n: Wilson, or exact when the (effective) sample is small or an
 * outcome is rare (fewer than 5 on either side), widened by the design effect by using the effective
 * sample size n / deff with the same proportion (Kish 1965).
 */
export function proportionInterval(x: number, n: number, opts: { deff?: number; confidence?: number } = {}): ProportionEstimate {
  const deff = Math.max(1, opts.deff ?? 1);
  const effectiveN = n / deff;
  const effectiveX = x / deff;
  const small = effectiveN < 30 || Math.min(effectiveX, effectiveN - effectiveX) < 5;
  const interval = small ? exactInterval(effectiveX, effectiveN, opts.confidence) : wilsonInterval(effectiveX, effectiveN, opts.confidence);
  return { ...interval, method: small ? 'exact' : 'wilson', effectiveN };
}

export interface Change extends Interval {
  /** p2 − p1, as a proportion. */
  difference: number;
  pValue: number;
  test: 'two-proportion z' | 'McNemar' | 'McNemar exact';
}

/**
 * Change from x1/n1 to x2/n2 (independent samples): pooled two-proportion z test and Newcombe's hybrid
 * score interval (method 10). Example: from 48/80 to 56/70 → +0.2000, interval 0.0524–0.3339.
 */
export function proportionChange(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): Change {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilsonInterval(x1, n1, confidence);
  const b = wilsonInterval(x2, n2, confidence);
  const difference = p2 - p1;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return {
    difference,
    low: difference - Math.sqrt((p2 - b.low) ** 2 + (a.high - p1) ** 2),
    high: difference + Math.sqrt((b.high - p2) ** 2 + (p1 - a.low) ** 2),
    pValue: se > 0 ? twoSidedP(difference / se) : 1,
    test: 'two-proportion z',
  };
}

/**
 * McNemar's test for the same households before and after: `b` changed yes → no, `c` changed no → yes.
 * Exact (binomial, two-sided) when fewer than 25 changed. Example: mcnemar(150, 86).statistic → 17.36.
 */
export function mcnemar(b: number, c: number): { statistic: number; pValue: number; exact: boolean } {
  const changed = b + c;
  if (changed === 0) return { statistic: 0, pValue: 1, exact: true };
  const statistic = (b - c) ** 2 / changed;
  if (changed < 25) return { statistic, pValue: Math.min(1, 2 * binomialCdf(Math.min(b, c), changed, 0.5)), exact: true };
  return { statistic, pValue: twoSidedP(Math.sqrt(statistic)), exact: false };
}

/**
 * Difference in differences of treated against comparison communes, with an approximate interval from
 * the four independent variances. Indicative only: it assumes parallel trends that a monitoring sample
 * cannot check. Example: treated 30% → 50%, comparison 30% → 35% → +0.15.
 */
export function differenceInDifferences(
  groups: Record<'treatedBefore' | 'treatedAfter' | 'comparisonBefore' | 'comparisonAfter', { successes: number; n: number }>,
  confidence = 0.95,
): Interval & { estimate: number; indicative: true } {
  const p = (g: { successes: number; n: number }) => g.successes / g.n;
  const v = (g: { successes: number; n: number }) => (p(g) * (1 - p(g))) / g.n;
  const estimate = p(groups.treatedAfter) - p(groups.treatedBefore) - (p(groups.comparisonAfter) - p(groups.comparisonBefore));
  const half = zFor(confidence) * Math.sqrt(v(groups.treatedAfter) + v(groups.treatedBefore) + v(groups.comparisonAfter) + v(groups.comparisonBefore));
  return { estimate, low: estimate - half, high: estimate + half, indicative: true };
}

export type Verdict = 'up-likely-real' | 'down-likely-real' | 'not-distinguishable';

/** A change in words for people: real when its interval excludes zero. Example: +0.12 (0.03–0.21) → up. */
export function verdict(change: Interval & { difference: number }): Verdict {
  if (change.low > 0) return 'up-likely-real';
  if (change.high < 0) return 'down-likely-real';
  return 'not-distinguishable';
}
