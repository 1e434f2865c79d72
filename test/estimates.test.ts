/** Intervals, target status and changes in words beside indicator values, with plain values. */
import { describe, expect, it } from 'vitest';
import { totalsOf } from '../src/domain/aggregates';
import { changes, designOfValue, didOf, estimate, linkedChange, roundedP, targetStatus } from '../src/domain/estimates';
import { computeIndicator, indicatorCatalogue } from '../src/domain/indicators';
import { exactBinomialInterval, momentsOfGroups, proportionChange, wilsonInterval } from '../src/domain/statistics';

const know111 = indicatorCatalogue.find((d) => d.id === 'caregivers-know-111')!;
const cscAssisted = indicatorCatalogue.find((d) => d.id === 'csc-assisted')!;
const answers = (yes: number, no: number) => [...Array(yes).fill({ knows_111: 'yes' }), ...Array(no).fill({ knows_111: 'no' })];
const value = (yes: number, no: number) => computeIndicator(know111, answers(yes, no));
/** The communes' moments, as the database adds them up from kept sums (0/1 answers: Σx² = Σx). */
const communes = (...values: ReturnType<typeof value>[]) => totalsOf(values.map((v) => ({ ...v, sumSquares: v.numerator }))).moments;

describe('estimate of one round', () => {
  it('in one commune, households are a simple random sample: the Wilson interval in percent, deff 1, normal', () => {
    const e = estimate(know111, value(45, 15), communes(value(45, 15)));
    const w = wilsonInterval(45, 60);
    expect(e).toMatchObject({ method: 'wilson', deff: 1, df: null });
    expect(e.ci).toEqual([Math.round(w.low * 1000) / 10, Math.round(w.high * 1000) / 10]);
  });

  it('with two or more communes, they are the clusters: deff from the linearization variance, df = communes − 1', () => {
    // 4 alike communes of 15 (11, 11, 11, 12 yes): deff 1 (floored), df 3; the effective sample 60 × (1.959964 /
    // 3.182446)² = 22.76 is under 30, so the exact interval of 0.75 × 22.76 of 22.76.
    const alike = estimate(know111, value(45, 15), communes(value(11, 4), value(11, 4), value(11, 4), value(12, 3)));
    expect(alike).toMatchObject({ method: 'exact', deff: 1, df: 3 });
    const n = 60 * (1.959964 / 3.182446) ** 2;
    const exact = exactBinomialInterval(0.75 * n, n);
    expect(alike.ci![0]).toBeCloseTo(exact.low * 100, 1);
    expect(alike.ci![1]).toBeCloseTo(exact.high * 100, 1);
    // Communes 50/60 and 10/60: p 0.5, residuals ±20, v = 2 × 800 / 120² = 0.1111 over 0.25 / 120 → deff 53.33.
    const apart = estimate(know111, value(60, 60), communes(value(50, 10), value(10, 50)));
    expect(apart).toMatchObject({ deff: 53.33, df: 1 });
    const same = estimate(know111, value(60, 60), communes(value(30, 30), value(30, 30)));
    expect(apart.ci![1] - apart.ci![0]).toBeGreaterThan(same.ci![1] - same.ci![0]);
  });

  it('children in one commune: their households are the clusters', () => {
    const registered = indicatorCatalogue.find((d) => d.id === 'children-birth-registered')!;
    // 6 households of 4 children, registered 4, 4, 4, 0, 0, 0: p 0.5, yₕ − p·mₕ = ±2, Σ² 24; v = 6/5 · 24 / 24² = 0.05
    // over 0.25 / 24 → deff 4.8, df 5. Ignoring households it would be 1.
    const households = momentsOfGroups([4, 4, 4, 0, 0, 0].map((y) => ({ n: 4, sum: y, sumSquares: y })));
    const children = { numerator: 12, denominator: 24, value: 50, n: 24 };
    const e = estimate(registered, children, communes(children), null, 0, households);
    expect(e).toMatchObject({ deff: 4.8, df: 5 });
    expect(estimate(registered, children, communes(children))).toMatchObject({ deff: 1, df: null });
    // With two communes or more, the communes are the clusters, the households within them covered.
    expect(designOfValue(registered, communes(value(6, 6), value(6, 6)), households)).toEqual({ deff: 1, df: 1 });
  });

  it('gives a mean its t interval from the kept sums, on communes − 1 degrees of freedom', () => {
    const sessions = indicatorCatalogue.find((d) => d.id === 'parenting-sessions-mean')!;
    const commune = (xs: number[]) => ({ numerator: xs.reduce((a, b) => a + b, 0), denominator: xs.length, n: xs.length, sumSquares: xs.reduce((a, b) => a + b * b, 0) });
    const alike = totalsOf([commune([1, 5, 3, 7]), commune([2, 6, 4, 4]), commune([3, 5, 4, 4])]);
    const apart = totalsOf([commune([1, 1, 2, 2]), commune([8, 8, 9, 9]), commune([4, 5, 4, 5])]);
    const e = estimate(sessions, { numerator: 48, denominator: 12, value: 4, n: 12 }, alike.moments);
    expect(e).toMatchObject({ method: 't', deff: 1, df: 2 });
    // Alike communes (each sums to 16 of 4: no variance between them, deff floored at 1): 4 ± t₂ × s/√n,
    // s² = (222 − 48²/12) / 11 = 2.7273, t₂ = 4.302653: 4 ± 4.302653 × √(2.7273 / 12) = 4 ± 2.0512 → 1.9 to 6.1 (scipy alike).
    expect(e.ci).toEqual([1.9, 6.1]);
    const wide = estimate(sessions, { numerator: 58, denominator: 12, value: 4.8, n: 12 }, apart.moments);
    // deff 5.34 (test/statistics.test.ts): 4.8333 ± 4.302653 × √(0.77020 × 5.34) → −3.9 to 13.6.
    expect(wide).toMatchObject({ deff: 5.34, df: 2, ci: [-3.9, 13.6] });
  });

  it('gives registered counts no interval, and says whether a target is met', () => {
    const target = { indicator: 'csc-assisted', value: 98, year: 2020, baseline: { value: 95, year: 2015 }, source: 'test' };
    const ratio = computeIndicator(cscAssisted, [{ csc_total: 100, csc_assisted: 86 }]);
    expect(estimate(cscAssisted, ratio, communes(), target, 2017)).toMatchObject({ ci: null, status: 'not-met', offTrack: true, progress: -3 });
    expect(targetStatus(cscAssisted, computeIndicator(cscAssisted, [{ csc_total: 100, csc_assisted: 98 }]), target)).toBe('met');
    expect(targetStatus(know111, value(1, 1), null)).toBe('no-target');
    expect(targetStatus(know111, value(0, 0), target)).toBe('no-data');
    const lowerIsBetter = { ...cscAssisted, direction: 'lower-is-better' as const };
    expect(targetStatus(lowerIsBetter, { numerator: 6, denominator: 1000, value: 0.6, n: 1 }, { ...target, value: 0.7 })).toBe('met');
  });
});

