/**
 * The statistics against published worked examples, with plain values; each test names its source.
 * Newcombe 1998a: Newcombe RG. Two-sided confidence intervals for the single proportion: comparison of seven
 *   methods. Stat Med 1998;17:857–872, Table I (method 3 Wilson score, method 5 Clopper–Pearson).
 * Newcombe 1998b: Newcombe RG. Interval estimation for the difference between independent proportions:
 *   comparison of eleven methods. Stat Med 1998;17:873–890, Table II, examples (a)–(h) (method 1 Wald,
 *   method 10 hybrid score).
 * Newcombe 1998c: Newcombe RG. Improved confidence intervals for the difference between binomial proportions
 *   based on paired data. Stat Med 1998;17:2635–2650 (method 10), on Armitage & Berry's culture media data.
 * Armitage P, Berry G. Statistical Methods in Medical Research, 3rd ed. 1994, p. 127: two media for culturing
 *   M. tuberculosis on 50 sputum specimens (20, 12, 2, 16); McNemar with continuity correction 5.79, P 0.016;
 *   exact P 0.013 (as worked in the StatsDirect manual, "McNemar chi-square and exact test for matched pairs").
 * Agresti A. Categorical Data Analysis, 3rd ed. 2013, §11.1 (2nd ed. 2002, §10.1): presidential approval of
 *   1600 people at two surveys, 794, 150, 86, 570; McNemar z² = 17.36.
 * Fagerland MW, Lydersen S, Laake P. The McNemar test for binary matched-pairs data: mid-p and asymptotic are
 *   better than exact conditional. BMC Med Res Methodol 2013;13:91 — airway hyper-responsiveness before and
 *   after stem cell transplantation (Bentur 2009: 1, 1, 7, 12): asymptotic P 0.034, exact P 0.070.
 * Fagerland MW, Lydersen S, Laake P. Recommended tests and confidence intervals for paired binomial
 *   proportions. Stat Med 2014;33:2850–2875 — same data, Newcombe square-and-add −0.507 to −0.026.
 * Fagerland MW, Lydersen S, Laake P. Statistical Analysis of Contingency Tables. CRC 2017, ch. 4 and 8, with
 *   the authors' R package contingencytables reproducing the book's examples: Perondi 2004 (7/34 vs 1/34),
 *   Cavo 2012 (59, 6, 16, 80), Fisher's tea-tasting table (3, 1, 1, 3: Pearson X² 2.000, P 0.1573).
 * Shrout PE, Fleiss JL. Intraclass correlations: uses in assessing rater reliability. Psychol Bull
 *   1979;86:420–428, Table 2 (6 targets × 4 judges): BMS 11.24, WMS 6.26, ICC(1,1) 0.17.
 * Student (1908), The probable error of a mean, Biometrika 6:1–25: the `sleep` data (Cushny & Peebles), ten
 *   paired differences; R's example `t.test(extra ~ group, data = sleep, paired = TRUE)` gives mean 1.58,
 *   95% CI 0.7001 to 2.4599.
 * Henderson RH, Sundaresan T. Cluster sampling to assess immunization coverage. Bull WHO 1982;60:253–260:
 *   30 clusters × 7 children with design effect 2 estimate coverage within about ±10 percentage points.
 */
import { describe, expect, it } from 'vitest';
import {
  describeChange,
  designChange,
  designEffect,
  differenceInDifferences,
  effectiveSampleSize,
  exactBinomialInterval,
  iccFromClusters,
  iccFromGroups,
  iccFromMoments,
  meanDesign,
  meanInterval,
  momentsOfGroups,
  pairedChange,
  proportionDesign,
  ratioVariance,
  simpleRandomSample,
  studentTwoSidedP,
  tFor,
  wilsonAt,
  mcnemarTest,
  newcombeInterval,
  newcombePairedInterval,
  proportionChange,
  proportionInterval,
  twoProportionTest,
  verdict,
  wilsonInterval,
  wilsonIntervalWithDesignEffect,
  zFor,
} from '../src/domain/statistics';

