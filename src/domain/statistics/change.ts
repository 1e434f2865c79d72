/**
 * Two independent samples, e.g. the households of a baseline and of a final survey: Newcombe's hybrid score
 * interval for the difference (Newcombe 1998b, method 10) on each round's effective sample, inverted for its
 * p-value (the dashboard's change between rounds), the pooled z test (Pearson's X², for reference), an
 * indicative difference in differences, and the change in words.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { ClusterCount } from './clusters';
import { studentTwoSidedP } from './design';
import { checkCounts, type Interval, tFor, wilsonAt, zFor } from './proportion';

export interface Difference extends Interval {
  difference: number;
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

function checkSample(successes: number, n: number): void {
  checkCounts(successes, n);
  if (n === 0) throw new RangeError('a sample compared with another must not be empty');
}

/**
 * Pooled two-proportion z test of x1/n1 against x2/n2, two-sided; difference = p1 − p2, and z² is Pearson's
 * X² of the 2 × 2 table. Example: twoProportionTest(3, 4, 1, 4) → difference 0.5, z 1.414, p 0.1573.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { difference: number; z: number; pValue: number } {
  checkSample(x1, n1);
  checkSample(x2, n2);
  const difference = x1 / n1 - x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se > 0 ? difference / se : 0;
  return { difference, z, pValue: twoSidedP(z) };
}

/**
 * Newcombe's hybrid score interval for p1 − p2 (1998b, method 10): each side squares and adds the distances
 * from the two proportions to their Wilson limits. Example: newcombeInterval(56, 70, 48, 80) → 0.0524–0.3339.
 */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): Difference {
  checkSample(x1, n1);
  checkSample(x2, n2);
  return newcombeAt({ successes: x1, n: n1 }, { successes: x2, n: n2 }, zFor(confidence));
}

/** Newcombe's interval for a − b with the quantile `z` given (Wilson's limits at z, see wilsonAt). */
function newcombeAt(a: ClusterCount, b: ClusterCount, z: number): Difference {
  const p1 = a.successes / a.n;
  const p2 = b.successes / b.n;
  const wa = wilsonAt(a.successes, a.n, z);
  const wb = wilsonAt(b.successes, b.n, z);
  const difference = p1 - p2;
  return {
    difference,
    low: difference - Math.hypot(p1 - wa.low, wb.high - p2),
    high: difference + Math.hypot(wa.high - p1, p2 - wb.low),
  };
}

export interface Change extends Difference {
  pValue: number;
  /** Degrees of freedom of the quantiles: the smaller of the two rounds' (null: normal). */
  df: number | null;
}

/** A round's yes-answers with the design of its sample (design.ts): deff 1 and df null for a simple random sample. */
export interface SampledCount extends ClusterCount {
  deff?: number;
  df?: number | null;
}

/** The smaller of two designs' degrees of freedom, null (normal) only when both are. */
export function fewerDf(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null) return b ?? null;
  return b == null ? a : Math.min(a, b);
}

/**
 * The change from `before` to `after` (after − before), two independent samples each with its design: Newcombe's
 * hybrid score interval on the effective samples (successes and n divided by each round's deff), with Student's t
 * on the smaller df of the two in place of z; and as p-value the level at which that same interval's nearer end
 * reaches 0 (the interval inverted), so that p < 0.05 exactly when the 95% interval leaves out 0 and the verdict
 * and p never disagree. Example (Newcombe 1998b (a)): designChange({ successes: 48, n: 80 }, { successes: 56, n: 70 })
 * → +0.2000, 0.0524–0.3339, p 0.0081; 0/24 → 4/24: +0.1667, −0.0037 to 0.3585, p 0.0538 (the z test's 0.037 disagreed).
 */
export function designChange(before: SampledCount, after: SampledCount, confidence = 0.95): Change {
  checkSample(before.successes, before.n);
  checkSample(after.successes, after.n);
  const effective = (c: SampledCount): ClusterCount => {
    const deff = Math.max(1, c.deff ?? 1);
    return { successes: c.successes / deff, n: c.n / deff };
  };
  const [b, a] = [effective(before), effective(after)];
  const df = fewerDf(before.df, after.df);
  const at = (z: number) => newcombeAt(a, b, z);
  return { ...at(tFor(confidence, df)), pValue: studentTwoSidedP(quantileAtZero(at), df), df };
}

