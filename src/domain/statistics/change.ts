/**
 * Two independent samples, e.g. the households of a baseline and of a final survey: a pooled z test and
 * Newcombe's hybrid score interval for the difference (Newcombe 1998b, method 10), the dashboard's change
 * between rounds, an indicative difference in differences, and the change in words.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { ClusterCount } from './clusters';
import { checkCounts, type Interval, wilsonInterval, zFor } from './proportion';

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
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilsonInterval(x1, n1, confidence);
  const b = wilsonInterval(x2, n2, confidence);
  const difference = p1 - p2;
  return {
    difference,
    low: difference - Math.hypot(p1 - a.low, b.high - p2),
    high: difference + Math.hypot(a.high - p1, p2 - b.low),
  };
}

export interface Change extends Difference {
  pValue: number;
}

/**
 * Change from x1/n1 (before) to x2/n2 (after), independent samples: difference = after − before, Newcombe's
 * interval and the z test's p. Example: proportionChange(48, 80, 56, 70) → +0.2000, 0.0524–0.3339.
 */
export function proportionChange(x1: number, n1: number, x2: number, n2: number, confidence = 0.95): Change {
  return { ...newcombeInterval(x2, n2, x1, n1, confidence), pValue: twoProportionTest(x2, n2, x1, n1).pValue };
}

export type DidGroups = Record<'treatedBefore' | 'treatedAfter' | 'comparisonBefore' | 'comparisonAfter', ClusterCount>;

/**
 * Difference in differences, (treated after − before) − (comparison after − before), with a Wald interval
 * from the sum of the four independent binomial variances p(1 − p)/n. Indicative only: it assumes parallel
 * trends and simple random samples, which a monitoring survey cannot check. Example: treated 30% → 50%,
 * comparison 30% → 35% (n 100 each) → +0.15, −0.04 to 0.34.
 */
export function differenceInDifferences(groups: DidGroups, confidence = 0.95): Interval & { estimate: number; indicative: true } {
  const { treatedBefore, treatedAfter, comparisonBefore, comparisonAfter } = groups;
  for (const g of [treatedBefore, treatedAfter, comparisonBefore, comparisonAfter]) checkSample(g.successes, g.n);
  const p = (g: ClusterCount) => g.successes / g.n;
  const variance = (g: ClusterCount) => (p(g) * (1 - p(g))) / g.n;
  const estimate = p(treatedAfter) - p(treatedBefore) - (p(comparisonAfter) - p(comparisonBefore));
  const half = zFor(confidence) * Math.sqrt(variance(treatedBefore) + variance(treatedAfter) + variance(comparisonBefore) + variance(comparisonAfter));
  return { estimate, low: estimate - half, high: estimate + half, indicative: true };
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
