/** The indicator engine with plain values: shapes, units of analysis, disaggregation and roll-up. */
import { describe, expect, it } from 'vitest';
import { ageBand, disaggregate, type TaggedAnswers } from '../src/domain/disaggregation';
import { canonicalAnswers, computeIndicator, indicatorCatalogue } from '../src/domain/indicators';
import { checklistAnswers, householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { findInstrument } from '../src/instruments';

const def = (id: string) => indicatorCatalogue.find((d) => d.id === id)!;

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
  it('child-level proportions count children, with the household alongside', () => {
    const answers = [
      { children: [{ age: 3, birth_registered: true }, { age: 8, birth_registered: false, in_school: true }] },
      { children: [{ age: 12, birth_registered: true, in_school: false }] },
      { children: 'not a roster' },
    ];
    expect(computeIndicator(def('children-birth-registered'), answers)).toEqual({ numerator: 2, denominator: 3, value: 66.7, n: 3 });
    // Only children of 6 and over are asked about school.
    expect(computeIndicator(def('children-in-school'), answers)).toEqual({ numerator: 1, denominator: 2, value: 50, n: 2 });
  });

  it('a mean divides the sum by those who answered; a count is the sum', () => {
    const sessions = [
      { attended_parenting_session: true, parenting_sessions_count: 4 },
      { attended_parenting_session: true, parenting_sessions_count: 2 },
      { attended_parenting_session: false },
    ];
    expect(computeIndicator(def('parenting-sessions-mean'), sessions)).toMatchObject({ numerator: 6, denominator: 2, value: 3, n: 2 });
    const clubs = [{ children_clubs_running: 2, parents_clubs_running: 1 }, { children_clubs_running: 0, parents_clubs_running: 3 }, {}];
    expect(computeIndicator(def('clubs-running'), clubs)).toMatchObject({ numerator: 6, value: 6, n: 2 });
    expect(computeIndicator(def('clubs-running'), [])).toMatchObject({ value: null, n: 0 });
  });

  it('reads matrix cells and lower-is-better ratios', () => {
    const discipline = [{ discipline: { spank: 'never', hit_with_object: 'never' } }, { discipline: { spank: 'often', hit_with_object: 'never' } }];
    expect(computeIndicator(def('caregivers-positive-discipline'), discipline).value).toBe(50);
    expect(computeIndicator(def('csc-share'), [{ csc_total: 73, children_under16: 10000 }]).value).toBe(0.73);
    expect(def('csc-share').direction).toBe('lower-is-better');
  });

  it('reads a renamed question of a later version under its old name', () => {
    const renamed = findInstrument('household', 2)!.renamed;
    expect(computeIndicator(def('caregivers-know-111'), [canonicalAnswers({ hotline_111: 'yes' }, renamed), { knows_111: 'no' }]).value).toBe(50);
  });
});

describe('disaggregation', () => {
  const rows: TaggedAnswers[] = [
    { commune: '09649', modelType: 'community-cp', answers: { knows_111: 'yes', children: [{ age: 5, sex: 'female', birth_registered: true, csc_groups: ['4', '13'] }, { age: 6, sex: 'male', birth_registered: false }] } },
    { commune: '09010', modelType: 'abuse-violence', answers: { knows_111: 'no', children: [{ age: 15, sex: 'female', birth_registered: true, csc_groups: ['4'] }, { age: 16, sex: 'male', birth_registered: true }, { age: 17, sex: 'female', birth_registered: false }] } },
  ];
  const registered = def('children-birth-registered');
  const plain = (m: Map<string, { numerator: number; denominator: number }>) => Object.fromEntries([...m].map(([k, v]) => [k, [v.numerator, v.denominator]]));

  it('puts ages in bands at their edges', () => {
    expect([0, 5, 6, 10, 11, 15, 16, 17].map(ageBand)).toEqual(['0-5', '0-5', '6-10', '6-10', '11-15', '11-15', '16-17', '16-17']);
    expect([18, -1, '', null, 'x'].map(ageBand)).toEqual([null, null, null, null, null]);
  });

  it('by sex, age band and CSC group for child-level indicators; a child in two groups counts in both', () => {
    expect(plain(disaggregate(registered, rows, 'sex'))).toEqual({ female: [2, 3], male: [1, 2] });
    expect(plain(disaggregate(registered, rows, 'ageBand'))).toEqual({ '0-5': [1, 1], '6-10': [0, 1], '11-15': [1, 1], '16-17': [1, 2] });
    expect(plain(disaggregate(registered, rows, 'cscGroup'))).toEqual({ '4': [2, 2], '13': [1, 1] });
  });

  it('by commune and model type for any indicator, and never by child traits for household answers', () => {
    const know111 = def('caregivers-know-111');
    expect(plain(disaggregate(know111, rows, 'commune'))).toEqual({ '09010': [0, 1], '09649': [1, 1] });
    expect(plain(disaggregate(know111, rows, 'modelType'))).toEqual({ 'abuse-violence': [0, 1], 'community-cp': [1, 1] });
    expect(disaggregate(know111, rows, 'sex').size).toBe(0);
  });

  it('rolls up by summing parts: the communes together equal the sum of the communes', () => {
    const byCommune = [...disaggregate(registered, rows, 'commune').values()];
    const together = computeIndicator(registered, rows.map((r) => r.answers));
    expect(together.numerator).toBe(byCommune.reduce((s, v) => s + v.numerator, 0));
    expect(together.denominator).toBe(byCommune.reduce((s, v) => s + v.denominator, 0));
  });
});
