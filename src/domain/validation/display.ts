/**
 * Answers as a reader sees them, read from the instrument's JSON: each visible answered question's title and
 * display text in one locale, in document order. Pure (no I/O). No survey-core Model is built (one cost
 * ~100 ms per number of panels, and a stored household of 5,000 children 23 minutes): only `visibleIf` runs
 * through survey-core's ConditionRunner, compiled once per instrument version. Time and output are bounded
 * whatever was stored: values are clamped first (./bounded.ts) and a cut value says so. Equal to survey-core's
 * own display (`displayWithSurveyCore`, ./survey-core.ts) on valid answers: test/display.test.ts.
 */
import { ConditionRunner, surveyLocalization } from 'survey-core';
import 'survey-core/i18n/vietnamese';
import type { Instrument } from '../instrument';
import { type Locale, locales } from '../i18n';
import { clamp, isEmptyAnswer, plainText, shownAtMost } from './bounded';

export interface AnswerRow {
  name: string;
  title: string;
  display: string;
}

type Json = Record<string, unknown>;
type Texts = Record<Locale, string>;

export interface Choice {
  value: unknown;
  text: Texts;
}

type Kind =
  | { kind: 'choice'; choices: Choice[] }
  | { kind: 'boolean'; labelTrue: Texts; labelFalse: Texts; valueTrue: unknown; valueFalse: unknown }
  | { kind: 'matrix'; rows: Choice[]; columns: Choice[] }
  | { kind: 'panels'; template: QuestionPlan[]; maxEntries: number }
  | { kind: 'plain' };

export type QuestionPlan = Kind & {
  name: string;
  /** The SurveyJS element type, e.g. 'radiogroup', 'html'. */
  type: string;
  valueName: string;
  title: Texts;
  /** `visible: false` here or on a page or panel around it. */
  hidden: boolean;
  /** Its own `visibleIf` and those of the page and panels around it: all must hold. */
  conditions: ConditionRunner[];
};

const plans = new WeakMap<Instrument, QuestionPlan[]>();

/** Every question of an instrument version in document order, compiled once per version (exports read it too). */
export function planFor(instrument: Instrument): QuestionPlan[] {
  let plan = plans.get(instrument);
  if (!plan) plans.set(instrument, (plan = compile(instrument.json)));
  return plan;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Json, key: string) => (Object.hasOwn(o, key) ? o[key] : undefined);
const has = (o: Json, key: string) => own(o, key) !== undefined;

/** Every question of the instrument in document order, panels (type "panel") flattened into their questions. */
function compile(json: Json): QuestionPlan[] {
  const pages = Array.isArray(json.pages) ? json.pages : [json];
  return questionsIn(pages, { hidden: false, conditions: [] }, true);
}

function questionsIn(elements: unknown, around: { hidden: boolean; conditions: ConditionRunner[] }, arePages = false): QuestionPlan[] {
  if (!Array.isArray(elements)) return [];
  return elements.filter(isObject).flatMap((el) => {
    const shown = { hidden: around.hidden || el.visible === false, conditions: [...around.conditions, ...runnerOf(el.visibleIf)] };
    if (arePages || el.type === 'panel') return questionsIn(el.elements ?? el.questions, shown);
    return typeof el.name === 'string' ? [questionPlan(el, shown)] : [];
  });
}

function runnerOf(expression: unknown): ConditionRunner[] {
  return typeof expression === 'string' && expression.trim() ? [new ConditionRunner(expression)] : [];
}

/** One element's plan on its own, with only its own `visible` and `visibleIf` (the first look reads a page's). */
export function elementPlan(el: Json): QuestionPlan {
  return questionPlan(el, { hidden: el.visible === false, conditions: runnerOf(el.visibleIf) });
}

function questionPlan(el: Json, shown: { hidden: boolean; conditions: ConditionRunner[] }): QuestionPlan {
  const name = el.name as string;
  const valueName = typeof el.valueName === 'string' && el.valueName ? el.valueName : name;
  return { name, valueName, type: String(el.type), title: texts(el.title, name), ...shown, ...kindOf(el) };
}