const four = (i: { low: number; high: number }) => [round(i.low, 4), round(i.high, 4)];
const three = (i: { low: number; high: number }) => [round(i.low, 3), round(i.high, 3)];
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d + 0;

/** Shrout & Fleiss 1979, Table 2: 6 targets rated by 4 judges. */
const judges = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];

describe('one proportion (Newcombe 1998a, Table I)', () => {
  it('Wilson score intervals (method 3), 0 of n included', () => {
    expect(four(wilsonInterval(81, 263))).toEqual([0.2553, 0.3662]);
    expect(four(wilsonInterval(15, 148))).toEqual([0.0624, 0.1605]);
    expect(four(wilsonInterval(0, 20))).toEqual([0, 0.1611]);
    expect(four(wilsonInterval(1, 29))).toEqual([0.0061, 0.1718]);
    // n of n is 0 of n mirrored.
    expect(four(wilsonInterval(20, 20))).toEqual([0.8389, 1]);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(zFor(0.95)).toBeCloseTo(1.959964, 6);
  });

  it('Clopper–Pearson exact intervals (method 5) from beta quantiles', () => {
    expect(four(exactBinomialInterval(81, 263))).toEqual([0.2527, 0.3676]);
    expect(four(exactBinomialInterval(15, 148))).toEqual([0.0578, 0.1617]);
    expect(four(exactBinomialInterval(0, 20))).toEqual([0, 0.1684]);
    expect(four(exactBinomialInterval(1, 29))).toEqual([0.0009, 0.1776]);
  });

  it('the dashboard rule: exact under 30 or with fewer than 5 on a side, Wilson otherwise', () => {
    expect(proportionInterval(81, 263)).toMatchObject({ method: 'wilson', effectiveN: 263 });
    expect(four(proportionInterval(81, 263))).toEqual([0.2553, 0.3662]);
    expect(proportionInterval(1, 29).method).toBe('exact');
    expect(four(proportionInterval(1, 29))).toEqual([0.0009, 0.1776]);
    expect(proportionInterval(3, 200).method).toBe('exact');
    expect(proportionInterval(197, 200).method).toBe('exact');
  });

  it('refuses counts no sample can have', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
    expect(() => exactBinomialInterval(-1, 4)).toThrow(RangeError);
    expect(() => wilsonInterval(1, 4, 1.5)).toThrow(RangeError);
  });
});

describe('commune-clustered samples', () => {
  it('design effect and effective sample size of the EPI 30 × 7 survey (Henderson & Sundaresan 1982)', () => {
    // deff 2 with clusters of 7 is an ICC of 1/6; 210 children count as 105.
    expect(designEffect(7, 1 / 6)).toBeCloseTo(2, 10);
    expect(effectiveSampleSize(210, 2)).toBe(105);
    // At 50% coverage the interval is about ±10 points, as the EPI design promises.
    const epi = wilsonIntervalWithDesignEffect(105, 210, 2);
    expect(four(epi)).toEqual(four(wilsonInterval(52.5, 105)));
    expect((epi.high - epi.low) / 2).toBeGreaterThan(0.09);
    expect((epi.high - epi.low) / 2).toBeLessThan(0.1);
    expect(designEffect(1, 0.3)).toBe(1);
  });

  it('the dashboard rule works on the effective sample', () => {
    const clustered = proportionInterval(120, 200, { deff: 2 });
    expect(clustered).toMatchObject({ method: 'wilson', effectiveN: 100 });
    expect(four(clustered)).toEqual(four(wilsonInterval(60, 100)));
    expect(proportionInterval(120, 200, { deff: 0.5 }).effectiveN).toBe(200);
    // 40 of 80 in clusters with deff 4 is an effective 10 of 20: exact, as Korn & Graubard (1998) do.
    expect(four(proportionInterval(40, 80, { deff: 4 }))).toEqual(four(exactBinomialInterval(10, 20)));
  });

  it('the ICC is the one-way ANOVA estimator (checked on Shrout & Fleiss 1979, Table 2)', () => {
    const published = anova(judges);
    expect(round(published.bms, 2)).toBe(11.24);
    expect(round(published.wms, 2)).toBe(6.26);
    expect(round(published.icc, 2)).toBe(0.17);
    // The same estimator on 0/1 answers of communes of unequal size.
    const communes = [
      { successes: 8, n: 10 },
      { successes: 3, n: 12 },
      { successes: 6, n: 9 },
      { successes: 11, n: 14 },
    ];
    const answers = communes.map((c) => [...Array(c.successes).fill(1), ...Array(c.n - c.successes).fill(0)]);
    expect(iccFromClusters(communes)).toBeCloseTo(anova(answers).icc, 12);
  });

  it('the ICC is 0 for alike communes (truncated when negative), 1 when each is all yes or all no', () => {
    expect(iccFromClusters([{ successes: 5, n: 10 }, { successes: 5, n: 10 }, { successes: 5, n: 10 }])).toBe(0);
    expect(anova([[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0]]).icc).toBeLessThan(0);
    expect(iccFromClusters([{ successes: 2, n: 4 }, { successes: 2, n: 4 }, { successes: 2, n: 4 }])).toBe(0);
    expect(iccFromClusters([{ successes: 10, n: 10 }, { successes: 0, n: 10 }, { successes: 10, n: 10 }])).toBeCloseTo(1, 10);
    expect(iccFromClusters([{ successes: 3, n: 10 }])).toBe(0);
  });
});

