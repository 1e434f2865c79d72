/** Intervals, target status and changes in words beside indicator values, with plain values. */
import { describe, expect, it } from 'vitest';
import { changes, estimate, targetStatus } from '../src/domain/estimates';
import { computeIndicator, indicatorCatalogue } from '../src/domain/indicators';
import { proportionChange, wilsonInterval } from '../src/domain/statistics';

const know111 = indicatorCatalogue.find((d) => d.id === 'caregivers-know-111')!;
const cscAssisted = indicatorCatalogue.find((d) => d.id === 'csc-assisted')!;
const answers = (yes: number, no: number) => [...Array(yes).fill({ knows_111: 'yes' }), ...Array(no).fill({ knows_111: 'no' })];
const value = (yes: number, no: number) => computeIndicator(know111, answers(yes, no));

describe('estimate of one round', () => {
  it('is the Wilson interval in percent when communes are alike (deff 1)', () => {
    const e = estimate(know111, value(45, 15), [value(22, 8), value(23, 7)]);
    const w = wilsonInterval(45, 60);
    expect(e.method).toBe('wilson');
    expect(e.ci).toEqual([Math.round(w.low * 1000) / 10, Math.round(w.high * 1000) / 10]);
    expect(e.deff).toBe(1);
  });

  it('widens the interval when communes differ (design effect from the ICC)', () => {
    const alike = estimate(know111, value(60, 60), [value(30, 30), value(30, 30)]);
    const apart = estimate(know111, value(60, 60), [value(50, 10), value(10, 50)]);
    expect(apart.deff).toBeGreaterThan(1);
    expect(apart.ci![1] - apart.ci![0]).toBeGreaterThan(alike.ci![1] - alike.ci![0]);
  });

  it('gives registered counts no interval, and says whether a target is met', () => {
    const target = { indicator: 'csc-assisted', value: 98, year: 2020, baseline: { value: 95, year: 2015 }, source: 'test' };
    const ratio = computeIndicator(cscAssisted, [{ csc_total: 100, csc_assisted: 86 }]);
    expect(estimate(cscAssisted, ratio, [], target, 2017)).toMatchObject({ ci: null, status: 'not-met', offTrack: true, progress: -3 });
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
