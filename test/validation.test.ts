/**
 * The compiled validator (src/domain/validation/) with plain values: on an instrument that uses every kind it
 * supports, its verdict and messages equal survey-core's; where it is deliberately stricter, each case says
 * so; an instrument it cannot read falls back to survey-core. The generated differential test over the
 * released instruments is test/validation-differential.test.ts.
 */
import { describe, expect, it } from 'vitest';
import everyKind from './fixtures/every-kind.v1.json' with { type: 'json' };
import { unsupportedInstruments, validateAnswers, validationNotice } from '../src/domain/survey-validation';
import { compileInstrument } from '../src/domain/validation/compile';
import { defaultAnswerLimits } from '../src/domain/validation/limits';
import { keepInstrumentKeys, surveyCoreErrors, validateWithSurveyCore } from '../src/domain/validation/survey-core';
import type { Instrument } from '../src/domain/instrument';
import { findInstrument, instruments } from './support/instruments';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';

const fixture: Instrument = { slug: 'every-kind', version: 1, hash: 'fixture', json: everyKind, renamed: {} };
const household = findInstrument('household', 1)!;

const listed = (errors: { question: string; message: string }[]) => errors.map((e) => `${e.question}: ${e.message}`).sort();
const paths = (errors: { question: string }[]) => [...new Set(errors.map((e) => e.question))].sort();

const good = {
  name: 'Lan',
  stars: 3,
  agree: 'yes',
  inside: 'x',
  address: { street: 'A' },
  grid: { r1: 1, r2: 2 },
  people: [{ age: 20, works: 'no', first: 'y' }, { age: 3 }],
};

/** Each case changes the good answers so one rule of the fixture decides. */
const sameAsSurveyCore: Record<string, Record<string, unknown>> = {
  'all good': good,
  'text validator: too short': { ...good, name: 'L' },
  'regex validator with its own text': { ...good, name: 'Lan2' },
  'date below min': { ...good, born: '1899-12-31' },
  'date above max': { ...good, born: '2027-01-01' },
  'email input checked as email; requiredIf on another question': { ...good, mail: 'nope' },
  'expression validator across questions': { ...good, mail: 'a@b.vn', count: 2, at_most: 3 },
  'requiredIf holds': { ...good, mail: 'a@b.vn' },
  '"other" chosen without its text': { ...good, colour: 'other' },
  '"other" with its text': { ...good, colour: 'other', 'colour-Comment': 'pink' },
  'answercount validator': { ...good, tags: [1, 2, 3, 4] },
  '"none" alone': { ...good, tags: ['none'] },
  'minSelectedChoices, also when unanswered': { ...good, colour: 'red' },
  'required rating': { ...good, stars: undefined },
  'enableIf false: not checked': { ...good, stars: 1, inside: undefined },
  'enableIf true: checked': { ...good, inside: undefined },
  'text validator on a comment': { ...good, long: 'x'.repeat(31) },
  'multipletext items': { ...good, address: { number: 0 } },
  'matrix required, partly answered': { ...good, grid: { r1: 1 } },
  'matrix required, unanswered': { ...good, grid: undefined },
  'hidden page: nothing inside is checked': { ...good, agree: 'no', inside: undefined, grid: undefined, people: undefined },
  'panel list shorter than minPanelCount is padded': { ...good, people: [] },
  '{panel.age} makes a question visible': { ...good, people: [{ age: 16, first: 'z' }] },
  '{panelIndex} and requiredErrorText': { ...good, people: [{ age: 1 }, { age: 2 }] },
};

