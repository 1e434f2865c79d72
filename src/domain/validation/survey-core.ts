/**
 * survey-core itself on the server: the reference the compiled validator (./compile.ts) and the display
 * (./display.ts) are tested against, and the fallback for an instrument that uses something the compiler
 * does not support. Pure (no I/O).
 * Building a Model costs far more than validating with one, and a dynamic panel costs most when it must
 * create panels, so models are kept per instrument version *and* per number of panels in the answers
 * (a household's number of children): assigning data to a model that already has that many panels reuses
 * them. `validateAnswers` is synchronous, so no other request can interleave while a model holds data.
 */
import { Helpers, Model, type Question } from 'survey-core';
import 'survey-core/i18n/vietnamese';
// Registers the `personal` question property before any Model is built here.
import '../personal';
import type { Instrument } from '../instrument';
import type { FieldError } from '../errors';
import type { Locale } from '../i18n';
import { isPlainObject } from './values';


interface Shape {
  /** Top-level value names → allowed nested keys (panel template questions, matrix rows), or null for any value. */
  keys: Map<string, ReadonlySet<string> | null>;
  panelNames: string[];
  /** Reusable models by panel counts, e.g. "3" for three children. */
  models: Map<string, Model>;
}

const shapes = new Map<string, Shape>();
const maxModelsPerInstrument = 24;

function shapeOf(instrument: Instrument): Shape {
  const id = `${instrument.slug}@${instrument.version}/${instrument.hash}`;
  let shape = shapes.get(id);
  if (!shape) {
    const model = new Model(instrument.json);
    const keys = new Map<string, ReadonlySet<string> | null>();
    const questions = model.getAllQuestions(false, false, false) as Question[];
    for (const q of questions) {
      keys.set(q.getValueName(), nestedKeys(q));
      // The text of a chosen "other", stored beside the answer as the form does.
      if ((q as unknown as { showOtherItem?: boolean }).showOtherItem) keys.set(`${q.getValueName()}-Comment`, null);
    }
    const panelNames = questions.filter((q) => q.getType() === 'paneldynamic').map((q) => q.getValueName());
    shape = { keys, panelNames, models: new Map() };
    shapes.set(id, shape);
  }
  return shape;
}

function forgetModel(instrument: Instrument, model: Model) {
  const models = shapeOf(instrument).models;
  for (const [key, m] of models) if (m === model) models.delete(key);
}

/** A model for these answers: one that already has as many panels as the answers need, when there is one. */
function modelFor(instrument: Instrument, answers: Record<string, unknown>): Model {
  const shape = shapeOf(instrument);
  const key = shape.panelNames.map((n) => (Array.isArray(answers[n]) ? (answers[n] as unknown[]).length : 0)).join(',');
  let model = shape.models.get(key);
  if (!model) {
    model = new Model(instrument.json);
    // Numbering is presentation, but survey-core renumbers on every change; off, validation is ~25% cheaper.
    model.showQuestionNumbers = 'off';
    if (shape.models.size >= maxModelsPerInstrument) shape.models.delete(shape.models.keys().next().value!);
    shape.models.set(key, model);
  }
  return model;
}

/**
 * A model holding these answers. survey-core refuses a value that does not fit a question (an array for a
 * boolean) and keeps what the question held before, even across later assignments: a model that does not
 * hold what it was given is dropped, and the answers go to a fresh one, which is not kept either.
 */
function loaded(instrument: Instrument, answers: Record<string, unknown>, locale: Locale): Model {
  const assign = (model: Model) => {
    if (model.locale !== locale) model.locale = locale;
    model.data = answers;
    return model;
  };
  const model = assign(modelFor(instrument, answers));
  if (holds(model, answers)) return model;
  forgetModel(instrument, model);
  const fresh = assign(modelFor(instrument, answers));
  if (!holds(fresh, answers)) forgetModel(instrument, fresh);
  return fresh;
}

