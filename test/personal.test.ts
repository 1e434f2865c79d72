/**
 * Personal questions (issue 13, part 5), pure: the `personal` property survey-core loads on the server, the
 * marks an instrument version carries (also inside a dynamic panel), how they hold across versions, and the
 * masking every view of answers goes through.
 */
import { Model, Serializer } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { indicatorCatalogue } from '../src/domain/indicators';
import { checkInstrument, diffInstruments, type InstrumentUpload } from '../src/domain/instrument-release';
import { maskPersonal, personalFields, personalMask, personalOfVersion, personalQuestions } from '../src/domain/personal';
import { unsupportedInstruments } from '../src/domain/survey-validation';
import { displayAnswers } from '../src/domain/validation/display';
import { findInstrument, surveyFile } from './support/instruments';

const v1 = findInstrument('household', 1)!;
const v2 = findInstrument('household', 2)!;
const v3 = findInstrument('household', 3)!;
const renamed = { hotline_111: 'knows_111' };

/** A roster with a personal name in each entry, a phone number under another value name, and an "other" text. */
const roster = {
  pages: [
    {
      elements: [
        { type: 'text', name: 'village', isRequired: true },
        { type: 'text', name: 'phone', valueName: 'contact_phone', personal: true },
        { type: 'radiogroup', name: 'relation', personal: true, choices: ['mother', 'father'], showOtherItem: true },
        {
          type: 'paneldynamic',
          name: 'children',
          templateElements: [
            { type: 'text', name: 'child_name', personal: true },
            { type: 'text', name: 'age', inputType: 'number' },
          ],
        },
      ],
    },
  ],
};

describe('the personal property on the server', () => {
  it('is registered once with survey-core’s Serializer, for every question type, and read from the JSON', () => {
    expect(Serializer.findProperty('question', 'personal')?.type).toBe('boolean');
    expect(Serializer.findProperty('paneldynamic', 'personal')?.name).toBe('personal');
    const model = new Model(roster);
    expect(model.jsonErrors ?? []).toEqual([]);
    expect((model.getQuestionByName('phone') as unknown as { personal: boolean }).personal).toBe(true);
    expect((model.getQuestionByName('village') as unknown as { personal: boolean }).personal).toBe(false);
    const children = model.getQuestionByName('children') as unknown as { templateElements: { name: string; personal: boolean }[] };
    expect(children.templateElements.find((q) => q.name === 'child_name')!.personal).toBe(true);
  });

  it('lets household v3 pass the release checks after v2, and the compiled validator take it (nothing left to survey-core)', () => {
    const upload: InstrumentUpload = { slug: 'household', version: 3, text: surveyFile('household.v3.json'), json: v3.json, renamed, release: true };
    expect(checkInstrument(upload, { previous: v2, indicators: indicatorCatalogue }, 'en')).toEqual({ problems: [], fallback: [] });
    expect(unsupportedInstruments([v3])).toEqual([]);
  });
});

describe('the marks of a version', () => {
  it('household v3 marks the exact address and the free comments, and v1 and v2 mark nothing', () => {
    expect(personalQuestions(v3.json)).toEqual(['hamlet', 'household_number', 'comments']);
    expect(personalQuestions(v1.json)).toEqual([]);
    expect(personalQuestions(v2.json)).toEqual([]);
  });

  it('reach into dynamic panels, by answer key (valueName)', () => {
    expect(personalQuestions(roster)).toEqual(['contact_phone', 'relation', 'children[].child_name']);
    const fields = personalFields(roster);
    expect([...fields.panels.get('children')!.keys]).toEqual(['child_name']);
  });

  it('show in the diff from v2 to v3 as marked, nothing else changed', () => {
    const diff = diffInstruments(v2, v3);
    expect(diff.personalChanged).toEqual([
      { name: 'hamlet', from: false, to: true },
      { name: 'household_number', from: false, to: true },
      { name: 'comments', from: false, to: true },
    ]);
    expect({ ...diff, personalChanged: [] }).toEqual({ added: [], removed: [], renamed: [], typeChanged: [], requiredChanged: [], personalChanged: [], choicesChanged: [] });
  });

  it('hold for every version of the instrument once released: v3’s marks apply to answers stored on v1 and v2', () => {
    for (const of of [v1, v2, v3]) expect([...personalOfVersion([v1, v2, v3], of).keys].sort()).toEqual(['comments', 'hamlet', 'household_number']);
    expect([...personalOfVersion([v1, v2], v1).keys]).toEqual([]);
  });

  it('follow renamed questions: a mark on v2’s hotline_111 (knows_111 in v1) holds for v1’s knows_111', () => {
    const marked = JSON.parse(JSON.stringify(v2.json)) as { pages: { elements: Record<string, unknown>[] }[] };
    for (const page of marked.pages) for (const el of page.elements) if (el.name === 'hotline_111') el.personal = true;
    const versions = [v1, { json: marked, renamed }];
    expect(personalOfVersion(versions, v1).keys.has('knows_111')).toBe(true);
    expect(personalOfVersion(versions, { renamed }).keys.has('hotline_111')).toBe(true);
  });
});

describe('maskPersonal', () => {
  const fields = personalFields(roster);
  const answers = {
    village: 'Thôn Đoài',
    contact_phone: '0912 345 678',
    relation: 'other',
    'relation-Comment': 'bà ngoại Nguyễn Thị Hoa',
    children: [{ child_name: 'Minh Anh', age: 7 }, { age: 3 }, 'odd'],
  };

  it('replaces personal values, their typed "other" and the personal answers of each panel entry; the rest stays', () => {
    expect(maskPersonal(answers, fields)).toEqual({
      village: 'Thôn Đoài',
      contact_phone: personalMask,
      relation: personalMask,
      'relation-Comment': personalMask,
      children: [{ child_name: personalMask, age: 7 }, { age: 3 }, 'odd'],
    });
  });

  it('leaves absent and empty answers as they are, and does not change its input', () => {
    const before = JSON.stringify(answers);
    maskPersonal(answers, fields);
    expect(JSON.stringify(answers)).toBe(before);
    expect(maskPersonal({ village: 'x', contact_phone: '' }, fields)).toEqual({ village: 'x', contact_phone: '' });
    expect(maskPersonal(answers, personalFields(v1.json))).toBe(answers);
  });

  it('is what a masked page displays: the household’s address and comments as •••, the rest readable', () => {
    const household = { hamlet: 'Thôn Đoài', household_number: '042', household_size: 4, comments: 'Chị Hoa, 0912 345 678' };
    const rows = displayAnswers(v1, maskPersonal(household, personalOfVersion([v1, v2, v3], v1)), 'en');
    expect(Object.fromEntries(rows.map((r) => [r.name, r.display]))).toEqual({ hamlet: personalMask, household_number: personalMask, household_size: '4', comments: personalMask });
  });
});