describe('compiled validator on an instrument of every supported kind', () => {
  const compiled = compileInstrument(everyKind, defaultAnswerLimits);

  it('compiles: nothing in it needs survey-core', () => {
    expect('unsupported' in compiled ? compiled.unsupported : []).toEqual([]);
  });

  for (const [label, answers] of Object.entries(sameAsSurveyCore)) {
    it(`${label}: same errors and messages as survey-core, in vi and en`, () => {
      for (const locale of ['vi', 'en'] as const) {
        const ours = validateAnswers(fixture, answers, locale);
        expect(listed(ours.errors)).toEqual(listed(surveyCoreErrors(fixture, keepInstrumentKeys(fixture, answers), locale)));
      }
    });
  }

  it('a failing regex validator without a text of its own says something (survey-core says "")', () => {
    const answers = { ...good, phone: '12345' };
    expect(paths(surveyCoreErrors(fixture, answers, 'vi'))).toEqual(['phone']);
    expect(listed(validateAnswers(fixture, answers, 'vi').errors)).toEqual(['phone: Câu trả lời không đúng dạng.']);
  });
});

describe('deliberately stricter than survey-core (survey-core accepts each of these)', () => {
  const base = householdAnswers(seededRng(3), { knows111Rate: 1 });
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['a number sent as a string', { ...base, respondent_age: '43' }, 'respondent_age', 'Giá trị nên là kiểu số.'],
    ['an object for a text', { ...base, hamlet: { toString: 'x' } }, 'hamlet', 'Câu trả lời không đúng dạng.'],
    ['text past the instrument maxLength', { ...base, hamlet: 'x'.repeat(101) }, 'hamlet', 'Vui lòng nhập ít hơn 100 kí tự.'],
    ['comment past the instrument maxLength', { ...base, comments: 'x'.repeat(2001) }, 'comments', 'Vui lòng nhập ít hơn 2000 kí tự.'],
    // (A required choice question given a value not offered: survey-core calls it unanswered, so both refuse.)
    ['a choice not offered', { ...base, economic_status: 'rich' }, 'economic_status', 'Câu trả lời không nằm trong các lựa chọn.'],
    ['a checkbox choice twice', { ...base, report_channels: ['police', 'police'] }, 'report_channels', 'Câu trả lời không nằm trong các lựa chọn.'],
    ['a matrix cell not among the columns', { ...base, discipline: { ...(base.discipline as object), shout: 'always' } }, 'discipline', 'Câu trả lời không nằm trong các lựa chọn.'],
    ['a boolean sent as a string', { ...base, heard_of_child_abuse: 'true' }, 'heard_of_child_abuse', 'Câu trả lời không đúng dạng.'],
    ['more panels than maxPanelCount', { ...base, children: Array.from({ length: 16 }, () => ({ age: 5, sex: 'male', birth_registered: true })) }, 'children', 'Không được quá 15 mục.'],
    ['5,000 panels', { ...base, children: Array.from({ length: 5000 }, () => ({ age: 5, sex: 'male', birth_registered: true })) }, 'children', 'Không được quá 15 mục.'],
    ['a panel entry that is not an object', { ...base, children: [7] }, 'children', 'Câu trả lời không đúng dạng.'],
    ['a value nested deeper than the instrument', { ...base, hamlet: nested(3000) }, 'hamlet', 'Câu trả lời không đúng dạng.'],
    ['nested 100,000 levels', { ...base, comments: nested(100_000) }, 'comments', 'Câu trả lời không đúng dạng.'],
  ];
  for (const [label, answers, question, message] of cases) {
    it(`${label}: refused at ${question}, where survey-core finds nothing`, () => {
      const { errors } = validateAnswers(household, answers, 'vi');
      expect(errors).toEqual([{ question, message }]);
      // (survey-core throws on the deep and malformed ones, and takes seconds over 5,000 panels.)
      if (!/^(nested|a panel entry|a value nested|5,000)/.test(label)) expect(surveyCoreErrors(household, answers, 'vi')).toEqual([]);
    });
  }

  it('a refused answer is read as sent by the expressions of other questions (survey-core converts it first and accepts)', () => {
    const checklist = findInstrument('commune-checklist', 1)!;
    const answers = { reporting_year: 2020, children_under16: 100, csc_total: [0], csc_assisted: 0, abuse_reports: 0, abuse_reports_12h: 0 };
    expect(surveyCoreErrors(checklist, answers, 'en')).toEqual([]);
    // `{csc_assisted} <= {csc_total}` compares 0 with [0]: false, so csc_assisted fails beside csc_total.
    expect(paths(validateAnswers(checklist, answers, 'en').errors)).toEqual(['csc_assisted', 'csc_total']);
  });

  it('limits where the instrument is silent: 30 panels, 1,000 characters of text, 5,000 of comment, each configurable', () => {
    const silent = { pages: [{ name: 'p', elements: [{ type: 'text', name: 't' }, { type: 'comment', name: 'c' }, { type: 'paneldynamic', name: 'd', templateElements: [{ type: 'text', name: 'x' }] }] }] };
    const instrument: Instrument = { slug: 'silent', version: 1, hash: 'x', json: silent, renamed: {} };
    const ok = { t: 'x'.repeat(1000), c: 'x'.repeat(5000), d: Array.from({ length: 30 }, () => ({ x: 'y' })) };
    expect(validateAnswers(instrument, ok, 'en').errors).toEqual([]);
    const over = { t: 'x'.repeat(1001), c: 'x'.repeat(5001), d: Array.from({ length: 31 }, () => ({ x: 'y' })) };
    expect(paths(validateAnswers(instrument, over, 'en').errors)).toEqual(['c', 'd', 't']);
    expect(validateAnswers(instrument, over, 'en', { maxPanels: 31, textMaxLength: 1001, commentMaxLength: 5001 }).errors).toEqual([]);
  });

  it('the answer to a hidden question is accepted and dropped, as the form clears it', () => {
    const answers = { ...base, received_support: false, support_satisfaction: 5, children: [{ age: 3, sex: 'female', birth_registered: true, in_school: true }] };
    const { errors, answers: kept } = validateAnswers(household, answers, 'en');
    expect(errors).toEqual([]);
    expect(kept).not.toHaveProperty('support_satisfaction');
    expect(kept.children).toEqual([{ age: 3, sex: 'female', birth_registered: true }]);
  });

  it('keys the instrument does not define are dropped, at the top level and inside panels and matrices', () => {
    const answers = { ...base, extra: 1, children: [{ age: 7, sex: 'male', birth_registered: true, in_school: true, shoe_size: 30 }], child_safety: { home: 'safe', garden: 'safe' } };
    const { errors, answers: kept } = validateAnswers(household, answers, 'en');
    expect(errors).toEqual([]);
    expect(kept).not.toHaveProperty('extra');
    expect(kept.children).toEqual([{ age: 7, sex: 'male', birth_registered: true, in_school: true }]);
    expect(kept.child_safety).toEqual({ home: 'safe' });
  });
});