describe('the design of a commune-clustered sample, from per-commune sums (design.ts)', () => {
  /** The moments the database adds up over communes, from (denominator, numerator) pairs of 0/1 answers. */
  const communes = (...pairs: [number, number][]) => momentsOfGroups(pairs.map(([n, sum]) => ({ n, sum, sumSquares: sum })));

  it('linearization variance over communes of unequal size, worked by hand', () => {
    // Communes (m, y) = (10, 2), (20, 10), (30, 24): M 60, p 0.6; yᵢ − p·mᵢ = −4, −2, 6; Σ² = 56;
    // v = k/(k − 1) · Σ² / M² = 3/2 · 56 / 3600 = 0.023333; simple v = 0.6 × 0.4 / 60 = 0.004; deff 5.8333, df 2.
    const m = communes([10, 2], [20, 10], [30, 24]);
    expect(ratioVariance(m)).toBeCloseTo(0.0233333, 7);
    const design = proportionDesign(m);
    expect(design.deff).toBeCloseTo(5.833333, 6);
    expect(design.df).toBe(2);
    expect(ratioVariance(communes([30, 12]))).toBeNull();
    expect(proportionDesign(communes([30, 12]))).toEqual(simpleRandomSample);
  });

  it('with equal communes it is Kish’s between-cluster mean square over p(1 − p) (Kish 1965, §5.4)', () => {
    // 4 communes of 10 with 2, 4, 6, 8 yes: p 0.5, pᵢ − p = −0.3, −0.1, 0.1, 0.3, Σ² 0.2. Linearization:
    // v = Σ(pᵢ − p)² / (k(k − 1)) = 0.2 / 12 = 0.016667, over 0.25 / 40 → deff 2.6667. Kish: MSB = m·Σ(pᵢ − p)²/(k − 1)
    // = 10 × 0.2 / 3 = 0.6667, deff = MSB / (p(1 − p)) = 2.6667. (The ANOVA ICC 1/6 in 1 + (m − 1)ρ gives 2.5.)
    const m = communes([10, 2], [10, 4], [10, 6], [10, 8]);
    expect(proportionDesign(m).deff).toBeCloseTo(8 / 3, 10);
    expect(designEffect(10, iccFromMoments(m))).toBeCloseTo(2.5, 10);
  });

  it('accounts for unequal sizes where Kish’s mean-size formula understates', () => {
    // Four communes of 6 (1, 2, 2, 1 yes) and one of 36 (30 yes): M 60, p 0.6; residuals −2.6, −1.6, −1.6, −2.6,
    // 8.4; Σ² 89.2; v = 5/4 · 89.2 / 3600 = 0.030972; deff = 0.030972 / 0.004 = 7.7431 (numpy alike). The ANOVA
    // ICC (0.4180) in 1 + (m̄ − 1)ρ with m̄ = 12 gives 5.5982: the big commune's weight is lost.
    const m = communes([6, 1], [6, 2], [6, 2], [6, 1], [36, 30]);
    expect(proportionDesign(m).deff).toBeCloseTo(7.743056, 5);
    expect(designEffect(12, iccFromMoments(m))).toBeCloseTo(5.5982, 4);
  });

  it('a mean’s design against s² / n (each term’s denominator 1)', () => {
    // Communes {1, 1, 2, 2}, {8, 8, 9, 9}, {4, 5, 4, 5}: ȳ 4.8333; yᵢ − ȳ·4 = −13.3333, 14.6667, −1.3333, Σ² 394.67;
    // v = 3/2 · 394.67 / 144 = 4.1111; s² = (Σx² − (Σx)²/n) / (n − 1) = (382 − 58²/12) / 11 = 9.2424, s²/n = 0.77020;
    // deff = 4.1111 / 0.77020 = 5.3377 (numpy alike), df 2.
    const groups = [[1, 1, 2, 2], [8, 8, 9, 9], [4, 5, 4, 5]].map((xs) => ({ n: xs.length, sum: xs.reduce((a, b) => a + b, 0), sumSquares: xs.reduce((a, b) => a + b * b, 0) }));
    const design = meanDesign(momentsOfGroups(groups));
    expect(design.deff).toBeCloseTo(5.337705, 5);
    expect(design.df).toBe(2);
  });

  it('Student’s t p-values in closed form match the t table (Fisher & Yates) and the quantiles', () => {
    // Table values t₀.₉₇₅: 12.706 (1 df), 4.303 (2), 3.182 (3), 2.776 (4), 2.228 (10); t₀.₉₉₅ on 10 df 3.169.
    expect(round(studentTwoSidedP(12.706, 1), 3)).toBe(0.05);
    expect(round(studentTwoSidedP(4.303, 2), 3)).toBe(0.05);
    expect(round(studentTwoSidedP(3.182, 3), 3)).toBe(0.05);
    expect(round(studentTwoSidedP(2.776, 4), 3)).toBe(0.05);
    expect(round(studentTwoSidedP(2.228, 10), 3)).toBe(0.05);
    expect(round(studentTwoSidedP(3.169, 10), 3)).toBe(0.01);
    for (const df of [1, 2, 5, 9, 30, 250]) expect(studentTwoSidedP(tFor(0.95, df), df)).toBeCloseTo(0.05, 8);
    expect(studentTwoSidedP(1.959964, null)).toBeCloseTo(0.05, 6);
    expect(studentTwoSidedP(0, 4)).toBe(1);
  });

  it('a proportion’s interval on few communes: Korn & Graubard’s effective sample shrunk by (z / t_df)²', () => {
    // The first example: 36/60, deff 5.83 (as shown, 2 decimals), df 2: n_eff = 60 / 5.83 = 10.2916, × (1.959964 /
    // 4.302653)² = 0.207503 → 2.1355; exact on 0.6 × 2.1355 of 2.1355: 0.0321 to 0.9943 (scipy beta.ppf).
    const shown = proportionInterval(36, 60, { deff: 5.83, df: 2 });
    expect(shown.method).toBe('exact');
    expect(round(shown.effectiveN, 4)).toBe(2.1355);
    expect(three(shown)).toEqual([0.032, 0.994]);
    // Many communes: t → z, nothing shrinks; Wilson on the effective sample with t_df is Wilson with t for z.
    expect(proportionInterval(120, 200, { deff: 2, df: null }).effectiveN).toBe(100);
    const t = proportionInterval(600, 1000, { deff: 2, df: 30 });
    expect(t.method).toBe('wilson');
    expect(four(t)).toEqual(four(wilsonAt(300, 500, tFor(0.95, 30))));
  });
});

