/**
 * Values of each kind of SurveyJS question for the generated answer sets (./answer-sets.ts), and the checks
 * survey-core makes of a value against the question's own limits and validators. Generic: everything is read
 * from the question's JSON; a kind or validator not handled here throws, so a new instrument says what the
 * generator lacks instead of producing answers that are not valid.
 */
import { ConditionRunner } from 'survey-core';
import type { Rng } from '../../src/domain/synthetic-answers';
import type { AnswerLimits } from '../../src/domain/validation/limits';

/** SurveyJS JSON is loosely typed; an element or the survey itself. */
export type Json = Record<string, any>;
export type Answers = Record<string, unknown>;

/** One question as it occurs in an answer set: `children[1].age` is the template question `age` in entry 1. */
export interface Occurrence {
  /** As the validators name it: `hamlet`, `children[1].age`, `address.street`. */
  path: string;
  def: Json;
  visible: boolean;
  enabled: boolean;
  /** Visible and enabled: survey-core checks nothing on a hidden or read-only question. */
  checked: boolean;
  required: boolean;
  /** Every visibleIf that decides whether it shows: its pages', panels' and its own. */
  conditions: string[];
  /** The object the answer lives in: the answers, a panel entry or a multiple-text answer. */
  holder: Answers;
  key: string;
  /** What the question's conditions and expression validators see. */
  values: Answers;
}

export interface FillOptions {
  limits: AnswerLimits;
  /** Chance that an optional question is left empty. */
  emptyRate?: number;
}

export const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
export const isPlainObject = (v: unknown): v is Answers => typeof v === 'object' && v !== null && !Array.isArray(v);

const runners = new Map<string, ConditionRunner>();

/** A visibleIf, enableIf, requiredIf or expression validator, run by survey-core: `condition('{a} > 1', { a: 2 })`. */
export function condition(expression: string, values: Answers): boolean {
  let runner = runners.get(expression);
  if (!runner) runners.set(expression, (runner = new ConditionRunner(expression)));
  return runner.runValues(values);
}

/** The names an expression reads, e.g. ['panel.age'] for `{panel.age} >= 6`. */
export const variablesOf = (expression: string) => new ConditionRunner(expression).getVariables();

/** Empty as survey-core's required check sees it: missing, blank text, no choice, no row. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

/** What a number question takes, from min/max and numeric validators; `lowest` are its smallest whole values. */
export function numberRange(def: Json): { min?: number; max?: number; lowest: number[] } | undefined {
  if (def.type !== 'text' || (def.inputType !== 'number' && def.inputType !== 'range')) return undefined;
  const numeric = (def.validators ?? []).filter((v: Json) => v.type === 'numeric');
  const mins = [def.min, ...numeric.map((v: Json) => v.minValue)].filter((n) => typeof n === 'number');
  const maxes = [def.max, ...numeric.map((v: Json) => v.maxValue)].filter((n) => typeof n === 'number');
  const min = mins.length ? Math.max(...mins) : undefined;
  const max = maxes.length ? Math.min(...maxes) : undefined;
  const from = Math.ceil(min ?? (max !== undefined ? max - 100 : 0));
  return { min, max, lowest: Array.from({ length: 21 }, (_, i) => from + i).filter((n) => max === undefined || n <= max) };
}

/** The longest text the server takes: the question's maxLength, else the survey's, else the limits. */
export function textLimit(def: Json, survey: Json, limits: AnswerLimits): number {
  const positive = (n: unknown) => (typeof n === 'number' && n > 0 ? n : undefined);
  if (def.type === 'comment') return positive(def.maxLength) ?? positive(survey.maxCommentLength) ?? limits.commentMaxLength;
  return positive(def.maxLength) ?? positive(survey.maxTextLength) ?? limits.textMaxLength;
}

export const choiceValues = (items: unknown[] | undefined): unknown[] =>
  (items ?? []).filter((c) => !(isPlainObject(c) && c.visibleIf)).map((c) => (isPlainObject(c) ? c.value : c));

const hasOther = (def: Json) => def.showOtherItem === true || def.hasOther === true;
const hasNone = (def: Json) => def.showNoneItem === true || def.hasNone === true;

