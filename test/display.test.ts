/**
 * The submission page's answers (src/domain/validation/display.ts) against survey-core's own display of the
 * same answers (displayWithSurveyCore), then odd stored values with plain values: bounded, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { type Rng, checklistAnswers, householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { displayAnswers } from '../src/domain/validation/display';
import { displayWithSurveyCore } from '../src/domain/validation/survey-core';
import type { Instrument } from '../src/domain/instrument';
import { findInstrument } from './support/instruments';

const householdV1 = findInstrument('household', 1)!;
const householdV2 = findInstrument('household', 2)!;
const checklist = findInstrument('commune-checklist', 1)!;

type Answers = Record<string, unknown>;

/** v1 answers as v2 asks them: `hotline_111` for `knows_111`, and whether the household called it. */
function asV2(rng: Rng, v1: Answers): Answers {
  const { knows_111, ...rest } = v1;
  return { ...rest, hotline_111: knows_111, ...(knows_111 === 'yes' ? { called_111: rng() < 0.3 } : {}) };
}

/**
 * Valid answers made less tidy the way stored rows are: optional answers left out, answers to questions a
 * condition hides, numbers typed as text, padded text, long comments (within maxLength).
 */
function untidy(rng: Rng, answers: Answers): Answers {
  const out: Answers = { ...answers };
  for (const key of Object.keys(out)) if (rng() < 0.1) delete out[key];
  if (Array.isArray(out.children)) {
    out.children = out.children.map((child: Answers) => ({
      ...child,
      ...(rng() < 0.3 ? { in_school: rng() < 0.5 } : {}),
      ...(rng() < 0.2 ? { age: String(child.age) } : {}),
    }));
  }
  if (rng() < 0.3) out.report_channels = ['police', 'school'];
  if (rng() < 0.3) out.parenting_sessions_count = 3;
  if (rng() < 0.2) out.hamlet = `  ${String(out.hamlet ?? 'Thôn 1')}  `;
  if (rng() < 0.3) out.comments = 'Hộ gia đình có hoàn cảnh khó khăn; cần theo dõi thêm. '.repeat(35).slice(0, 2000);
  if (rng() < 0.1) out.comments = '   ';
  if (rng() < 0.3) out.notes = 'Ghi chú của cán bộ xã.';
  return out;
}

function answerSets(seeds: number): { instrument: Instrument; answers: Answers }[] {
  return Array.from({ length: seeds }, (_, i) => {
    const rng = seededRng(1000 + i);
    const v1 = householdAnswers(rng, { knows111Rate: rng() });
    const sets = [
      { instrument: householdV1, answers: v1 },
      { instrument: householdV2, answers: asV2(rng, householdAnswers(rng, { knows111Rate: rng() })) },
      { instrument: checklist, answers: checklistAnswers(rng, { reportingYear: 2017 + (i % 4), cscAssistedRate: rng() }) },
    ];
    return [...sets, ...sets.map((s) => ({ ...s, answers: untidy(rng, s.answers) }))];
  }).flat();
}

// survey-core builds a Model per instrument and number of panels (~100 ms each): these take seconds.
describe('displayAnswers equals survey-core’s display', () => {
  const sets = answerSets(50);

  for (const locale of ['vi', 'en'] as const) {
    it(`on ${sets.length} answer sets of household v1, v2 and the commune checklist, in ${locale}`, () => {
      for (const { instrument, answers } of sets) {
        const expected = displayWithSurveyCore(instrument, structuredClone(answers), locale);
        expect(displayAnswers(instrument, answers, locale), `${instrument.slug} v${instrument.version} ${JSON.stringify(answers)}`).toEqual(expected);
      }
    }, 120_000);
  }

  it('on an instrument with plain choices, "value|text", other (with its text) and none, default labels, nested panels and panel conditions', () => {
    const rng = seededRng(7);
    for (let i = 0; i < 40; i++) {
      const answers: Answers = {
        grade: [1, 2, 3, '3'][Math.floor(rng() * 4)],
        colour: ['r', 'g'][Math.floor(rng() * 2)],
        agree: rng() < 0.5,
        score: 1 + Math.floor(rng() * 5),
        extra: 'shown only when agree',
        pets: Array.from({ length: 1 + Math.floor(rng() * 4) }, () => ({ kind: rng() < 0.5 ? 'cat' : 'dog', named: rng() < 0.5, name: 'Mực' })),
        stored_as: 'x',
        hidden_page: 'on a page shown for grade 3',
        transport: ['bike', 'other'][Math.floor(rng() * 2)],
        ...(rng() < 0.5 ? { 'transport-Comment': 'Xe ôm' } : {}),
        meals: [['rice', 'other'], ['none'], ['pho', 'rice']][Math.floor(rng() * 3)],
      };
      for (const locale of ['vi', 'en'] as const) {
        expect(displayAnswers(tiny, answers, locale)).toEqual(displayWithSurveyCore(tiny, structuredClone(answers), locale));
      }
    }
  }, 120_000);
});