describe('two independent rounds', () => {
  it('Newcombe 1998b, Table II, method 10, all eight examples', () => {
    expect(four(newcombeInterval(56, 70, 48, 80))).toEqual([0.0524, 0.3339]);
    expect(four(newcombeInterval(9, 10, 3, 10))).toEqual([0.1705, 0.809]);
    expect(four(newcombeInterval(6, 7, 2, 7))).toEqual([0.0582, 0.8062]);
    expect(four(newcombeInterval(5, 56, 0, 29))).toEqual([-0.0381, 0.1926]);
    expect(four(newcombeInterval(0, 10, 0, 20))).toEqual([-0.1611, 0.2775]);
    expect(four(newcombeInterval(0, 10, 0, 10))).toEqual([-0.2775, 0.2775]);
    expect(four(newcombeInterval(10, 10, 0, 20))).toEqual([0.6791, 1]);
    expect(four(newcombeInterval(10, 10, 0, 10))).toEqual([0.6075, 1]);
  });

  it('Fagerland et al. 2017, ch. 4: Perondi 2004, 7/34 against 1/34 → 0.1765 (0.0189 to 0.3404)', () => {
    const d = newcombeInterval(7, 34, 1, 34);
    expect(round(d.difference, 4)).toBe(0.1765);
    expect(four(d)).toEqual([0.0189, 0.3404]);
  });

  it('the pooled z test is Pearson’s X² of the table: tea tasting (Fagerland et al. 2017) X² 2.000, P 0.1573', () => {
    const tea = twoProportionTest(3, 4, 1, 4);
    expect(tea.difference).toBe(0.5);
    expect(round(tea.z ** 2, 3)).toBe(2);
    expect(round(tea.pValue, 4)).toBe(0.1573);
    // Newcombe's example (a): z² against X² = N(ad − bc)² / (row and column totals), p from an independent CDF.
    const a = twoProportionTest(56, 70, 48, 80);
    const chi2 = (150 * (56 * 32 - 14 * 48) ** 2) / (70 * 80 * 104 * 46);
    expect(a.z ** 2).toBeCloseTo(chi2, 10);
    expect(a.pValue).toBeCloseTo(2 * (1 - normalCdfOf(Math.sqrt(chi2))), 10);
    expect(twoProportionTest(0, 10, 0, 20)).toEqual({ difference: 0, z: 0, pValue: 1 });
    expect(() => twoProportionTest(0, 0, 1, 2)).toThrow(RangeError);
  });

  it('a change between rounds is after − before, with Newcombe’s interval and that interval inverted for p', () => {
    const change = proportionChange(48, 80, 56, 70);
    expect(change.difference).toBeCloseTo(0.2, 10);
    expect(four(change)).toEqual([0.0524, 0.3339]);
    // p is the level at which the interval's lower end reaches 0: scipy (brentq on Wilson's limits, norm.sf)
    // gives 0.008133; the pooled z test's 0.0080 (scipy) is another method, no longer shown.
    expect(round(change.pValue, 4)).toBe(0.0081);
    expect(round(twoProportionTest(56, 70, 48, 80).pValue, 4)).toBe(0.008);
    // At confidence 1 − p the interval touches 0.
    expect(proportionChange(48, 80, 56, 70, 1 - change.pValue).low).toBeCloseTo(0, 6);
    expect(four(proportionChange(56, 70, 48, 80))).toEqual([-0.3339, -0.0524]);
    expect(proportionChange(56, 70, 48, 80).pValue).toBeCloseTo(change.pValue, 10);
    expect(proportionChange(3, 10, 6, 20)).toMatchObject({ difference: 0, pValue: 1 });
  });

  it('verdict and p never disagree: 0/24 → 4/24, where the z test said p = 0.037 beside an interval holding 0', () => {
    // Wilson 95% limits: 0/24 → 0 to 0.1380; 4/24 → 0.0668 to 0.3585 (centre (1/6 + 0.0800) / 1.1601 = 0.2127,
    // half 1.96 × √(0.005787 + 0.001667) / 1.1601 = 0.1459). Lower end: 1/6 − √((1/6 − 0.0668)² + 0.1380²)
    // = 0.1667 − 0.1704 = −0.0037. Inverted (scipy brentq): p = 0.0538.
    const change = proportionChange(0, 24, 4, 24);
    expect(four(change)).toEqual([-0.0037, 0.3585]);
    expect(round(change.pValue, 4)).toBe(0.0538);
    expect(verdict(change)).toBe('not-distinguishable');
    expect(round(twoProportionTest(4, 24, 0, 24).pValue, 4)).toBe(0.0367);
    // Over many tables, p < 0.05 exactly when the interval leaves out 0.
    for (let a = 0; a <= 12; a += 3) for (let b = 0; b <= 12; b++) {
      const c = designChange({ successes: a, n: 12, deff: 1.4, df: 4 }, { successes: b, n: 12 });
      expect(c.pValue < 0.05).toBe(verdict(c) !== 'not-distinguishable');
    }
  });

  it('carries each round’s design effect and the fewer degrees of freedom into the change', () => {
    // Before 30/60 with deff 2 (df 5), after 45/60 with deff 1.5 (df 9): Newcombe on the effective samples 15/30
    // and 30/40 with t₅ = 2.5706 for z (df = min(5, 9)): −0.0433 to 0.4998, p 0.0823 (scipy: Wilson with
    // q, brentq, t.sf(q, 5)). The same counts as simple samples: 0.0768 to 0.4035, p 0.0045.
    const change = designChange({ successes: 30, n: 60, deff: 2, df: 5 }, { successes: 45, n: 60, deff: 1.5, df: 9 });
    expect(change).toMatchObject({ difference: 0.25, df: 5 });
    expect(four(change)).toEqual([-0.0433, 0.4998]);
    expect(round(change.pValue, 4)).toBe(0.0823);
    const simple = designChange({ successes: 30, n: 60 }, { successes: 45, n: 60 });
    expect(four(simple)).toEqual([0.0768, 0.4035]);
    expect(round(simple.pValue, 4)).toBe(0.0045);
    expect(simple.df).toBeNull();
  });

  it('describes a change for the dashboard: the verdict key and the points', () => {
    expect(describeChange(proportionChange(48, 80, 56, 70))).toEqual({ verdict: 'up-likely-real', points: 20, lowPoints: 5.2, highPoints: 33.4 });
    expect(describeChange(proportionChange(56, 70, 48, 80))).toMatchObject({ verdict: 'down-likely-real', points: -20 });
    // Newcombe's example (d): 5/56 against 0/29, up 8.9 points, but the interval holds 0.
    expect(describeChange(newcombeInterval(5, 56, 0, 29))).toEqual({ verdict: 'not-distinguishable', points: 8.9, lowPoints: -3.8, highPoints: 19.3 });
    expect(verdict(proportionChange(30, 60, 32, 60))).toBe('not-distinguishable');
  });

  it('difference in differences takes each group’s design effect and the fewest df, with the p of the same Wald statistic', () => {
    const did = differenceInDifferences({
      treatedBefore: { successes: 30, n: 100, deff: 2, df: 3 },
      treatedAfter: { successes: 50, n: 100, deff: 2, df: 3 },
      comparisonBefore: { successes: 30, n: 100, deff: 1.5, df: 5 },
      comparisonAfter: { successes: 35, n: 100, deff: 1.5, df: 5 },
    });
    // se² = (0.21 × 2 + 0.25 × 2 + 0.21 × 1.5 + 0.2275 × 1.5) / 100 = 0.0157625, se 0.125549; t₃ = 3.182446:
    // 0.15 ± 0.399552; t = 0.15 / 0.125549 = 1.194755, two-sided p on 3 df 0.3180 (scipy t.sf).
    expect(did.df).toBe(3);
    expect(round(did.high - did.estimate, 4)).toBe(0.3996);
    expect(round(did.pValue, 4)).toBe(0.318);
  });

  it('difference in differences is a Wald interval on four variances, labelled indicative', () => {
    // With a comparison arm at 0% in both rounds (no variance), it is the Wald interval of the treated change:
    // Newcombe 1998b, Table II, method 1, example (a): 0.0575 to 0.3425; Fagerland et al. 2017: 0.0292 to 0.3238.
    const flat = { successes: 0, n: 10 };
    const newcombeA = differenceInDifferences({ treatedBefore: { successes: 48, n: 80 }, treatedAfter: { successes: 56, n: 70 }, comparisonBefore: flat, comparisonAfter: flat });
    expect(newcombeA.indicative).toBe(true);
    expect(round(newcombeA.estimate, 4)).toBe(0.2);
    expect(four(newcombeA)).toEqual([0.0575, 0.3425]);
    const perondi = differenceInDifferences({ treatedBefore: { successes: 1, n: 34 }, treatedAfter: { successes: 7, n: 34 }, comparisonBefore: flat, comparisonAfter: flat });
    expect(four(perondi)).toEqual([0.0292, 0.3238]);
    // Both arms varying: the comparison's change is taken off and its variance added.
    const did = differenceInDifferences({
      treatedBefore: { successes: 30, n: 100 },
      treatedAfter: { successes: 50, n: 100 },
      comparisonBefore: { successes: 30, n: 100 },
      comparisonAfter: { successes: 35, n: 100 },
    });
    expect(round(did.estimate, 10)).toBe(0.15);
    const se = Math.sqrt((0.3 * 0.7 * 2 + 0.5 * 0.5 + 0.35 * 0.65) / 100);
    expect(did.high - did.estimate).toBeCloseTo(zFor(0.95) * se, 12);
  });
});