/** Everything a choice question offers: its choices, then "other" and "none" when shown. */
export const offered = (def: Json): unknown[] => [...choiceValues(def.choices), ...(hasOther(def) ? ['other'] : []), ...(hasNone(def) ? ['none'] : [])];

/** Rating values: rateValues, or rateMin..rateMax by rateStep (survey-core's defaults 1..5 by 1). */
export function ratingValues(def: Json): unknown[] {
  if (Array.isArray(def.rateValues) && def.rateValues.length) return choiceValues(def.rateValues);
  const [min, max, step] = [def.rateMin ?? 1, def.rateMax ?? 5, def.rateStep ?? 1];
  return Array.from({ length: Math.floor((max - min) / step) + 1 }, (_, i) => min + i * step);
}

const letters = [...'abcdeghiklmnopqrstuvxy ăâđêôơưáàảãạếềểễệóòỏõọứừửữựíìỉĩị0123456789-/,.'];

/** Text of exactly `length` UTF-16 units (the unit maxLength counts), never blank. */
export function text(rng: Rng, length: number): string {
  let s = pick(rng, ['T', 'X', 'N', 'Đ', '1']);
  while (s.length < length) s += pick(rng, letters);
  return s;
}

/** Letters only, `length` of them: `word(rng, 3)` → 'Lan'-like. */
export function word(rng: Rng, length: number): string {
  let s = pick(rng, ['L', 'M', 'H', 'T']);
  while (s.length < length) s += pick(rng, [...'aăâeêioôơuưy']);
  return s;
}

/** Where survey-core keeps the text of a chosen "other": `<key>-Comment` beside the answer. */
export const otherKey = (o: Occurrence) => `${o.key}-Comment`;

/** Gives a chosen "other" its text, as the form requires, and drops the text when "other" is not chosen. */
export function withOtherText(rng: Rng, o: Occurrence) {
  const value = o.holder[o.key];
  if (hasOther(o.def) && (value === 'other' || (Array.isArray(value) && value.includes('other')))) o.holder[otherKey(o)] = text(rng, int(rng, 1, 20));
  else delete o.holder[otherKey(o)];
}

const pad = (n: number) => String(n).padStart(2, '0');

function dateIn(rng: Rng, def: Json): string {
  const year = (bound: unknown, fallback: number) => (typeof bound === 'string' ? Number(bound.slice(0, 4)) : fallback);
  return `${int(rng, year(def.min, 1990), year(def.max, 2025))}-${pad(int(rng, 1, 12))}-${pad(int(rng, 1, 28))}`;
}

/** A value of the question's kind and shape; the caller checks it against validators and conditions. */
export function valueFor(rng: Rng, survey: Json, def: Json, options: FillOptions): unknown {
  switch (def.type) {
    case 'text': {
      const range = numberRange(def);
      if (range) return numberIn(rng, range);
      return textOf(rng, def.inputType ?? 'text', def, textLimit(def, survey, options.limits));
    }
    case 'comment':
      return textUpTo(rng, textLimit(def, survey, options.limits));
    case 'boolean':
      return rng() < 0.5 ? (def.valueTrue ?? true) : (def.valueFalse ?? false);
    case 'radiogroup':
    case 'dropdown':
      return pick(rng, offered(def));
    case 'rating':
      return pick(rng, ratingValues(def));
    case 'checkbox':
    case 'tagbox':
      if (hasNone(def) && rng() < 0.1) return ['none'];
      return someOf(rng, offered(def).filter((v) => v !== 'none'), def.minSelectedChoices ?? 0, def.maxSelectedChoices);
    case 'matrix': {
      const rows = choiceValues(def.rows);
      const allRows = def.isAllRowRequired === true || def.eachRowRequired === true;
      const answered = allRows ? rows : rows.filter(() => rng() < 0.8);
      return Object.fromEntries((answered.length ? answered : rows.slice(0, 1)).map((row) => [row, pick(rng, choiceValues(def.columns))]));
    }
    case 'multipletext':
      return {}; // its items are answered as questions of their own
    case 'paneldynamic': {
      // Mostly a few entries (each new count costs survey-core a new model), sometimes the most allowed.
      const min = Math.max(def.minPanelCount ?? 0, def.isRequired ? 1 : 0);
      const max = Math.max(min, def.maxPanelCount ?? options.limits.maxPanels);
      const count = rng() < 0.05 ? max : Math.min(max, min + Math.floor(rng() ** 2 * 8));
      return Array.from({ length: count }, () => ({}));
    }
    default:
      throw new Error(`answer-values: question type '${def.type}' (${def.name}) is not supported yet`);
  }
}