describe('displayAnswers on odd stored values', () => {
  const valid = householdAnswers(seededRng(5), { knows111Rate: 1 });
  const shown = (answers: unknown, name: string, locale: 'vi' | 'en' = 'en') => displayAnswers(householdV1, answers, locale).find((r) => r.name === name)?.display;
  const cut = ' … (cut: the stored value is too large to show in full)';
  /** How a stored row holds it: JSON nested `levels` deep, e.g. {"a":{"a":…1…}}. */
  const nested = (levels: number) => JSON.parse('{"a":'.repeat(levels) + '1' + '}'.repeat(levels));

  it('shows an object where text is expected as "key: value" pairs', () => {
    expect(shown({ ...valid, household_number: { a: 1, b: [2, 3] } }, 'household_number')).toBe('a: 1; b: 2, 3');
  });

  it('cuts a text far over any limit and says so', () => {
    expect(shown({ ...valid, hamlet: 'x'.repeat(1_000_000) }, 'hamlet')).toBe('x'.repeat(10_000) + cut);
    expect(shown({ ...valid, hamlet: 'x'.repeat(10_000) }, 'hamlet')).toBe('x'.repeat(10_000));
  });

  it('shows 100 entries of an oversized dynamic panel and counts the rest, in the reader’s language', () => {
    const child = { age: 7, sex: 'female', in_school: true, birth_registered: true, has_disability: false };
    const answers = { ...valid, children: Array.from({ length: 5000 }, () => child) };
    const lines = shown(answers, 'children')!.split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[99]).toBe('100) Age (years): 7; Sex: Girl; Goes to school: Yes; Birth registered: Yes; Has a disability: No');
    expect(lines[100]).toBe('… and 4900 more not shown');
    expect(shown(answers, 'children', 'vi')!.split('\n')[100]).toBe('… và 4900 mục nữa không hiển thị');
  });

  it('bounds a huge list where one choice is expected', () => {
    const display = shown({ ...valid, respondent_relation: Array.from({ length: 1_000_000 }, () => 'mother') }, 'respondent_relation')!;
    expect(display).toBe(Array.from({ length: 100 }, () => 'Mother').join(', ') + '\n… and 999900 more not shown');
  });

  it('shows an object nested 5,000 levels deep in part, wherever it is stored', () => {
    const deep = nested(5000);
    const answers = { ...valid, hamlet: deep, heard_of_child_abuse: deep, discipline: deep, comments: deep, children: [{ age: deep, sex: 'male' }, deep] };
    const rows = displayAnswers(householdV1, answers, 'en');
    const levels = (n: number) => `${'a: '.repeat(n)}…`;
    expect(rows.find((r) => r.name === 'hamlet')!.display).toBe(levels(8) + cut);
    expect(rows.find((r) => r.name === 'comments')!.display).toBe(levels(8) + cut);
    expect(rows.find((r) => r.name === 'discipline')!.display).toBe(levels(8) + cut);
    // An entry shows its template's questions only; this one has none of them.
    expect(rows.find((r) => r.name === 'children')!.display).toBe(`1) Age (years): ${levels(6)}; Sex: Boy\n2) ${cut}`);
    for (const row of rows) expect(row.display.length).toBeLessThan(12_000);
  });

  it('renders 5,000 children and 20,000-level nesting in milliseconds, not minutes', () => {
    const answers = { ...valid, children: Array.from({ length: 5000 }, (_, i) => ({ age: i % 18, sex: 'male', csc_groups: [1, 2] })), comments: nested(20_000) };
    const t0 = performance.now();
    displayAnswers(householdV1, answers, 'vi');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('shows nothing for answers that are not an object', () => {
    for (const answers of [null, [], 5, 'x', [valid]]) expect(displayAnswers(householdV1, answers, 'vi')).toEqual([]);
  });

  it('shows a boolean answer that is not a boolean as stored, not as "No"', () => {
    expect(shown({ ...valid, member_of_parents_club: 'maybe' }, 'member_of_parents_club')).toBe('maybe');
    expect(shown({ ...valid, member_of_parents_club: 'true' }, 'member_of_parents_club')).toBe('Yes');
  });

  it('leaves out a stored "__proto__" key', () => {
    const discipline = JSON.parse('{"__proto__": {"polluted": 1}, "explain": "often"}');
    expect(shown({ ...valid, discipline }, 'discipline')).toBe('Explained why it was wrong: Often');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** A made-up instrument with what the household does not use. */
const tiny: Instrument = {
  slug: 'tiny',
  version: 1,
  hash: '',
  renamed: {},
  json: {
    pages: [
      {
        name: 'one',
        elements: [
          { type: 'dropdown', name: 'grade', title: { default: 'Grade', vi: 'Lớp' }, choices: [1, 2, 3] },
          { type: 'radiogroup', name: 'colour', choices: ['r|Red', 'g|Green'] },
          { type: 'boolean', name: 'agree', title: 'Agree?' },
          { type: 'rating', name: 'score', rateValues: [1, 2, 3, 4, { value: 5, text: { default: 'Top', vi: 'Cao nhất' } }] },
          {
            type: 'panel',
            name: 'more',
            visibleIf: '{agree} = true',
            elements: [{ type: 'text', name: 'extra', title: 'Extra' }],
          },
          {
            type: 'paneldynamic',
            name: 'pets',
            title: 'Pets',
            templateElements: [
              { type: 'radiogroup', name: 'kind', choices: [{ value: 'cat', text: { default: 'Cat', vi: 'Mèo' } }, 'dog'] },
              { type: 'boolean', name: 'named' },
              { type: 'text', name: 'name', visibleIf: '{panel.named} = true and {panelIndex} > 0' },
            ],
          },
          { type: 'text', name: 'stored', valueName: 'stored_as', title: 'Under another name' },
          { type: 'radiogroup', name: 'transport', choices: ['bike', 'bus'], showOtherItem: true },
          { type: 'checkbox', name: 'meals', choices: ['rice', 'pho'], showNoneItem: true, showOtherItem: true, otherText: { default: 'Else', vi: 'Món khác' } },
        ],
      },
      { name: 'two', visibleIf: '{grade} = 3', elements: [{ type: 'text', name: 'hidden_page' }] },
    ],
  },
};
