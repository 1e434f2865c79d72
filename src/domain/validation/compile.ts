/**
 * An instrument version compiled once into a strict validator that means what the form means: visibility,
 * enabling and requirement are survey-core's own condition runners over the same values, and the checks
 * follow survey-core's order (required and range first; validators only when those pass). On top, what the
 * form guarantees by construction: value types, choices offered, lengths, panel counts. Answers to hidden
 * questions are dropped, as the form clears them on completion. Pure; no recursion deeper than the instrument.
 */
import { type ConditionRunner, Helpers } from 'survey-core';
import type { FieldError } from '../errors';
import type { Locale } from '../i18n';
import type { AnswerLimits } from './limits';
import { formMessage, misfitMessage, textIn } from './messages';
import { type QuestionNode, readSchema, type Schema, type ValidatorNode } from './schema';
import type { ValidationResult } from './survey-core';
import { valueFits } from './values';

export interface CompiledInstrument {
  validate(raw: Record<string, unknown>, locale: Locale): ValidationResult;
}

/** Compiles an instrument's JSON, or lists what it uses that the compiler does not support. */
export function compileInstrument(json: Record<string, unknown>, limits: AnswerLimits): CompiledInstrument | { unsupported: string[] } {
  const schema = readSchema(json, limits);
  if (schema.unsupported.length > 0) return { unsupported: schema.unsupported };
  return { validate: (raw, locale) => validate(schema, raw, locale) };
}

type Values = Record<string, unknown>;

interface Run {
  schema: Schema;
  locale: Locale;
  errors: FieldError[];
}

function validate(schema: Schema, raw: Values, locale: Locale): ValidationResult {
  // The values conditions see: the instrument's own keys as sent, as survey-core sees them once assigned.
  const values: Values = {};
  for (const q of schema.questions) {
    for (const key of q.kind.type === 'choice' && q.kind.other ? [q.key, `${q.key}-Comment`] : [q.key]) {
      const value = Object.hasOwn(raw, key) ? raw[key] : undefined;
      if (value !== undefined && value !== null) values[key] = value;
    }
  }
  const run: Run = { schema, locale, errors: [] };
  const answers: Values = {};
  for (const q of schema.questions) check(run, q, values, values, q.name, answers);
  return { answers, errors: run.errors };
}

const all = (conditions: ConditionRunner[], scope: Values) => conditions.every((c) => c.runValues(scope));

/**
 * Checks one question's answer in `container` (the answers, or one panel entry), with conditions over
 * `scope`; copies what is to be stored into `out`.
 */
function check(run: Run, q: QuestionNode, scope: Values, container: Values, path: string, out: Values, insideReadOnly = false) {
  const present = Object.hasOwn(container, q.key) && container[q.key] !== undefined && container[q.key] !== null;
  const value = present ? container[q.key] : undefined;
  if (present) {
    const misfit = valueFits(q.kind, value);
    if (misfit) {
      const limit = misfit === 'panels' && q.kind.type === 'paneldynamic' ? q.kind.maxPanels : 'maxLength' in q.kind ? q.kind.maxLength : 0;
      const numeric = q.kind.type === 'text' && (q.kind.inputType === 'number' || q.kind.inputType === 'range');
      run.errors.push({ question: path, message: misfitMessage(misfit, run.locale, limit, numeric) });
      return;
    }
  }
  if (q.hidden || !all(q.visibleIf, scope)) {
    if (present && !run.schema.clearHidden) out[q.key] = value;
    return;
  }
  const readOnly = insideReadOnly || q.readOnly || !all(q.enableIf, scope);
  const kind = q.kind;
  if (kind.type === 'paneldynamic') {
    if (present) out[q.key] = [];
    checkPanels(run, q, kind, scope, (value as Values[] | undefined) ?? [], path, out[q.key] as Values[] | undefined, readOnly);
  } else if (kind.type === 'multipletext') {
    const entry: Values = {};
    if (present) out[q.key] = entry;
    for (const item of kind.items) check(run, item, scope, (value as Values | undefined) ?? {}, `${path}.${item.name}`, entry, readOnly);
  } else if (present) {
    out[q.key] = kind.type === 'matrix' ? knownRows(kind.rows, value as Values) : value;
  }
  const other = kind.type === 'choice' && kind.other ? otherText(run, q, kind.commentMaxLength, container, value, path, out) : undefined;
  if (readOnly) return;
  const errors = ownErrors(run, q, scope, value);
  // survey-core asks for the text of a chosen "other" after its own checks, in the same list.
  if (other === '') errors.push(formMessage('otherRequiredError', run.locale));
  for (const message of errors) run.errors.push({ question: path, message });
}

