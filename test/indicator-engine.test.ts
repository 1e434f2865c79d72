/** The indicator engine with plain values: shapes, units of analysis, disaggregation, roll-up and targets. */
import { describe, expect, it } from 'vitest';
import { ageBand, breakdown, dimensionsOf, disaggregate, type TaggedAnswers } from '../src/domain/disaggregation';
import { canonicalAnswers, computeIndicator, type IndicatorDef, indicatorCatalogue } from '../src/domain/indicators';
import { checklistAnswers, householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { seededTargets } from '../src/seed/targets';
import { meetsTarget, offTrack, plannedLine, plannedValue, progressToTarget, shortfallFromPlan, type Target, targetFor } from '../src/domain/targets';
import { findInstrument } from './support/instruments';

const def = (id: string) => indicatorCatalogue.find((d) => d.id === id)!;
type Counts = Map<string, { numerator: number; denominator: number }>;
const plain = (m: Counts | undefined) => Object.fromEntries([...(m ?? [])].map(([k, v]) => [k, [v.numerator, v.denominator]]));

describe('the catalogue', () => {
  it('declares at least ten indicators, each reading questions its instrument has', () => {
    expect(indicatorCatalogue.length).toBeGreaterThanOrEqual(10);
    expect(new Set(indicatorCatalogue.map((d) => d.id)).size).toBe(indicatorCatalogue.length);
    for (const d of indicatorCatalogue) {
      const json = JSON.stringify(findInstrument(d.instrument, 1)!.json);
      for (const name of `${d.numerator} ${d.denominator}`.match(/\{([a-z0-9_]+)/g)!.map((m) => m.slice(1))) {
        expect(json, `${d.id} reads ${name}`).toContain(`"name":"${name}"`);
      }
    }
    expect(new Set(indicatorCatalogue.map((d) => d.shape))).toEqual(new Set(['proportion', 'ratio', 'mean', 'count']));
  });

  it('computes every indicator on generated answers without a gap', () => {
    const rng = seededRng(1);
    const households = Array.from({ length: 200 }, () => householdAnswers(rng, { knows111Rate: 0.6 }));
    const checklists = Array.from({ length: 20 }, () => checklistAnswers(rng, { reportingYear: 2017, cscAssistedRate: 0.9 }));
    for (const d of indicatorCatalogue) {
      const v = computeIndicator(d, d.instrument === 'household' ? households : checklists);
      expect(v.n, d.id).toBeGreaterThan(0);
      expect(v.value, d.id).not.toBeNull();
    }
  });
});

describe('shapes and units', () => {
  it('child-level proportions count children', () => {
    const answers = [
      { children: [{ age: 3, birth_registered: true }, { age: 8, birth_registered: false, in_school: true }] },
      { children: [{ age: 12, birth_registered: true, in_school: false }] },
      { children: 'not a roster' },
    ];
    expect(computeIndicator(def('children-birth-registered'), answers)).toEqual({ numerator: 2, denominator: 3, value: 66.7, n: 3 });
    // Only children of 6 and over are asked about school.
    expect(computeIndicator(def('children-in-school'), answers)).toEqual({ numerator: 1, denominator: 2, value: 50, n: 2 });
  });

  it('a child-level expression sees the household’s answers beside the child’s, the child’s winning a clash', () => {
    const poorInSchool: IndicatorDef = { ...def('children-in-school'), numerator: "{in_school} = true and {economic_status} = 'poor'" };
    const answers = [{ economic_status: 'poor', sex: 'household', children: [{ age: 7, sex: 'male', in_school: true }] }, { economic_status: 'not_poor', children: [{ age: 9, in_school: true }] }];
    expect(computeIndicator(poorInSchool, answers)).toMatchObject({ numerator: 1, denominator: 2 });
    expect(plain(disaggregate(poorInSchool, answers.map((a) => ({ answers: a, commune: 'c', modelType: 't' })), 'sex'))).toEqual({ male: [1, 1] });
  });

  it('a mean divides the sum by those counted, each once; a count is the sum', () => {
    const sessions = [
      { attended_parenting_session: true, parenting_sessions_count: 4 },
      { attended_parenting_session: true, parenting_sessions_count: 2 },
      { attended_parenting_session: false },
    ];
    expect(computeIndicator(def('parenting-sessions-mean'), sessions)).toEqual({ numerator: 6, denominator: 2, value: 3, n: 2 });
    const weighted: IndicatorDef = { ...def('parenting-sessions-mean'), denominator: '{parenting_sessions_count}' };
    expect(computeIndicator(weighted, sessions)).toMatchObject({ denominator: 2, value: 3 });
    const clubs = [{ children_clubs_running: 2, parents_clubs_running: 1 }, { children_clubs_running: 0, parents_clubs_running: 3 }, {}];
    expect(computeIndicator(def('clubs-running'), clubs)).toMatchObject({ numerator: 6, value: 6, n: 2 });
    expect(computeIndicator(def('clubs-running'), [])).toMatchObject({ value: null, n: 0 });
  });

  it('a ratio sums registered counts over communes, not their percentages', () => {
    const communes = [{ csc_total: 10, csc_assisted: 10 }, { csc_total: 90, csc_assisted: 81 }];
    // Averaging 100% and 90% would give 95%.
    expect(computeIndicator(def('csc-assisted'), communes)).toEqual({ numerator: 91, denominator: 100, value: 91, n: 2 });
    expect(computeIndicator(def('csc-assisted'), [{ csc_total: 0, csc_assisted: 0 }])).toMatchObject({ value: null, n: 0 });
  });

  it('reads matrix cells and lower-is-better ratios', () => {
    const discipline = [{ discipline: { spank: 'never', hit_with_object: 'never' } }, { discipline: { spank: 'often', hit_with_object: 'never' } }];
    expect(computeIndicator(def('caregivers-positive-discipline'), discipline).value).toBe(50);
    expect(computeIndicator(def('children-safe-at-home'), [{ child_safety: { home: 'safe' } }, { child_safety: { home: 'unsafe' } }, {}])).toMatchObject({ value: 50, n: 2 });
    expect(computeIndicator(def('csc-share'), [{ csc_total: 73, children_under16: 10000 }]).value).toBe(0.73);
    expect(def('csc-share').direction).toBe('lower-is-better');
    expect(def('caregivers-physical-punishment-needed').direction).toBe('lower-is-better');
  });

  it('reads v1 and v2 answers together, a renamed question under its first name', () => {
    const v1 = findInstrument('household', 1)!;
    const v2 = findInstrument('household', 2)!;
    const baselineV1 = { knows_111: 'yes' };
    expect(canonicalAnswers(baselineV1, v1.renamed)).toBe(baselineV1);
    const finalV2 = canonicalAnswers({ hotline_111: 'no', called_111: false }, v2.renamed);
    expect(finalV2).toEqual({ knows_111: 'no', called_111: false });
    expect(computeIndicator(def('caregivers-know-111'), [baselineV1, finalV2, canonicalAnswers({ hotline_111: 'yes' }, v2.renamed)])).toMatchObject({ numerator: 2, denominator: 3 });
  });
});

describe('disaggregation', () => {
  const rows: TaggedAnswers[] = [
    { commune: '09649', modelType: 'community-cp', answers: { knows_111: 'yes', children: [{ age: 5, sex: 'female', birth_registered: true, csc_groups: [4, 13] }, { age: 6, sex: 'male', birth_registered: false }] } },
    { commune: '09010', modelType: 'abuse-violence', answers: { knows_111: 'no', children: [{ age: 15, sex: 'female', birth_registered: true, csc_groups: [4] }, { age: 16, sex: 'male', birth_registered: true }, { age: 17, sex: 'female', birth_registered: false }] } },
    { commune: '09010', modelType: 'abuse-violence', answers: { knows_111: 'yes', children: [{ age: 10, sex: 'male', birth_registered: true }, { age: 11, sex: 'female', birth_registered: true, csc_groups: ['4'] }] } },
  ];
  const registered = def('children-birth-registered');
  const know111 = def('caregivers-know-111');

  it('puts ages in bands at their edges', () => {
    expect([0, 5, 6, 10, 11, 15, 16, 17, '6'].map(ageBand)).toEqual(['0-5', '0-5', '6-10', '6-10', '11-15', '11-15', '16-17', '16-17', '6-10']);
    expect([18, -1, '', null, undefined, 'x'].map(ageBand)).toEqual([null, null, null, null, null, null]);
  });

  it('by sex, age band and CSC group for child-level indicators; a child in two groups counts in both', () => {
    expect(plain(disaggregate(registered, rows, 'sex'))).toEqual({ female: [3, 4], male: [2, 3] });
    expect(plain(disaggregate(registered, rows, 'ageBand'))).toEqual({ '0-5': [1, 1], '6-10': [1, 2], '11-15': [2, 2], '16-17': [1, 2] });
    // Codes stored as numbers or strings are the same group; 4 sorts before 13.
    const byGroup = disaggregate(registered, rows, 'cscGroup');
    expect([...byGroup.keys()]).toEqual(['4', '13']);
    expect(plain(byGroup)).toEqual({ '4': [3, 3], '13': [1, 1] });
  });

  it('by commune and model type for any indicator, and never by child traits for household answers', () => {
    expect(plain(disaggregate(know111, rows, 'commune'))).toEqual({ '09010': [1, 2], '09649': [1, 1] });
    expect(plain(disaggregate(know111, rows, 'modelType'))).toEqual({ 'abuse-violence': [1, 2], 'community-cp': [1, 1] });
    expect(disaggregate(know111, rows, 'sex').size).toBe(0);
    expect(dimensionsOf(know111)).toEqual(['commune', 'modelType']);
    expect(dimensionsOf(registered)).toEqual(['commune', 'modelType', 'sex', 'ageBand', 'cscGroup']);
  });

  it('gives the overall value and each requested breakdown with numerator, denominator, value and n', () => {
    const b = breakdown(registered, rows, ['sex', 'commune', 'sex']);
    expect(b.overall).toEqual({ numerator: 5, denominator: 7, value: 71.4, n: 7 });
    expect(Object.keys(b.by)).toEqual(['sex', 'commune']);
    expect(b.by.sex?.get('female')).toEqual({ numerator: 3, denominator: 4, value: 75, n: 4 });
    expect(breakdown(know111, rows, ['sex', 'commune']).by).toEqual({ commune: disaggregate(know111, rows, 'commune') });
  });

  it('rolls up by summing parts: communes, and rounds, together equal the sum of the parts', () => {
    for (const d of [registered, know111]) {
      const byCommune = [...disaggregate(d, rows, 'commune').values()];
      const together = computeIndicator(d, rows.map((r) => r.answers));
      expect(together.numerator).toBe(byCommune.reduce((s, v) => s + v.numerator, 0));
      expect(together.denominator).toBe(byCommune.reduce((s, v) => s + v.denominator, 0));
      expect(together.n).toBe(byCommune.reduce((s, v) => s + v.n, 0));
    }
    const baseline = [{ csc_total: 40, csc_assisted: 38 }];
    const final = [{ csc_total: 60, csc_assisted: 60 }];
    expect(computeIndicator(def('csc-assisted'), [...baseline, ...final]).value).toBe(98);
  });
});

describe('targets', () => {
  const up = { direction: 'higher-is-better' as const };
  const down = { direction: 'lower-is-better' as const };
  const assisted: Target = { indicator: 'csc-assisted', programme: 'p', value: 98, year: 2020, baseline: { value: 95, year: 2015 }, source: 'test' };
  const share: Target = { indicator: 'csc-share', programme: 'p', value: 0.7, year: 2020, baseline: { value: 0.73, year: 2016 }, source: 'test' };

  it('a model’s own target wins over its programme’s; of milestones, the one due in or after the year', () => {
    const own: Target = { ...assisted, model: 'm1', programme: undefined, value: 99 };
    expect(targetFor('csc-assisted', { id: 'm1', programmeId: 'p' }, [assisted, own])?.value).toBe(99);
    expect(targetFor('csc-assisted', { id: 'm2', programmeId: 'p' }, [assisted, own])?.value).toBe(98);
    expect(targetFor('csc-assisted', { id: 'm2', programmeId: 'q' }, [assisted, own])).toBeNull();
    const hanoi = { id: 'hn-phu-chau', programmeId: 'hanoi-2015-2020' };
    expect(targetFor('csc-assisted', hanoi, seededTargets)?.value).toBe(98);
    expect([2014, 2015, 2016, 2020, 2025].map((y) => targetFor('csc-assisted', hanoi, seededTargets, y)?.value)).toEqual([95, 95, 98, 98, 98]);
    expect(targetFor('csc-share', hanoi, seededTargets)?.value).toBe(0.7);
    expect(targetFor('child-friendly-communes', { id: 'yb-service-pilot', programmeId: 'yen-bai-2018-2020' }, seededTargets)?.value).toBe(90);
    expect(targetFor('csc-assisted', { id: 'yb-service-pilot', programmeId: 'yen-bai-2018-2020' }, seededTargets)?.value).toBe(85);
  });

  it('seeds only targets of catalogued indicators', () => {
    for (const t of seededTargets) expect(indicatorCatalogue.map((d) => d.id)).toContain(t.indicator);
  });

  it('meets a target in the indicator’s direction, the target itself included', () => {
    expect(meetsTarget(up, assisted, 98)).toBe(true);
    expect(meetsTarget(up, assisted, 97.9)).toBe(false);
    expect(meetsTarget(down, share, 0.7)).toBe(true);
    expect(meetsTarget(down, share, 0.71)).toBe(false);
  });

  it('measures progress from baseline to target, both directions', () => {
    expect(progressToTarget(assisted, 95)).toBe(0);
    expect(progressToTarget(assisted, 96.5)).toBeCloseTo(0.5, 10);
    expect(progressToTarget(assisted, 98)).toBe(1);
    expect(progressToTarget(assisted, 99)).toBeCloseTo(4 / 3, 10);
    expect(progressToTarget(assisted, 94)).toBeCloseTo(-1 / 3, 10);
    expect(progressToTarget(share, 0.715)).toBeCloseTo(0.5, 10);
    expect(progressToTarget(share, 0.76)).toBeCloseTo(-1, 10);
    expect(progressToTarget({ ...assisted, baseline: undefined }, 96)).toBeNull();
    expect(progressToTarget({ ...assisted, baseline: { value: 98, year: 2015 } }, 96)).toBeNull();
  });

  it('plans a straight line from baseline to target, flat outside it', () => {
    expect(plannedValue(assisted, 2017)).toBeCloseTo(96.2, 10);
    expect(plannedValue(assisted, 2010)).toBe(95);
    expect(plannedValue(assisted, 2030)).toBe(98);
    expect(plannedValue({ ...assisted, baseline: { value: 95, year: 2020 } }, 2020)).toBeNull();
    expect(plannedLine(share).map((p) => [p.year, Math.round(p.value * 10000) / 10000])).toEqual([[2016, 0.73], [2017, 0.7225], [2018, 0.715], [2019, 0.7075], [2020, 0.7]]);
    expect(plannedLine({ ...share, baseline: undefined })).toEqual([]);
  });

  it('flags values more than 10% of the planned value worse than planned, never better ones', () => {
    // 2017: planned 96.2, the line at 10% below it is 86.58.
    expect(shortfallFromPlan(up, assisted, 86.58, 2017)).toBeCloseTo(0.1, 10);
    expect(offTrack(up, assisted, 86.58, 2017)).toBe(false);
    expect(offTrack(up, assisted, 86.57, 2017)).toBe(true);
    expect(offTrack(up, assisted, 99, 2017)).toBe(false);
    expect(offTrack(up, assisted, 50, 2017)).toBe(true);
    // Lower is better: 2018 planned 0.715, flagged above 0.7865; far below is fine.
    expect(offTrack(down, share, 0.7865, 2018)).toBe(false);
    expect(offTrack(down, share, 0.787, 2018)).toBe(true);
    expect(offTrack(down, share, 0.1, 2018)).toBe(false);
    // No baseline, or a planned value of 0 (no share of it), never flags.
    expect(offTrack(up, { ...assisted, baseline: undefined }, 10, 2017)).toBe(false);
    const zero: Target = { ...share, value: 0, baseline: { value: 0, year: 2016 } };
    expect(shortfallFromPlan(down, zero, 5, 2018)).toBeNull();
    expect(offTrack(down, zero, 5, 2018)).toBe(false);
  });
});