/**
 * The quantile at which an interval's end nearer to 0 reaches it: bisection on log z, the ends moving out
 * monotonically as z grows (Wilson's limits do). 0 when the estimate is 0 (p = 1).
 */
export function quantileAtZero(at: (z: number) => Difference): number {
  const d = at(0).difference;
  if (d === 0) return 0;
  const inside = (z: number) => (d > 0 ? at(z).low : -at(z).high) > 0;
  let [lo, hi] = [Math.log(1e-9), Math.log(1e9)];
  if (!inside(Math.exp(lo))) return 0;
  if (inside(Math.exp(hi))) return Math.exp(hi);
  for (let i = 0; i < 64; i++) {
    const mid = (lo + hi) / 2;
    if (inside(Math.exp(mid))) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Change from x1/n1 (before) to x2/n2 (after), simple random samples: designChange without a design.
 * Example: proportionChange(48, 80, 56, 70) → +0.2000, 0.0524–0.3339.
 */
export function proportionChange(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): Change {
  return designChange({ successes: x1, n: n1 }, { successes: x2, n: n2 }, confidence);
}

export type DidGroups = Record<'treatedBefore' | 'treatedAfter' | 'comparisonBefore' | 'comparisonAfter', SampledCount>;

/**
 * Difference in differences, (treated after − before) − (comparison after − before), with a Wald interval
 * from the sum of the four independent variances p(1 − p)/n × deff, on Student's t with the fewest df of the
 * four designs, and the p-value of the same statistic (so p < 0.05 exactly when the interval leaves out 0).
 * Indicative only: it assumes parallel trends, which a monitoring survey cannot check. Example: treated
 * 30% → 50%, comparison 30% → 35% (n 100 each, simple samples) → +0.15, −0.04 to 0.34.
 */
export function differenceInDifferences(groups: DidGroups, confidence = 0.95): Interval & { estimate: number; pValue: number; df: number | null; indicative: true } {
  const { treatedBefore, treatedAfter, comparisonBefore, comparisonAfter } = groups;
  const all = [treatedBefore, treatedAfter, comparisonBefore, comparisonAfter];
  for (const g of all) checkSample(g.successes, g.n);
  const p = (g: SampledCount) => g.successes / g.n;
  const variance = (g: SampledCount) => ((p(g) * (1 - p(g))) / g.n) * Math.max(1, g.deff ?? 1);
  const estimate = p(treatedAfter) - p(treatedBefore) - (p(comparisonAfter) - p(comparisonBefore));
  const df = all.reduce<number | null>((d, g) => fewerDf(d, g.df), null);
  const se = Math.sqrt(all.reduce((v, g) => v + variance(g), 0));
  const half = tFor(confidence, df) * se;
  const pValue = se > 0 ? studentTwoSidedP(estimate / se, df) : estimate === 0 ? 1 : 0;
  return { estimate, low: estimate - half, high: estimate + half, pValue, df, indicative: true };
}

export type Verdict = 'up-likely-real' | 'down-likely-real' | 'not-distinguishable';

/** A change is likely real when its interval leaves out zero. Example: +0.20 (0.05–0.33) → 'up-likely-real'. */
export function verdict(change: Interval): Verdict {
  if (change.low > 0) return 'up-likely-real';
  if (change.high < 0) return 'down-likely-real';
  return 'not-distinguishable';
}

export interface ChangeInWords {
  verdict: Verdict;
  /** The change and its interval in percentage points, to one decimal. */
  points: number;
  lowPoints: number;
  highPoints: number;
}

/**
 * What the dashboard says of a change ("up 20 points, likely real" / "not distinguishable from chance"): the
 * verdict key and the points; the words are the view's. Whether up is good is the indicator's direction.
 * Example: describeChange(proportionChange(48, 80, 56, 70)) → up-likely-real, 20 points (5.2 to 33.4).
 */
export function describeChange(change: Difference): ChangeInWords {
  // + 0 turns a rounded −0 into 0.
  const points = (x: number) => Math.round(x * 1000) / 10 + 0;
  return { verdict: verdict(change), points: points(change.difference), lowPoints: points(change.low), highPoints: points(change.high) };
}