function kindOf(el: Json): Kind {
  switch (el.type) {
    case 'radiogroup':
    case 'dropdown':
    case 'checkbox':
    case 'tagbox':
    case 'imagepicker':
    case 'ranking':
      return { kind: 'choice', choices: [...choicesOf(el.choices), ...builtInChoices(el)] };
    case 'rating':
      return Array.isArray(el.rateValues) && el.rateValues.length ? { kind: 'choice', choices: choicesOf(el.rateValues) } : { kind: 'plain' };
    case 'boolean':
      return {
        kind: 'boolean',
        labelTrue: texts(el.labelTrue, defaultString('booleanCheckedLabel')),
        labelFalse: texts(el.labelFalse, defaultString('booleanUncheckedLabel')),
        valueTrue: el.valueTrue ?? true,
        valueFalse: el.valueFalse ?? false,
      };
    case 'matrix':
      return { kind: 'matrix', rows: choicesOf(el.rows), columns: choicesOf(el.columns) };
    case 'paneldynamic': {
      const maxEntries = typeof el.maxPanelCount === 'number' ? el.maxPanelCount : 0;
      return { kind: 'panels', template: questionsIn(el.templateElements, { hidden: false, conditions: [] }), maxEntries };
    }
    default:
      return { kind: 'plain' };
  }
}

/** Choices as survey-core reads them: `{ value, text }`, a plain value, or "value|text". */
function choicesOf(items: unknown): Choice[] {
  if (!Array.isArray(items)) return [];
  return items.map((item) => {
    if (isObject(item)) return { value: item.value, text: texts(item.text, String(item.value)) };
    const bar = typeof item === 'string' ? item.indexOf('|') : -1;
    if (bar > -1) return { value: item.slice(0, bar), text: texts(item.slice(bar + 1), item.slice(0, bar)) };
    return { value: item, text: texts(undefined, String(item)) };
  });
}

function builtInChoices(el: Json): Choice[] {
  const out: Choice[] = [];
  if (el.showOtherItem === true || el.hasOther === true) out.push({ value: 'other', text: texts(el.otherText, defaultString('otherItemText')) });
  if (el.showNoneItem === true || el.hasNone === true) out.push({ value: 'none', text: texts(el.noneText, defaultString('noneItemText')) });
  return out;
}

/** A localizable string in each locale: a string is every locale's, `{ default, vi }` has English as `default`. */
function texts(value: unknown, fallback: string | Texts): Texts {
  const out = {} as Texts;
  for (const locale of locales) {
    const text = typeof value === 'string' ? value : isObject(value) ? (value[locale] ?? value.default) : undefined;
    out[locale] = typeof text === 'string' && text !== '' ? text : typeof fallback === 'string' ? fallback : fallback[locale];
  }
  return out;
}

/** survey-core's own wording, e.g. booleanCheckedLabel: "Có" / "Yes". */
function defaultString(key: string): Texts {
  return { vi: surveyLocalization.getString(key, 'vi'), en: surveyLocalization.getString(key, 'en') };
}

const cutNote: Texts = {
  vi: '… (đã cắt bớt: giá trị được lưu quá lớn để hiển thị hết)',
  en: '… (cut: the stored value is too large to show in full)',
};

const moreEntries: Record<Locale, (n: number) => string> = {
  vi: (n) => `… và ${n} mục nữa không hiển thị`,
  en: (n) => `… and ${n} more not shown`,
};

/**
 * Each visible question with an answer, in document order: its title and display text in `locale`.
 * Example: { hamlet: 'Thôn 3', children: [{ age: 7, sex: 'male' }] } in English →
 * [{ name: 'hamlet', title: 'Hamlet / village', display: 'Thôn 3' },
 *  { name: 'children', title: 'Children under 18 living in the household', display: '1) Age (years): 7; Sex: Boy' }].
 */