function holds(model: Model, answers: Record<string, unknown>): boolean {
  try {
    return questionsHold(model.getAllQuestions(false, false, false) as Question[], answers);
  } catch {
    return false; // survey-core's comparison throws on some values ({ toString: 'x' }, deep nesting)
  }
}

function questionsHold(questions: Question[], answers: unknown): boolean {
  return questions.every((q) => {
    const sent = isPlainObject(answers) ? answers[q.getValueName()] : undefined;
    if (sent !== undefined && !Helpers.isTwoValueEquals(q.value, sent)) return false;
    if (q.getType() !== 'paneldynamic' || !Array.isArray(sent)) return true;
    const panels = (q as unknown as { panels: { questions: Question[] }[] }).panels;
    return panels.every((panel, i) => questionsHold(panel.questions, sent[i]));
  });
}

function nestedKeys(q: Question): ReadonlySet<string> | null {
  const type = q.getType();
  if (type === 'paneldynamic') {
    const template = (q as unknown as { templateElements: Question[] }).templateElements;
    return new Set(template.map((t) => t.getValueName?.() ?? t.name));
  }
  if (type === 'matrix') {
    return new Set((q as unknown as { rows: { value: unknown }[] }).rows.map((r) => String(r.value)));
  }
  return null;
}

/** Drops every key the instrument does not define, at the top level and inside panels and matrices. */
export function keepInstrumentKeys(instrument: Instrument, raw: Record<string, unknown>): Record<string, unknown> {
  const { keys } = shapeOf(instrument);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!keys.has(key) || value === undefined || value === null) continue;
    const nested = keys.get(key);
    out[key] = nested ? pickNested(value, nested) : value;
  }
  return out;
}

function pickNested(value: unknown, allowed: ReadonlySet<string>): unknown {
  const pick = (o: unknown) =>
    o && typeof o === 'object' && !Array.isArray(o)
      ? Object.fromEntries(Object.entries(o).filter(([k]) => allowed.has(k)))
      : o;
  return Array.isArray(value) ? value.map(pick) : pick(value);
}

export interface ValidationResult {
  answers: Record<string, unknown>;
  errors: FieldError[];
}

const invalidShape: Record<Locale, string> = {
  vi: 'Câu trả lời không đúng dạng.',
  en: 'The answer does not have the expected form.',
};


/** survey-core trusts the form it rendered; a panel must be a list of objects and a matrix an object, or it throws. */
function shapeErrors(instrument: Instrument, answers: Record<string, unknown>, locale: Locale): FieldError[] {
  const { keys, panelNames } = shapeOf(instrument);
  return Object.entries(answers).flatMap(([key, value]) => {
    const nested = keys.get(key);
    const ok = !nested ? true : panelNames.includes(key) ? Array.isArray(value) && value.every(isPlainObject) : isPlainObject(value);
    return ok ? [] : [{ question: key, message: invalidShape[locale] }];
  });
}

/**
 * Validates answers with survey-core, plus the shape and choice checks survey-core leaves out; messages in
 * the given locale. The fallback for instruments the compiler cannot take.
 */
export function validateWithSurveyCore(instrument: Instrument, raw: Record<string, unknown>, locale: Locale): ValidationResult {
  const answers = keepInstrumentKeys(instrument, raw);
  const malformed = shapeErrors(instrument, answers, locale);
  if (malformed.length > 0) return { answers, errors: malformed };
  let model: Model;
  try {
    model = loaded(instrument, answers, locale);
    model.validate(true, false);
  } catch {
    // Whatever else survey-core cannot take is bad input, not a server fault; the model may be left
    // half-updated, so it is not reused.
    forgetModel(instrument, modelFor(instrument, answers));
    return { answers, errors: [{ question: '(answers)', message: invalidShape[locale] }] };
  }
  const errors: FieldError[] = [];
  for (const q of model.getAllQuestions(true) as Question[]) {
    collectErrors(q, q.name, errors);
    checkChoices(q, answers[q.getValueName()], locale, errors);
  }
  return { answers, errors };
}