/**
 * The text of a chosen "other" answer, kept under `<key>-Comment` as the form stores it; '' when "other" is
 * chosen without a text, undefined when "other" is not chosen (its text, if sent, is dropped).
 */
function otherText(run: Run, q: QuestionNode, maxLength: number, container: Values, value: unknown, path: string, out: Values): string | undefined {
  const chosen = Array.isArray(value) ? value.includes('other') : value === 'other';
  if (!chosen) return undefined;
  const key = `${q.key}-Comment`;
  const text = Object.hasOwn(container, key) ? container[key] : undefined;
  if (text === undefined || text === null) return '';
  if (typeof text !== 'string' || text.length > maxLength) {
    run.errors.push({ question: path, message: misfitMessage(typeof text === 'string' ? 'length' : 'type', run.locale, maxLength) });
    return undefined;
  }
  if (text.trim() !== '') out[key] = text;
  return text.trim();
}

/** survey-core's order: required and the question's own checks; its validators only when those pass. */
function ownErrors(run: Run, q: QuestionNode, scope: Values, value: unknown): string[] {
  const { locale } = run;
  const errors: string[] = [];
  const required = q.isRequired || (q.requiredIf?.runValues(scope) ?? false);
  if (required && isEmpty(q, value)) errors.push(textIn(q.requiredErrorText, locale) ?? formMessage('requiredError', locale));
  const kind = q.kind;
  if (kind.type === 'text' && !isEmpty(q, value)) {
    const bound = (b: number | string) => (kind.inputType === 'date' ? dateText(String(b)) : String(b));
    if (kind.min !== undefined && (value as number | string) < kind.min) errors.push((textIn(kind.minErrorText, locale) ?? formMessage('minError', locale)).replace('{0}', bound(kind.min)));
    if (kind.max !== undefined && (value as number | string) > kind.max) errors.push((textIn(kind.maxErrorText, locale) ?? formMessage('maxError', locale)).replace('{0}', bound(kind.max)));
    if (kind.inputType === 'email' && !q.validators.some((v) => v.type === 'email') && !emailPattern.test(String(value))) errors.push(formMessage('invalidEmail', locale));
  }
  if (kind.type === 'matrix' && kind.allRowsRequired && kind.rows.some((row) => Helpers.isValueEmpty((value as Values | undefined)?.[row]))) {
    errors.push(formMessage('requiredInAllRowsError', locale));
  }
  if (kind.type === 'choice' && kind.multiple && kind.minSelected > 0 && (Array.isArray(value) ? value.length : 0) < kind.minSelected) {
    errors.push(formMessage('minSelectError', locale, kind.minSelected));
  }
  if (errors.length > 0) return errors;
  return q.validators.flatMap((v) => validatorError(v, q, scope, value, locale) ?? []);
}