describe('an instrument the compiler cannot read', () => {
  const json = { pages: [{ name: 'p', elements: [{ type: 'matrixdynamic', name: 'm', columns: [{ name: 'a' }] }, { type: 'text', name: 't', isRequired: true, choicesByUrl: { url: 'x' } }] }] };
  const unknown: Instrument = { slug: 'unknown', version: 3, hash: 'x', json, renamed: {} };

  it('is named at start with what it uses', () => {
    expect(unsupportedInstruments([unknown])).toEqual(["unknown v3: question 'm': type 'matrixdynamic'", "unknown v3: question 't': 'choicesByUrl'"]);
    expect(validationNotice([unknown], defaultAnswerLimits)[0]).toBe("Validated by survey-core, not compiled (unsupported): unknown v3: question 'm': type 'matrixdynamic'");
  });

  it('is validated by survey-core, as the form does', () => {
    for (const answers of [{}, { t: 'x' }, { t: 'x', m: 'not a list' }]) {
      expect(validateAnswers(unknown, answers, 'en')).toEqual(validateWithSurveyCore(unknown, answers, 'en'));
    }
    expect(paths(validateAnswers(unknown, {}, 'en').errors)).toEqual(['t']);
  });

  it('the released instruments all compile', () => {
    expect(unsupportedInstruments(instruments)).toEqual([]);
  });
});

/** `{ a: { a: … } }`, `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
