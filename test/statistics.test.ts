/**
 * The statistics against published worked examples (sources cited per test), with plain values.
 * Newcombe 1998a: Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
 *   methods. Stat Med 1998;17:857–872, Table I (method 3 = Wilson score, method 5 = Clopper–Pearson).
 * Newcombe 1998b: Newcombe RG. Interval estimation for the difference between independent proportions:
 *   comparison of eleven methods. Stat Med 1998;17:873–890, Table II (method 10 = hybrid score).
 * Agresti 2013: Agresti A. Categorical Data Analysis, 3rd ed., §11.1.1, presidential approval ratings.
 */
import { describe, expect, it } from 'vitest';
import {
  designEffect,
  differenceInDifferences,
  exactInterval,
  iccFromClusters,
  mcnemar,
  proportionChange,
  proportionInterval,
  verdict,
  wilsonInterval,
  zFor,
} from '../src/domain/statistics';

const four = (i: { low: number; high: number }) => [Number(i.low.toFixed(4)), Number(i.high.toFixed(4))];

describe('single proportions (Newcombe 1998a, Table I)', () => {
  it('Wilson score intervals', () => {
    expect(four(wilsonInterval(81, 263))).toEqual([0.2553, 0.3662]);
    expect(four(wilsonInterval(15, 148))).toEqual([0.0624, 0.1605]);
    expect(four(wilsonInterval(0, 20))).toEqual([0, 0.1611]);
    expect(four(wilsonInterval(1, 29))).toEqual([0.0061, 0.1718]);
  });

  it('Clopper–Pearson exact intervals', () => {
    expect(four(exactInterval(81, 263))).toEqual([0.2527, 0.3676]);
    expect(four(exactInterval(15, 148))).toEqual([0.0578, 0.1617]);
    expect(four(exactInterval(0, 20))).toEqual([0, 0.1684]);
    expect(four(exactInterval(1, 29))).toEqual([0.0009, 0.1776]);
  });

  it('uses the exact interval for small or lopsided samples, Wilson otherwise', () => {
    expect(proportionInterval(81, 263).method).toBe('wilson');
    expect(proportionInterval(1, 29).method).toBe('exact');
    expect(proportionInterval(3, 200).method).toBe('exact');
    expect(zFor(0.95)).toBeCloseTo(1.959964, 6);
  });
});

describe('cluster samples', () => {
  it('design effect 1 + (m − 1)·ICC (Kish 1965); the EPI 30 × 7 design with ICC 1/6 has deff 2', () => {
    expect(designEffect(7, 1 / 6)).toBeCloseTo(2, 10);
    expect(designEffect(1, 0.3)).toBe(1);
  });

  it('widens the interval as if the sample were n / deff', () => {
    const plain = proportionInterval(120, 200);
    const clustered = proportionInterval(120, 200, { deff: 2 });
    expect(clustered.effectiveN).toBe(100);
    expect(four(clustered)).toEqual(four(wilsonInterval(60, 100)));
    expect(clustered.high - clustered.low).toBeGreaterThan(plain.high - plain.low);
  });

  it('estimates the ICC from clusters: 0 when alike, 1 when each cluster is all one answer', () => {
    expect(iccFromClusters([{ successes: 5, n: 10 }, { successes: 5, n: 10 }, { successes: 5, n: 10 }])).toBe(0);
    expect(iccFromClusters([{ successes: 10, n: 10 }, { successes: 0, n: 10 }, { successes: 10, n: 10 }, { successes: 0, n: 10 }])).toBeCloseTo(1, 10);
    const some = iccFromClusters([{ successes: 8, n: 10 }, { successes: 3, n: 10 }, { successes: 6, n: 10 }]);
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(1);
  });
});

describe('change between rounds', () => {
  it('Newcombe 1998b, Table II example (a): 56/70 against 48/80, method 10', () => {
    const change = proportionChange(48, 80, 56, 70);
    expect(change.difference).toBeCloseTo(0.2, 10);
    expect(four(change)).toEqual([0.0524, 0.3339]);
    expect(verdict(change)).toBe('up-likely-real');
  });

  it('the pooled z test agrees with Pearson’s chi-square of the 2 × 2 table (z² = X²)', () => {
    const change = proportionChange(48, 80, 56, 70);
    // 2 × 2 table [[56, 14], [48, 32]]: X² = N(ad − bc)² / (row and column totals).
    const chi2 = (150 * (56 * 32 - 14 * 48) ** 2) / (70 * 80 * 104 * 46);
    expect(change.pValue).toBeCloseTo(2 * (1 - normalCdfOf(Math.sqrt(chi2))), 10);
    expect(verdict(proportionChange(30, 60, 32, 60))).toBe('not-distinguishable');
    expect(verdict(proportionChange(50, 60, 20, 60))).toBe('down-likely-real');
  });

  it('McNemar for households visited twice (Agresti 2013: 150 approve → disapprove, 86 the other way)', () => {
    const test = mcnemar(150, 86);
    expect(test.statistic).toBeCloseTo(17.36, 2);
    expect(test.exact).toBe(false);
    expect(test.pValue).toBeLessThan(0.0001);
    // Few changes: the exact binomial test. 1 of 9 changed one way: two-sided p = 2 × P(X ≤ 1 | 9, ½) = 20/512.
    expect(mcnemar(1, 8)).toMatchObject({ exact: true });
    expect(mcnemar(1, 8).pValue).toBeCloseTo(20 / 512, 10);
    expect(mcnemar(0, 0).pValue).toBe(1);
  });

  it('difference in differences is labelled indicative', () => {
    const did = differenceInDifferences({
      treatedBefore: { successes: 30, n: 100 },
      treatedAfter: { successes: 50, n: 100 },
      comparisonBefore: { successes: 30, n: 100 },
      comparisonAfter: { successes: 35, n: 100 },
    });
    expect(did.estimate).toBeCloseTo(0.15, 10);
    expect(did.indicative).toBe(true);
    expect(did.low).toBeLessThan(0.15);
    expect(did.high).toBeGreaterThan(0.15);
  });
});

/** The standard normal CDF by its Taylor series, independent of the library under test. */
function normalCdfOf(z: number): number {
  let sum = z;
  let term = z;
  for (let k = 1; k < 200; k++) {
    term *= (-z * z) / (2 * k);
    sum += term / (2 * k + 1);
  }
  return 0.5 + sum / Math.sqrt(2 * Math.PI);
}