describe('the same households twice', () => {
  it('McNemar: Agresti’s presidential approval ratings, 150 and 86 changed, z² = 17.36', () => {
    const test = mcnemarTest(150, 86);
    expect(round(test.statistic, 2)).toBe(17.36);
    expect(test.pValue).toBeLessThan(0.0001);
    expect(test.exactPValue).toBeNull();
  });

  it('McNemar with continuity correction and exact: Armitage & Berry’s culture media, 12 and 2 changed', () => {
    const test = mcnemarTest(12, 2);
    expect(round(test.corrected.statistic, 6)).toBe(5.785714);
    expect(round(test.corrected.pValue, 4)).toBe(0.0162);
    expect(round(test.exactPValue!, 4)).toBe(0.0129);
  });

  it('McNemar asymptotic and exact: Fagerland et al. 2013, 1 and 7 changed → P 0.034 and 0.070', () => {
    const test = mcnemarTest(1, 7);
    expect(round(test.pValue, 3)).toBe(0.034);
    expect(round(test.exactPValue!, 3)).toBe(0.07);
    expect(mcnemarTest(5, 5)).toMatchObject({ statistic: 0, pValue: 1, exactPValue: 1 });
    expect(mcnemarTest(0, 0).pValue).toBe(1);
    expect(() => mcnemarTest(1.5, 2)).toThrow(RangeError);
  });

  it('Newcombe 1998c, method 10, on Armitage & Berry’s data: 0.2000, 0.0562 to 0.3292', () => {
    const d = newcombePairedInterval({ both: 20, firstOnly: 12, secondOnly: 2, neither: 16 });
    expect(round(d.difference, 4)).toBe(0.2);
    expect(four(d)).toEqual([0.0562, 0.3292]);
  });

  it('the paired change takes its p from Newcombe’s paired interval inverted, so that they agree', () => {
    // Armitage & Berry: 0.0562 to 0.3292; the interval's lower end reaches 0 at p = 0.005726 (scipy brentq on
    // the same limits). Bentur 2009: −0.507 to −0.026, p 0.0318; Cavo 2012: −0.1186 to −0.0046, p 0.0340.
    const media = pairedChange({ both: 20, firstOnly: 12, secondOnly: 2, neither: 16 });
    expect(four(media)).toEqual([0.0562, 0.3292]);
    expect(round(media.pValue, 4)).toBe(0.0057);
    expect(round(pairedChange({ both: 1, firstOnly: 1, secondOnly: 7, neither: 12 }).pValue, 4)).toBe(0.0318);
    expect(round(pairedChange({ both: 59, firstOnly: 6, secondOnly: 16, neither: 80 }).pValue, 4)).toBe(0.034);
    expect(pairedChange({ both: 5, firstOnly: 2, secondOnly: 2, neither: 5 }).pValue).toBe(1);
  });

  it('Newcombe’s paired interval on Fagerland’s examples: Bentur 2009 (2014 paper) and Cavo 2012 (2017 book)', () => {
    expect(three(newcombePairedInterval({ both: 1, firstOnly: 1, secondOnly: 7, neither: 12 }))).toEqual([-0.507, -0.026]);
    const cavo = newcombePairedInterval({ both: 59, firstOnly: 6, secondOnly: 16, neither: 80 });
    expect(round(cavo.difference, 4)).toBe(-0.0621);
    expect(four(cavo)).toEqual([-0.1186, -0.0046]);
    expect(describeChange(cavo).verdict).toBe('down-likely-real');
  });
});