/**
 * survey-core's own verdict and nothing else: the errors `model.validate(true, false)` leaves on the visible
 * questions, with paths like `children[0].age`. The reference of the differential test.
 */
export function surveyCoreErrors(instrument: Instrument, answers: Record<string, unknown>, locale: Locale): FieldError[] {
  const model = loaded(instrument, answers, locale);
  model.validate(true, false);
  const errors: FieldError[] = [];
  for (const q of model.getAllQuestions(true) as Question[]) collectErrors(q, q.name, errors);
  return errors;
}

function collectErrors(q: Question, path: string, out: FieldError[]) {
  for (const e of q.errors) out.push({ question: path, message: e.getText() });
  if (q.getType() === 'multipletext') {
    // Each item is an input of its own; survey-core keeps its errors on the item's editor.
    for (const item of (q as unknown as { items: { name: string; editor: Question }[] }).items) {
      for (const e of item.editor.errors) out.push({ question: `${path}.${item.name}`, message: e.getText() });
    }
  }
  if (q.getType() !== 'paneldynamic') return;
  const panels = (q as unknown as { panels: { questions: Question[] }[] }).panels;
  panels.forEach((panel, i) => {
    for (const inner of panel.questions) collectErrors(inner, `${path}[${i}].${inner.name}`, out);
  });
}

const invalidChoice: Record<Locale, string> = {
  vi: 'Câu trả lời không nằm trong các lựa chọn.',
  en: 'The answer is not one of the choices.',
};

/** survey-core accepts any value for a choice question; a real client never sends one outside the choices. */
function checkChoices(q: Question, value: unknown, locale: Locale, out: FieldError[]) {
  if (value === undefined || !q.isVisible) return;
  const type = q.getType();
  const choices = (q as unknown as { choices?: { value: unknown }[] }).choices;
  let ok = true;
  if ((type === 'radiogroup' || type === 'dropdown') && choices) {
    ok = choices.some((c) => c.value === value) || (value === 'other' && Boolean((q as any).showOtherItem));
  } else if (type === 'checkbox' && choices) {
    ok = Array.isArray(value) && value.every((v) => choices.some((c) => c.value === v) || v === 'none' || v === 'other');
  } else if (type === 'boolean') {
    ok = typeof value === 'boolean';
  } else if (type === 'matrix') {
    const columns = (q as unknown as { columns: { value: unknown }[] }).columns;
    ok = typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every((v) => columns.some((c) => c.value === v));
  }
  if (!ok) out.push({ question: q.name, message: invalidChoice[locale] });
}

/**
 * Answers as survey-core itself displays them: each visible answered question's title and display text in the
 * given locale. The reference `displayAnswers` (./display.ts) is tested against; pages use that one, since a
 * new Model per number of panels costs ~100 ms and grows with the panels (test/display.test.ts).
 */
export function displayWithSurveyCore(instrument: Instrument, answers: Record<string, unknown>, locale: Locale) {
  const model = loaded(instrument, answers, locale);
  const rows = (model.getAllQuestions(true) as Question[])
    .filter((q) => answers[q.getValueName()] !== undefined)
    .map((q) => ({ name: q.name, title: q.processedTitle || q.title, display: displayOf(q) }));
  return rows;
}

/** A panel shows each entry as "Title: value" pairs of its visible questions, e.g. one line per child. */
function displayOf(q: Question): string {
  if (q.getType() !== 'paneldynamic') return displayText(q.displayValue);
  const panels = (q as unknown as { panels: { questions: Question[] }[] }).panels;
  return panels
    .map((panel, i) => `${i + 1}) ` + panel.questions.filter((inner) => inner.isVisible && !inner.isEmpty()).map((inner) => `${inner.title}: ${displayText(inner.displayValue)}`).join('; '))
    .join('\n');
}

function displayText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return value.map(displayText).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${displayText(v)}`)
    .join('; ');
}