export function displayAnswers(instrument: Instrument, answers: unknown, locale: Locale): AnswerRow[] {
  if (!isObject(answers)) return [];
  const plan = planFor(instrument);
  // What conditions see: the clamped answers of the instrument's questions (and their comments), nothing else.
  const values: Json = {};
  const cut = new Set<string>();
  for (const q of plan) {
    for (const key of [q.valueName, `${q.valueName}-Comment`]) {
      if (!has(answers, key) || Object.hasOwn(values, key)) continue;
      const clamped = clamp(answers[key], q.kind === 'panels' ? q.maxEntries : undefined);
      values[key] = clamped.value;
      if (clamped.cut) cut.add(key);
    }
  }
  return plan
    .filter((q) => has(answers, q.valueName) && isVisible(q, values))
    .map((q) => {
      const raw = answers[q.valueName];
      let display = q.kind === 'panels' ? panelText(q, values, locale) : answerText(q, values[q.valueName], values, locale);
      if (Array.isArray(raw) && Array.isArray(values[q.valueName]) && raw.length > (values[q.valueName] as unknown[]).length) {
        display += `${display ? '\n' : ''}${moreEntries[locale](raw.length - (values[q.valueName] as unknown[]).length)}`;
      } else if (cut.has(q.valueName)) {
        display += `${display ? ' ' : ''}${cutNote[locale]}`;
      }
      return { name: q.name, title: q.title[locale], display };
    });
}

function isVisible(q: QuestionPlan, values: Json): boolean {
  return !q.hidden && q.conditions.every((c) => holds(c, values));
}

function holds(condition: ConditionRunner, values: Json): boolean {
  try {
    return condition.runValues(values);
  } catch {
    // A condition survey-core cannot evaluate on odd stored values hides nothing.
    return true;
  }
}

/** One line per entry: "1) Title: value; Title: value" of the entry's visible non-empty questions. */
function panelText(q: QuestionPlan & { kind: 'panels' }, values: Json, locale: Locale): string {
  const entries = values[q.valueName];
  if (!Array.isArray(entries)) return isEmptyAnswer(entries) ? '' : plainText(entries);
  const scope: Json = { ...values };
  return entries
    .map((entry, i) => {
      if (!isObject(entry)) return `${i + 1}) ${plainText(entry)}`;
      scope.panel = entry;
      scope.panelIndex = i;
      const parts = q.template
        .filter((inner) => !isEmptyAnswer(own(entry, inner.valueName)) && isVisible(inner, scope))
        .map((inner) => `${inner.title[locale]}: ${answerText(inner, own(entry, inner.valueName), entry, locale)}`);
      return `${i + 1}) ${parts.join('; ')}`;
    })
    .join('\n');
}

/** A clamped value as text; `around` holds the value's "-Comment" (root answers or a panel entry). */
function answerText(q: QuestionPlan, value: unknown, around: Json, locale: Locale): string {
  if (isEmptyAnswer(value)) return '';
  switch (q.kind) {
    case 'choice': {
      const comment = own(around, `${q.valueName}-Comment`);
      const one = (v: unknown) => (v === 'other' && typeof comment === 'string' && comment.trim() ? comment : choiceText(q.choices, v, locale));
      return Array.isArray(value) ? value.map(one).filter(Boolean).join(', ') : one(value);
    }
    case 'boolean':
      if (sameValue(value, q.valueTrue)) return q.labelTrue[locale];
      if (sameValue(value, q.valueFalse)) return q.labelFalse[locale];
      return plainText(value);
    case 'matrix':
      if (!isObject(value)) return plainText(value);
      return Object.entries(value)
        .map(([row, column]) => {
          const shown = Array.isArray(column) ? column.map((c) => choiceText(q.columns, c, locale)).join(', ') : choiceText(q.columns, column, locale);
          return `${choiceText(q.rows, row, locale)}: ${shown}`;
        })
        .join('; ');
    case 'panels':
      // A dynamic panel inside a panel entry: shown as stored.
      return plainText(value);
    default:
      return plainText(value);
  }
}

/** The choice's text, or the value itself when it is none of the choices. */
export function choiceText(choices: Choice[], value: unknown, locale: Locale): string {
  const choice = choices.find((c) => sameValue(c.value, value));
  return choice ? choice.text[locale] : plainText(value);
}

/** survey-core's matching of a value to a choice: strict, but 1 matches "1" and true matches "true". */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x === y;
  if (typeof a === 'boolean' && typeof b === 'string') return String(a) === b.toLowerCase();
  if (typeof b === 'boolean' && typeof a === 'string') return String(b) === a.toLowerCase();
  return false;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
