/**
 * The survey's first look (issue 14, part 11): the first page drawn by the server as plain inputs before SurveyJS
 * has arrived (src/domain/first-look.ts, views/first-look.tsx), and the answers read back from it
 * (public/app/first-look.js). Only a first page the plain form means exactly as SurveyJS does is drawn.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookAnswers } from '../public/app/first-look.js';
import { firstLookOf } from '../src/domain/first-look';
import { freshApp, people, webAs } from './support/app';

const household = JSON.parse(readFileSync(new URL('../surveys/household.v3.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const withFirstPage = (elements: unknown[], survey: Record<string, unknown> = {}) => ({ showQuestionNumbers: 'on', ...survey, pages: [{ name: 'p1', elements }, { name: 'p2', elements: [{ type: 'text', name: 'later' }] }] });

describe('firstLookOf', () => {
  it("draws the household survey's first page: titles and choices in the language asked for, numbered, required marked", () => {
    const vi = firstLookOf(household, 'vi')!;
    expect(vi.title).toBe('Thông tin hộ gia đình');
    expect(vi.questions.map((q) => q.name)).toEqual(['hamlet', 'household_number', 'respondent_relation', 'respondent_age', 'respondent_sex', 'household_size', 'economic_status']);
    expect(vi.questions[0]).toEqual({ name: 'hamlet', title: 'Thôn/xóm', number: '1.', required: true, kind: 'text', inputType: 'text', maxLength: 100 });
    expect(vi.questions[3]).toMatchObject({ name: 'respondent_age', kind: 'text', inputType: 'number', required: true });
    expect(vi.questions[2]).toMatchObject({ kind: 'radiogroup', choices: expect.arrayContaining([{ value: 'mother', text: 'Mẹ' }]) });
    expect(vi.questions[4].required).toBe(false);
    const en = firstLookOf(household, 'en')!;
    expect(en.questions[0].title).toBe('Hamlet / village');
    expect(en.questions[2]).toMatchObject({ choices: expect.arrayContaining([{ value: 'mother', text: 'Mother' }]) });
  });

  it('numbers questions only where the instrument does (survey-core numbers none by default)', () => {
    expect(firstLookOf(withFirstPage([{ type: 'text', name: 'a' }], { showQuestionNumbers: undefined }), 'en')!.questions[0].number).toBeNull();
    expect(firstLookOf(withFirstPage([{ type: 'text', name: 'a' }], { showQuestionNumbers: 'off' }), 'en')!.questions[0].number).toBeNull();
    expect(firstLookOf(withFirstPage([{ type: 'text', name: 'a' }, { type: 'comment', name: 'b' }]), 'en')!.questions.map((q) => q.number)).toEqual(['1.', '2.']);
  });

  it('draws nothing where the plain form would not mean what SurveyJS means', () => {
    const none = [
      [{ type: 'text', name: 'a', visibleIf: '{x} = 1' }],
      [{ type: 'text', name: 'a', enableIf: '{x} = 1' }],
      [{ type: 'text', name: 'a', requiredIf: '{x} = 1' }],
      [{ type: 'text', name: 'a', defaultValue: 'x' }],
      [{ type: 'text', name: 'a', inputType: 'date' }],
      [{ type: 'radiogroup', name: 'a', choices: ['x'], showOtherItem: true }],
      [{ type: 'radiogroup', name: 'a', choices: [1, 2] }],
      [{ type: 'checkbox', name: 'a', choices: ['x'] }],
      [{ type: 'paneldynamic', name: 'a', templateElements: [] }],
      [{ type: 'panel', name: 'a', elements: [] }],
      [],
    ];
    for (const elements of none) expect(firstLookOf(withFirstPage(elements), 'vi'), JSON.stringify(elements)).toBeNull();
    expect(firstLookOf(withFirstPage([{ type: 'text', name: 'a' }], { questionsOrder: 'random' }), 'vi')).toBeNull();
    expect(firstLookOf(withFirstPage([{ type: 'text', name: 'a' }], { showQuestionNumbers: 'recursive' }), 'vi')).toBeNull();
    expect(firstLookOf({ pages: [{ name: 'p1', visibleIf: '{x} = 1', elements: [{ type: 'text', name: 'a' }] }] }, 'vi')).toBeNull();
    expect(firstLookOf({ elements: [{ type: 'text', name: 'a' }] }, 'vi')).toBeNull();
  });
});

describe('lookAnswers (what was typed, as SurveyJS holds it)', () => {
  it('leaves unanswered questions out and keeps numbers as numbers, text as typed', () => {
    expect(
      lookAnswers([
        { name: 'hamlet', kind: 'text', type: 'text', value: 'Thôn 4' },
        { name: 'household_number', kind: 'text', type: 'text', value: '012' },
        { name: 'respondent_age', kind: 'text', type: 'number', value: '43' },
        { name: 'household_size', kind: 'text', type: 'number', value: '' },
        { name: 'respondent_relation', kind: 'radiogroup', type: 'radio', value: 'mother' },
        { name: 'respondent_sex', kind: 'radiogroup', type: 'radio', value: '' },
      ]),
    ).toEqual({ hamlet: 'Thôn 4', household_number: '012', respondent_age: 43, respondent_relation: 'mother' });
  });
});

describe('the survey page', () => {
  let t: Awaited<ReturnType<typeof freshApp>>;
  beforeAll(async () => {
    t = await freshApp();
  });
  afterAll(() => t?.close());

  it('carries the first look inside the busy #survey, in the reader’s language; not when it reopens a draft', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const page = await (await lan.get('/rounds/hn-phu-chau-midterm/survey/household')).text();
    expect(page).toMatch(/<div id="survey" aria-busy="true"><div class="[^"]*first-look" data-first-look/);
    expect(page).toContain('<label class="sd-title sd-element__title sd-question__title" for="first-look-hamlet">');
    expect(page).toContain('Thôn/xóm');
    expect(page).toMatch(/<input type="radio" name="respondent_relation" value="mother"[^>]*\/?><span class="sd-item__control-label">Mẹ<\/span>/);
    const reopened = await (await lan.get('/rounds/hn-phu-chau-midterm/survey/household?draft=8d1c2f0e-0000-4000-8000-000000000001')).text();
    expect(reopened).toContain('<div id="survey" aria-busy="true"></div>');
  });
});
