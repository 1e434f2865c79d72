/** Intervals, target status and changes in words beside indicator values, with plain values. */
import { describe, expect, it } from 'vitest';
import { totalsOf } from '../src/domain/aggregates';
import { changes, estimate, linkedChange, targetStatus } from '../src/domain/estimates';
import { computeIndicator, indicatorCatalogue } from '../src/domain/indicators';
import { proportionChange, wilsonInterval } from '../src/domain/statistics';

const know111 = indicatorCatalogue.find((d) => d.id === 'caregivers-know-111')!;
const cscAssisted = indicatorCatalogue.find((d) => d.id === 'csc-assisted')!;
const answers = (yes: number, no: number) => [...Array(yes).fill({ knows_111: 'yes' }), ...Array(no).fill({ knows_111: 'no' })];
const value = (yes: number, no: number) => computeIndicator(know111, answers(yes, no));
/** The communes' moments, as the database adds them up from kept sums (0/1 answers: Σx² = Σx). */
const communes = (...values: ReturnType<typeof value>[]) => totalsOf(values.map((v) => ({ ...v, sumSquares: v.numerator }))).moments;

describe('estimate of one round', () => {
  it('is the Wilson interval in percent when communes are alike (deff 1)', () => {
    const e = estimate(know111, value(45, 15), communes(value(22, 8), value(23, 7)));
    const w = wilsonInterval(45, 60);
    expect(e.method).toBe('wilson');
    expect(e.ci).toEqual([Math.round(w.low * 1000) / 10, Math.round(w.high * 1000) / 10]);
    expect(e.deff).toBe(1);
  });

  it('widens the interval when communes differ (design effect from the ICC)', () => {
    const alike = estimate(know111, value(60, 60), communes(value(30, 30), value(30, 30)));
    const apart = estimate(know111, value(60, 60), communes(value(50, 10), value(10, 50)));
    expect(apart.deff).toBeGreaterThan(1);
    expect(apart.ci![1] - apart.ci![0]).toBeGreaterThan(alike.ci![1] - alike.ci![0]);
  });

  it('gives a mean its t interval from the kept sums, widened when communes differ', () => {
    const sessions = indicatorCatalogue.find((d) => d.id === 'parenting-sessions-mean')!;
    const commune = (xs: number[]) => ({ numerator: xs.reduce((a, b) => a + b, 0), denominator: xs.length, n: xs.length, sumSquares: xs.reduce((a, b) => a + b * b, 0) });
    const alike = totalsOf([commune([1, 5, 3, 7]), commune([2, 6, 4, 4])]);
    const apart = totalsOf([commune([1, 1, 2, 2]), commune([8, 8, 9, 9])]);
    const e = estimate(sessions, { numerator: 32, denominator: 8, value: 4, n: 8 }, alike.moments);
    expect(e).toMatchObject({ method: 't', deff: 1 });
    // Student's t with 7 degrees of freedom: 4 ± 2.365 × sd / √8, sd² = (156 − 32²/8) / 7 = 4.
    const half = 2.3646 * Math.sqrt(4 / 8);
    expect(e.ci![0]).toBeCloseTo(4 - half, 1);
    expect(e.ci![1]).toBeCloseTo(4 + half, 1);
    const wide = estimate(sessions, { numerator: 40, denominator: 8, value: 5, n: 8 }, apart.moments);
    expect(wide.deff).toBeGreaterThan(1);
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
  });

  it('skips rounds without data and does not test registered counts', () => {
    expect(changes(know111, [{ kind: 'baseline', value: value(3, 3) }, { kind: 'midterm', value: value(0, 0) }])).toEqual([]);
    expect(changes(cscAssisted, [{ kind: 'baseline', value: computeIndicator(cscAssisted, [{ csc_total: 10, csc_assisted: 5 }]) }, { kind: 'midterm', value: computeIndicator(cscAssisted, [{ csc_total: 10, csc_assisted: 9 }]) }])).toEqual([]);
  });
});

describe('change among linked households', () => {
  it("uses McNemar's exact test on the discordant pairs: 2 yes→no, 10 no→yes of 30", () => {
    const pair = (a: string, b: string): [Record<string, unknown>, Record<string, unknown>] => [{ knows_111: a }, { knows_111: b }];
    const pairs = [...Array(2).fill(pair('yes', 'no')), ...Array(10).fill(pair('no', 'yes')), ...Array(10).fill(pair('yes', 'yes')), ...Array(8).fill(pair('no', 'no')), pair('yes', '')];
    const c = linkedChange(know111, 'baseline', 'final', pairs)!;
    // Exact two-sided p = 2 × P(X ≤ 2 | 12, ½) = 2 × 79 / 4096.
    expect(c).toMatchObject({ pairs: 30, before: 2, after: 10, test: 'mcnemar-exact', difference: 26.7, pValue: 0.0386, verdict: 'up-likely-real' });
    expect(linkedChange(cscAssisted, 'baseline', 'final', pairs)).toBeNull();
  });
});