function textOf(rng: Rng, inputType: string, def: Json, limit: number): string {
  switch (inputType) {
    case 'date':
      return dateIn(rng, def);
    case 'datetime-local':
      return `${dateIn(rng, def)}T${pad(int(rng, 0, 23))}:${pad(int(rng, 0, 59))}`;
    case 'time':
      return `${pad(int(rng, 0, 23))}:${pad(int(rng, 0, 59))}`;
    case 'month':
      return dateIn(rng, def).slice(0, 7);
    case 'week':
      return `${int(rng, 1990, 2025)}-W${pad(int(rng, 1, 52))}`;
    case 'color':
      return `#${int(rng, 0, 0xffffff).toString(16).padStart(6, '0')}`;
    case 'email':
      return `${text(rng, int(rng, 1, 10)).replace(/[^a-z0-9]/gi, 'x')}@example.vn`;
    case 'tel':
      return `0${int(rng, 100_000_000, 999_999_999)}`;
    case 'url':
      return `https://example.vn/${int(rng, 1, 999)}`;
    default:
      return textUpTo(rng, limit);
  }
}

function numberIn(rng: Rng, range: { min?: number; max?: number }): number {
  const min = range.min ?? (range.max !== undefined ? range.max - 1000 : 0);
  const max = range.max ?? min + 1000;
  const roll = rng();
  if (roll < 0.05) return min;
  if (roll < 0.1) return max;
  // survey-core takes any number in range; a few answers with a fraction keep the comparison honest.
  if (roll < 0.15 && max - min >= 1) return int(rng, Math.ceil(min), Math.floor(max) - 1) + 0.5;
  return int(rng, Math.ceil(min), Math.floor(max));
}

function textUpTo(rng: Rng, limit: number): string {
  return text(rng, rng() < 0.05 ? limit : int(rng, 1, Math.min(limit, 40)));
}

function someOf(rng: Rng, values: unknown[], min: number, max?: number): unknown[] {
  const chosen = values.filter(() => rng() < 0.35);
  while (chosen.length < Math.max(min, 1) && chosen.length < values.length) chosen.push(pick(rng, values.filter((v) => !chosen.includes(v))));
  return max ? chosen.slice(0, max) : chosen;
}

/** Whether a value passes the question's own limits and validators, as survey-core checks them. */
export function passes(o: Occurrence, value: unknown): boolean {
  const def = o.def;
  const selected = count(value);
  if ((def.minSelectedChoices ?? 0) > selected) return false;
  if ((def.maxSelectedChoices ?? 0) > 0 && selected > def.maxSelectedChoices) return false;
  if (!isEmpty(value) && def.type === 'text') {
    const below = def.min !== undefined && (value as number | string) < def.min;
    const above = def.max !== undefined && (value as number | string) > def.max;
    if (below || above) return false;
  }
  return (def.validators ?? []).every((v: Json) => validatorPasses(v, value, o));
}

function validatorPasses(v: Json, value: unknown, o: Occurrence): boolean {
  if (v.type === 'expression') return condition(v.expression, o.values); // runs even on an empty answer
  if (isEmpty(value)) return true;
  const items = Array.isArray(value) ? value : [value];
  switch (v.type) {
    case 'numeric':
      return typeof value === 'number' && (v.minValue == null || value >= v.minValue) && (v.maxValue == null || value <= v.maxValue);
    case 'text': {
      const s = String(value);
      return (!v.minLength || s.length >= v.minLength) && (!v.maxLength || s.length <= v.maxLength) && (v.allowDigits !== false || !/\d/.test(s));
    }
    case 'regex':
      return items.every((item) => new RegExp(v.regex, v.caseInsensitive ? 'i' : '').test(String(item)));
    case 'email':
      return /^[a-z0-9]+@example\.vn$/i.test(String(value));
    case 'answercount':
      return (!v.minCount || count(value) >= v.minCount) && (!v.maxCount || count(value) <= v.maxCount);
    default:
      throw new Error(`answer-values: validator type '${v.type}' on ${o.path} is not supported yet`);
  }
}

const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
