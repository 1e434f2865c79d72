/**
 * The survey's first look: its first page drawn by the server as plain HTML, so that on a slow phone the first
 * question is on screen, and can be answered, before SurveyJS (~315 KB) has arrived and drawn the real form.
 * survey-page.js then carries what was typed into the SurveyJS form that replaces it. Only a first page the
 * plain form means exactly as SurveyJS does is drawn: plain questions with no condition, default value or
 * other dynamic behaviour; any other first page gets no first look (null) and the page waits for SurveyJS.
 * Pure. Example: firstLookOf(household v3, 'vi') → { title: 'Thông tin hộ gia đình', questions: [hamlet, …] }.
 */
import type { Locale } from './i18n';
import { elementPlan } from './validation/display';
import { textIn } from './validation/messages';
import type { Text } from './validation/schema';

export type FirstLookQuestion = {
  name: string;
  title: string;
  /** Its number as SurveyJS shows it ("1."), or null where the instrument turns numbering off. */
  number: string | null;
  description?: string;
  required: boolean;
} & (
  | { kind: 'text'; inputType: 'text' | 'number' | 'tel' | 'email'; maxLength?: number; min?: number; max?: number }
  | { kind: 'comment'; maxLength?: number }
  | { kind: 'radiogroup'; choices: FirstLookChoice[] }
  | { kind: 'dropdown'; choices: FirstLookChoice[] }
);

export interface FirstLookChoice {
  value: string;
  text: string;
}

export interface FirstLook {
  title?: string;
  questions: FirstLookQuestion[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a question may say and still mean the same drawn plainly: anything else (a condition, a default…) is SurveyJS's. */
const plainKeys = new Set(['type', 'name', 'title', 'description', 'isRequired', 'maxLength', 'inputType', 'min', 'max', 'choices', 'colCount', 'validators', 'personal']);
const surveyKeysThatChangeThePage = ['firstPageIsStarted', 'questionsOrder', 'questionStartIndex', 'questionsOnPageMode', 'questionTitleLocation'];
/** survey-core numbers no question unless told ("off" is its default); "recursive" numbers are not drawn plainly. */
const numbering = new Map<unknown, boolean>([[undefined, false], ['off', false], [false, false], ['on', true], [true, true], ['onPage', true]]);
const textInputTypes = new Set(['text', 'number', 'tel', 'email']);

/** The first page as the plain form draws it, in `locale`; null when SurveyJS must draw it (see above). */
export function firstLookOf(json: Json, locale: Locale): FirstLook | null {
  const numbered = numbering.get(json.showQuestionNumbers);
  if (numbered === undefined || surveyKeysThatChangeThePage.some((key) => key in json)) return null;
  const pages = Array.isArray(json.pages) ? json.pages : null;
  const page = pages?.[0];
  if (!isObject(page) || !Array.isArray(page.elements) || page.elements.length === 0) return null;
  if (Object.keys(page).some((key) => !['name', 'title', 'elements'].includes(key))) return null;
  const questions: FirstLookQuestion[] = [];
  for (const el of page.elements) {
    const question = plainQuestion(el, locale, numbered ? `${questions.length + 1}.` : null);
    if (!question) return null;
    questions.push(question);
  }
  const title = textIn(page.title as Text, locale);
  return { ...(title ? { title } : {}), questions };
}

function plainQuestion(el: unknown, locale: Locale, number: string | null): FirstLookQuestion | null {
  if (!isObject(el) || typeof el.name !== 'string' || Object.keys(el).some((key) => !plainKeys.has(key))) return null;
  const plan = elementPlan(el);
  const description = textIn(el.description as Text, locale);
  const base = { name: el.name, title: plan.title[locale], number, required: el.isRequired === true, ...(description ? { description } : {}) };
  const maxLength = typeof el.maxLength === 'number' && el.maxLength > 0 ? { maxLength: el.maxLength } : {};
  switch (el.type) {
    case 'text': {
      const inputType = el.inputType ?? 'text';
      if (typeof inputType !== 'string' || !textInputTypes.has(inputType)) return null;
      const bounds = { ...(typeof el.min === 'number' ? { min: el.min } : {}), ...(typeof el.max === 'number' ? { max: el.max } : {}) };
      return { ...base, kind: 'text', inputType: inputType as 'text', ...maxLength, ...bounds };
    }
    case 'comment':
      return { ...base, kind: 'comment', ...maxLength };
    case 'radiogroup':
    case 'dropdown': {
      if (plan.kind !== 'choice' || plan.choices.length === 0) return null;
      // A choice the plain form would send as text must be text in the answers too (survey-page.js reads values back).
      if (plan.choices.some((c) => typeof c.value !== 'string')) return null;
      const choices = plan.choices.map((c) => ({ value: c.value as string, text: c.text[locale] }));
      return el.type === 'radiogroup' ? { ...base, kind: 'radiogroup', choices } : { ...base, kind: 'dropdown', choices };
    }
    default:
      return null;
  }
}
