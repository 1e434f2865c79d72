/** The bar charts' layout numbers (src/domain/chart-layout.ts), with plain values; ticks as d3's scale.nice().ticks() gives them. */
import { describe, expect, it } from 'vitest';
import { at, barLength, labelledTicks, minBarPx, niceTicks, percent, targetAnchor, tickAnchor, tickStep, valueAxis } from '../src/domain/chart-layout';

describe('niceTicks', () => {
  it('extends the ends to round numbers, as d3 does', () => {
    expect(niceTicks(0, 0.97, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 87.5, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 6.3, 5)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(niceTicks(0, 0.034, 4)).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
    expect(niceTicks(0, 2680, 5)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000]);
    expect(niceTicks(-1.2, 3.4, 5)).toEqual([-2, -1, 0, 1, 2, 3, 4]);
  });

  it('gives exact decimals (no 0.30000000000000004) and survives an empty or reversed range', () => {
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(0, 0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1, 0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(Number.NaN, 1, 5)).toEqual([0, 1]);
  });

  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(tickStep(0, 0.97, 5)).toBe(0.2);
    expect(tickStep(0, 10, 5)).toBe(2);
    expect(tickStep(0, 1000, 3)).toBe(500);
  });
});

describe('valueAxis', () => {
  it('fits the values, interval ends and target, so 0.97% against 0.7% is not a sliver', () => {
    expect(valueAxis({ values: [0.97, 1.4, 0.7], cap: 100 })).toEqual({ max: 1.5, ticks: [0, 0.5, 1, 1.5] });
    expect(valueAxis({ values: [0.97, 0.7], cap: 100 })).toEqual({ max: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] });
    expect(at(0.97, 1)).toBe(0.97);
  });

  it('never passes the cap, and ignores missing values', () => {
    expect(valueAxis({ values: [98, 99.5, null], cap: 100 })).toEqual({ max: 100, ticks: [0, 20, 40, 60, 80, 100] });
    expect(valueAxis({ values: [96, 102], cap: 100 }).max).toBe(100);
    expect(valueAxis({ values: [null, undefined] }).max).toBe(1);
    expect(valueAxis({ values: [2.3, 4.1] }).ticks).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('bars and labels', () => {
  it('draws a value above 0 at least minBarPx wide, and 0 as nothing', () => {
    expect(barLength(0.97, 100)).toEqual({ fraction: 0.0097, minPx: minBarPx });
    expect(barLength(0, 1)).toEqual({ fraction: 0, minPx: 0 });
    expect(barLength(150, 100)).toEqual({ fraction: 1, minPx: minBarPx });
    expect(minBarPx).toBeGreaterThanOrEqual(2);
  });

  it('keeps positions inside the plot', () => {
    expect(at(-3, 10)).toBe(0);
    expect(at(11, 10)).toBe(1);
    expect(at(1, 0)).toBe(0);
    expect(percent(0.0097)).toBe('0.97%');
    expect(percent(1 / 3)).toBe('33.333%');
  });

  it('anchors the end ticks inward and the target label away from the nearer edge', () => {
    expect([0, 1, 2, 3].map((i) => tickAnchor(i, 4))).toEqual(['start', 'middle', 'middle', 'end']);
    expect(labelledTicks(6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(labelledTicks(8)).toEqual([0, 2, 4, 6]);
    expect(targetAnchor(0.7)).toEqual({ anchor: 'end', dx: -4 });
    expect(targetAnchor(0.2)).toEqual({ anchor: 'start', dx: 4 });
  });
});