describe('a census', () => {
  it('commune-level indicators get no interval, no design and no test: a count', () => {
    const friendly = indicatorCatalogue.find((d) => d.id === 'child-friendly-communes')!;
    const v = computeIndicator(friendly, [{ child_friendly_commune: true }, { child_friendly_commune: true }, { child_friendly_commune: false }]);
    expect(v).toMatchObject({ numerator: 2, denominator: 3, n: 3 });
    expect(estimate(friendly, v, communes(v))).toMatchObject({ ci: null, method: 'census', deff: 1, df: null });
    const after = computeIndicator(friendly, [{ child_friendly_commune: true }, { child_friendly_commune: true }, { child_friendly_commune: true }]);
    expect(changes(friendly, [{ kind: 'baseline', value: v }, { kind: 'final', value: after }])).toEqual([]);
    expect(estimate(friendly, computeIndicator(friendly, []), communes())).toMatchObject({ method: null });
  });
});

describe('changes between rounds', () => {
  it('compares consecutive rounds with data and the first with the last, in points', () => {
    const rounds = [
      { kind: 'baseline', value: value(30, 30) },
      { kind: 'midterm', value: value(45, 15) },
      { kind: 'final', value: value(46, 14) },
    ];
    const found = changes(know111, rounds);
    expect(found.map((c) => [c.from, c.to, c.difference, c.verdict])).toEqual([
      ['baseline', 'midterm', 25, 'up-likely-real'],
      ['midterm', 'final', 1.7, 'not-distinguishable'],
      ['baseline', 'final', 26.7, 'up-likely-real'],
    ]);
    const raw = proportionChange(30, 60, 45, 60);
    expect(found[0].ci).toEqual([Math.round(raw.low * 1000) / 10, Math.round(raw.high * 1000) / 10]);
    expect(found[0]).toMatchObject({ pValue: 0.0045, df: null });
  });

  it("carries each round's design (deff, df) into the change: likely real as simple samples, not once clustered", () => {
    const rounds = [
      { kind: 'baseline', value: value(30, 30), estimate: { deff: 2, df: 5 } },
      { kind: 'final', value: value(45, 15), estimate: { deff: 1.5, df: 9 } },
    ];
    // test/statistics.test.ts: −0.0433 to 0.4998, p 0.0823, on 5 df.
    expect(changes(know111, rounds)).toEqual([{ from: 'baseline', to: 'final', difference: 25, ci: [-4.3, 50], pValue: 0.0823, df: 5, verdict: 'not-distinguishable' }]);
  });

  it('keeps a p-value just under 0.05 under it when rounded, beside its verdict', () => {
    expect(roundedP(0.049996)).toBe(0.0499);
    expect(roundedP(0.05)).toBe(0.05);
    expect(roundedP(0.00012)).toBe(0.0001);
  });

  it('skips rounds without data and does not test registered counts', () => {
    expect(changes(know111, [{ kind: 'baseline', value: value(3, 3) }, { kind: 'midterm', value: value(0, 0) }])).toEqual([]);
    expect(changes(cscAssisted, [{ kind: 'baseline', value: computeIndicator(cscAssisted, [{ csc_total: 10, csc_assisted: 5 }]) }, { kind: 'midterm', value: computeIndicator(cscAssisted, [{ csc_total: 10, csc_assisted: 9 }]) }])).toEqual([]);
  });
});

