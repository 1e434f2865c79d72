import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Model } from 'survey-core';
import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../src/domain/survey-validation';
import { checklistAnswers, householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { findInstrument, instruments } from './support/instruments';

const dir = join(import.meta.dirname, '..', 'surveys');
const released = JSON.parse(readFileSync(join(dir, 'released.json'), 'utf8')) as Record<string, string>;
const household = findInstrument('household', 1)!;
const checklist = findInstrument('commune-checklist', 1)!;

describe('released instruments', () => {
  it('never change: every released file still has its recorded hash', () => {
    for (const [file, hash] of Object.entries(released)) {
      expect(createHash('sha256').update(readFileSync(join(dir, file))).digest('hex'), file).toBe(hash);
    }
  });

  it('are all recorded and all registered', () => {
    const files = readdirSync(dir).filter((f) => /\.v\d+\.json$/.test(f));
    expect(Object.keys(released).sort()).toEqual(files.sort());
    expect(instruments.map((i) => `${i.slug}.v${i.version}.json`).sort()).toEqual(files.sort());
  });

  it('load in survey-core with unique names, and the household survey has a panel, a matrix and skip logic', () => {
    for (const instrument of instruments) {
      const names = new Model(instrument.json).getAllQuestions().map((q) => q.name);
      expect(new Set(names).size).toBe(names.length);
    }
    const types = new Model(household.json).getAllQuestions().map((q) => q.getType());
    expect(types).toContain('paneldynamic');
    expect(types).toContain('matrix');
    expect(JSON.stringify(household.json)).toContain('visibleIf');
  });

  it('have Vietnamese and English text for every title', () => {
    const titles = JSON.stringify(household.json).match(/"title":\{[^}]*\}/g) ?? [];
    expect(titles.length).toBeGreaterThan(25);
    for (const t of titles) expect(t).toMatch(/"default":.*"vi":/);
  });
});

describe('server-side validation with survey-core', () => {
  it('accepts 200 generated households and 50 checklists', () => {
    const rng = seededRng(11);
    for (let i = 0; i < 200; i++) expect(validateAnswers(household, householdAnswers(rng, { knows111Rate: 0.5 }), 'vi').errors).toEqual([]);
    for (let i = 0; i < 50; i++) expect(validateAnswers(checklist, checklistAnswers(rng, { reportingYear: 2017, cscAssistedRate: 0.9 }), 'vi').errors).toEqual([]);
  });

  it('reports a respondent aged 12 and a missing hamlet, in Vietnamese or English', () => {
    const answers = { ...householdAnswers(seededRng(1), { knows111Rate: 1 }), respondent_age: 12, hamlet: undefined };
    const vi = validateAnswers(household, answers, 'vi').errors;
    expect(vi).toContainEqual({ question: 'respondent_age', message: 'Tuổi người trả lời phải từ 15 đến 100.' });
    expect(vi.find((e) => e.question === 'hamlet')?.message).toMatch(/trả lời|bắt buộc/i);
    const en = validateAnswers(household, answers, 'en').errors;
    expect(en).toContainEqual({ question: 'respondent_age', message: "The respondent's age must be from 15 to 100." });
  });

  it('reports errors inside a child’s panel with the panel’s index', () => {
    const answers = householdAnswers(seededRng(2), { knows111Rate: 1 });
    const children = [{ age: 30, sex: 'male', birth_registered: true }];
    const errors = validateAnswers(household, { ...answers, children }, 'en').errors;
    expect(errors.map((e) => e.question)).toContain('children[0].age');
  });

  it('rejects a checklist with more CSC assisted than CSC', () => {
    const answers = { ...checklistAnswers(seededRng(3), { reportingYear: 2017, cscAssistedRate: 1 }), csc_total: 5, csc_assisted: 9 };
    expect(validateAnswers(checklist, answers, 'vi').errors.map((e) => e.question)).toEqual(['csc_assisted']);
  });

  it('drops keys the instrument does not define, also inside panels and matrices', () => {
    const answers = householdAnswers(seededRng(4), { knows111Rate: 1 }) as Record<string, any>;
    const dirty = { ...answers, extra: 1, children: [{ ...answers.children[0], secret: 'x' }], discipline: { ...answers.discipline, bogus: 'often' } };
    const kept = validateAnswers(household, dirty, 'vi').answers as Record<string, any>;
    expect(kept.extra).toBeUndefined();
    expect(kept.children[0].secret).toBeUndefined();
    expect(kept.discipline.bogus).toBeUndefined();
  });
});
