/** Targets, progress and the planned trajectory, with plain values. */
import { describe, expect, it } from 'vitest';
import { meetsTarget, offTrack, plannedValue, progressToTarget, seededTargets, type Target, targetFor } from '../src/domain/targets';

const up = { direction: 'higher-is-better' as const };
const down = { direction: 'lower-is-better' as const };
const assisted: Target = { indicator: 'csc-assisted', programme: 'p', value: 98, year: 2020, baseline: { value: 95, year: 2015 }, source: 'test' };
const share: Target = { indicator: 'csc-share', programme: 'p', value: 0.7, year: 2020, baseline: { value: 0.73, year: 2016 }, source: 'test' };

describe('targets', () => {
  it('a model’s own target wins over its programme’s', () => {
    const own: Target = { ...assisted, model: 'm1', programme: undefined, value: 99 };
    expect(targetFor('csc-assisted', { id: 'm1', programmeId: 'p' }, [assisted, own])?.value).toBe(99);
    expect(targetFor('csc-assisted', { id: 'm2', programmeId: 'p' }, [assisted, own])?.value).toBe(98);
    expect(targetFor('csc-assisted', { id: 'm2', programmeId: 'q' }, [assisted, own])).toBeNull();
    expect(targetFor('csc-assisted', { id: 'hn-phu-chau', programmeId: 'hanoi-2015-2020' }, seededTargets)?.value).toBe(98);
    expect(targetFor('child-friendly-communes', { id: 'yb-service-pilot', programmeId: 'yen-bai-2018-2020' }, seededTargets)?.value).toBe(90);
  });

  it('meets a target in the indicator’s direction', () => {
    expect(meetsTarget(up, assisted, 98)).toBe(true);
    expect(meetsTarget(up, assisted, 97.9)).toBe(false);
    expect(meetsTarget(down, share, 0.7)).toBe(true);
    expect(meetsTarget(down, share, 0.71)).toBe(false);
  });

  it('measures progress from baseline to target, both directions', () => {
    expect(progressToTarget(assisted, 96.5)).toBeCloseTo(0.5, 10);
    expect(progressToTarget(assisted, 99)).toBeCloseTo(4 / 3, 10);
    expect(progressToTarget(share, 0.715)).toBeCloseTo(0.5, 10);
    expect(progressToTarget({ ...assisted, baseline: undefined }, 96)).toBeNull();
  });

  it('plans a straight line and flags values more than 10% worse than planned', () => {
    expect(plannedValue(assisted, 2017)).toBeCloseTo(96.2, 10);
    expect(plannedValue(assisted, 2030)).toBe(98);
    expect(offTrack(up, assisted, 86, 2017)).toBe(true);
    expect(offTrack(up, assisted, 87, 2017)).toBe(false); // 87 ≥ 96.2 × 0.9 = 86.58
    expect(offTrack(up, assisted, 99, 2017)).toBe(false);
    expect(offTrack(down, share, 0.8, 2018)).toBe(true); // planned 0.715, limit 0.7865
    expect(offTrack(down, share, 0.78, 2018)).toBe(false);
    expect(offTrack(up, { ...assisted, baseline: undefined }, 10, 2017)).toBe(false);
  });
});