/** One validator as survey-core runs it; null when it passes. */
function validatorError(v: ValidatorNode, q: QuestionNode, scope: Values, value: unknown, locale: Locale): string | null {
  const custom = textIn(v.text, locale);
  // survey-core names the value in its default messages by an item's own title, else as "value".
  const title = textIn(q.validatorTitle, locale) || formMessage('value', locale);
  switch (v.type) {
    case 'numeric': {
      if (Helpers.isValueEmpty(value)) return null;
      if (!Helpers.isNumber(value)) return custom ?? formMessage('numericError', locale);
      const n = Helpers.getNumber(value);
      if ((v.min !== null && v.min > n) || (v.max !== null && v.max < n)) {
        if (custom) return custom;
        if (v.min !== null && v.max !== null) return formMessage('numericMinMax', locale, title, v.min, v.max);
        return v.min !== null ? formMessage('numericMin', locale, title, v.min) : formMessage('numericMax', locale, title, v.max);
      }
      return null;
    }
    case 'text': {
      if (Helpers.isValueEmpty(value) || typeof value !== 'string') return null;
      if (!v.allowDigits && /\d+$/.test(value)) return custom ?? formMessage('textNoDigitsAllow', locale);
      if ((v.minLength > 0 && value.length < v.minLength) || (v.maxLength > 0 && value.length > v.maxLength)) {
        if (custom) return custom;
        if (v.minLength > 0 && v.maxLength > 0) return formMessage('textMinMaxLength', locale, v.minLength, v.maxLength);
        return v.minLength > 0 ? formMessage('textMinLength', locale, v.minLength) : formMessage('textMaxLength', locale, v.maxLength);
      }
      return null;
    }
    case 'regex': {
      if (Helpers.isValueEmpty(value)) return null;
      const items = Array.isArray(value) ? value : [value];
      // survey-core's own text here is empty; a form message must say something.
      return items.every((item) => v.regex.test(String(item))) && (!Array.isArray(value) || v.regex.test(String(value))) ? null : (custom ?? misfitMessage('type', locale));
    }
    case 'email':
      return !value || emailPattern.test(String(value)) ? null : (custom ?? formMessage('invalidEmail', locale));
    case 'expression':
      return v.condition.runValues(scope) ? null : (custom ?? formMessage('invalidExpression', locale, v.expression));
    case 'answercount': {
      if (!Array.isArray(value) || value.length === 0) return null;
      if (v.min && value.length < v.min) return custom ?? formMessage('minSelectError', locale, v.min);
      if (v.max && value.length > v.max) return custom ?? formMessage('maxSelectError', locale, v.max);
      return null;
    }
  }
}

/** A date bound as survey-core prints it in a range message, e.g. "Wed Jan 01 2020". */
function dateText(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, (m ?? 1) - 1, d ?? 1).toDateString();
}

/** survey-core's EmailValidator pattern. */
const emailPattern = /^(([^<>()\[\]\.,;:\s@\"]+(\.[^<>()\[\]\.,;:\s@\"]+)*)|(\".+\"))@(([^<>()=[\]\.,;:\s@\"]+\.)+[^<>()=[\]\.,;:\s@\"]{2,})$/i;

/** Empty as survey-core's `isEmpty`: nothing, blank text, no choice, or (a panel) no entry with an answer. */
function isEmpty(q: QuestionNode, value: unknown): boolean {
  if (typeof value === 'string') return value.trim() === '';
  if (q.kind.type === 'paneldynamic') return !Array.isArray(value) || value.every((entry) => Helpers.isValueEmpty(entry));
  return Helpers.isValueEmpty(value);
}

function knownRows(rows: string[], value: Values): Values {
  const out: Values = {};
  for (const row of rows) if (value[row] !== undefined && value[row] !== null) out[row] = value[row];
  return out;
}

/**
 * Each entry of a dynamic panel against the template, with `{panel.x}` and `{panelIndex}` in conditions.
 * Like survey-core, a list shorter than `minPanelCount` is checked as if padded with empty entries.
 */
function checkPanels(
  run: Run,
  q: QuestionNode,
  kind: Extract<QuestionNode['kind'], { type: 'paneldynamic' }>,
  scope: Values,
  entries: Values[],
  path: string,
  out: Values[] | undefined,
  readOnly: boolean,
) {
  if (!readOnly && entries.length > 0 && entries.length < kind.minPanels) {
    run.errors.push({ question: path, message: misfitMessage('fewPanels', run.locale, kind.minPanels) });
  }
  const count = Math.max(entries.length, kind.minPanels);
  for (let i = 0; i < count; i++) {
    // Entries are plain objects (valueFits); past the list, survey-core's padding is an empty entry.
    const entry = entries[i] ?? {};
    const panelScope = { ...scope, panel: entry, panelIndex: i };
    const kept: Values = {};
    for (const inner of kind.template) check(run, inner, panelScope, entry, `${path}[${i}].${inner.name}`, kept, readOnly);
    if (out && i < entries.length) out.push(kept);
  }
}