/** One-way ANOVA of groups of values: mean squares and ICC(1) = (BMS − WMS) / (BMS + (n₀ − 1)·WMS). */
function anova(groups: number[][]): { bms: number; wms: number; icc: number } {
  const all = groups.flat();
  const total = all.length;
  const k = groups.length;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const grand = mean(all);
  const bms = groups.reduce((s, g) => s + g.length * (mean(g) - grand) ** 2, 0) / (k - 1);
  const wms = groups.reduce((s, g) => s + g.reduce((t, x) => t + (x - mean(g)) ** 2, 0), 0) / (total - k);
  const n0 = (total - groups.reduce((s, g) => s + g.length ** 2, 0) / total) / (k - 1);
  return { bms, wms, icc: (bms - wms) / (bms + (n0 - 1) * wms) };
}

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

describe('means from kept sums (n, Σx, Σx²)', () => {
  const sums = (xs: number[]) => ({ n: xs.length, sum: xs.reduce((a, b) => a + b, 0), sumSquares: xs.reduce((a, b) => a + b * b, 0) });

  it("gives Student's t interval (Student 1908, the sleep data as in R's t.test)", () => {
    const differences = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4];
    const interval = meanInterval(sums(differences))!;
    expect(round(interval.mean, 2)).toBe(1.58);
    expect(round(interval.low, 4)).toBe(0.7001);
    expect(round(interval.high, 4)).toBe(2.4599);
    expect(meanInterval(sums([3]))).toBeNull();
  });

  it('takes the degrees of freedom it is given (communes − 1), n − 1 by default', () => {
    // The sleep data on 3 df: 1.58 ± 3.182446 × 0.389073 (sd 1.230357 / √10) = 0.3418 to 2.8182.
    const differences = [1.2, 2.4, 1.3, 1.3, 0.0, 1.0, 1.8, 0.8, 4.6, 1.4];
    expect(three(meanInterval(sums(differences), { df: 3 })!)).toEqual([0.342, 2.818]);
    expect(three(meanInterval(sums(differences), { df: null })!)).toEqual([0.7, 2.46]);
  });

  it('widens by the design effect: deff 2 halves the effective sample', () => {
    const xs = Array.from({ length: 40 }, (_, i) => i % 7);
    const widened = meanInterval(sums(xs), { deff: 2, df: 19 })!;
    const half = meanInterval({ ...sums(xs), n: 20, sum: sums(xs).sum / 2, sumSquares: sums(xs).sumSquares / 2 })!;
    expect(widened.high - widened.low).toBeCloseTo(half.high - half.low, 1);
    expect(widened.high - widened.low).toBeGreaterThan(meanInterval(sums(xs))!.high - meanInterval(sums(xs))!.low);
  });

  it('estimates the ICC from group sums alone (Shrout & Fleiss 1979, Table 2: 0.17)', () => {
    expect(round(iccFromGroups(judges.map(sums)), 2)).toBe(0.17);
    expect(iccFromGroups([sums([1, 2])])).toBe(0);
  });
});