describe('difference in differences between treated and comparison communes', () => {
  it('is indicative, in points, with its interval and the p of the same statistic, each group with its design', () => {
    const groups = {
      treatedBefore: { value: value(30, 70) },
      treatedAfter: { value: value(50, 50) },
      comparisonBefore: { value: value(30, 70) },
      comparisonAfter: { value: value(35, 65) },
    };
    // Simple samples: se = √((0.21 × 2 + 0.25 + 0.2275) / 100) = 0.094736; 0.15 ± 1.959964 × 0.094736 = −0.0357 to
    // 0.3357; z = 1.5833, p = 0.11334 (scipy norm.sf).
    expect(didOf(know111, groups)).toEqual({ difference: 15, ci: [-3.6, 33.6], pValue: 0.1133, df: null, verdict: 'not-distinguishable', indicative: true });
    // With designs, the fewest df (3) and each deff: the same as statistics.test.ts's worked example, p 0.318.
    const designed = didOf(know111, {
      treatedBefore: { ...groups.treatedBefore, estimate: { deff: 2, df: 3 } },
      treatedAfter: { ...groups.treatedAfter, estimate: { deff: 2, df: 3 } },
      comparisonBefore: { ...groups.comparisonBefore, estimate: { deff: 1.5, df: 5 } },
      comparisonAfter: { ...groups.comparisonAfter, estimate: { deff: 1.5, df: 5 } },
    });
    expect(designed).toMatchObject({ difference: 15, pValue: 0.318, df: 3, verdict: 'not-distinguishable' });
    expect(didOf(know111, { ...groups, comparisonAfter: { value: value(0, 0) } })).toBeNull();
    expect(didOf(cscAssisted, groups)).toBeNull();
  });
});

describe('change among linked households', () => {
  it("takes the verdict and p from Newcombe's paired interval: 2 yes→no, 10 no→yes of 30", () => {
    const pair = (a: string, b: string): [Record<string, unknown>, Record<string, unknown>] => [{ knows_111: a }, { knows_111: b }];
    const pairs = [...Array(2).fill(pair('yes', 'no')), ...Array(10).fill(pair('no', 'yes')), ...Array(10).fill(pair('yes', 'yes')), ...Array(8).fill(pair('no', 'no')), pair('yes', '')];
    const c = linkedChange(know111, 'baseline', 'final', pairs)!;
    // After − before: both 10, after only 10, before only 2, neither 8 → 0.2667, 0.0441 to 0.4517; the lower end
    // reaches 0 at p 0.0179 (scipy brentq on the same limits). McNemar's exact p would be 0.0386.
    expect(c).toMatchObject({ pairs: 30, before: 2, after: 10, test: 'newcombe-paired', difference: 26.7, ci: [4.4, 45.2], pValue: 0.0179, verdict: 'up-likely-real' });
    expect(linkedChange(cscAssisted, 'baseline', 'final', pairs)).toBeNull();
  });
});
