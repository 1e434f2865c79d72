/**
 * Seeded answer sets for any SurveyJS instrument, for the differential test of the validator against
 * survey-core (test/validation-differential.test.ts). `fillAnswers` walks the instrument's JSON (pages →
 * elements, panels, dynamic panels' template elements, multiple-text items) and answers it as the form lets
 * someone answer it: visible and enabled questions only, offered choices (with the text of an "other"),
 * numbers within min/max and numeric validators, text within maxLength, entries within
 * minPanelCount..maxPanelCount, every validator satisfied, some optional questions left empty. Conditions and
 * expression validators run on survey-core's own ConditionRunner, so "visible" means what it means to the
 * form. Nothing here knows a particular instrument. Values come from ./answer-values.ts; mutations that break
 * one thing at a time are in ./answer-mutations.ts.
 */
import type { Rng } from '../../src/domain/synthetic-answers';
import {
  type Answers,
  type FillOptions,
  type Json,
  type Occurrence,
  condition,
  isEmpty,
  isPlainObject,
  numberRange,
  otherKey,
  passes,
  valueFor,
  withOtherText,
  word,
} from './answer-values';

export type { Answers, FillOptions, Json, Occurrence } from './answer-values';

interface Scope {
  visible: boolean;
  enabled: boolean;
  conditions: string[];
}

/** Every question of the instrument as it occurs in these answers, in the form's order. */
export function occurrences(survey: Json, answers: Answers): Occurrence[] {
  const out: Occurrence[] = [];
  for (const page of survey.pages ?? [survey]) walk(page.elements, answers, answers, '', scopeOf(page, { visible: true, enabled: true, conditions: [] }, answers), out);
  return out;
}

/** The questions of one entry of a dynamic panel. */
export function entryOccurrences(panel: Occurrence, entry: Answers, index: number): Occurrence[] {
  const out: Occurrence[] = [];
  const scope = { visible: panel.visible, enabled: panel.enabled, conditions: panel.conditions };
  walk(panel.def.templateElements, entry, entryValues(panel.values, entry, index), `${panel.path}[${index}].`, scope, out);
  return out;
}

// Inside a dynamic panel, conditions see the whole survey plus {panel.x} and {panelIndex}.
function entryValues(outer: Answers, entry: Answers, index: number): Answers {
  return { ...outer, ...(outer.panel ? { parentpanel: outer.panel } : {}), panel: entry, panelIndex: index };
}

function scopeOf(el: Json, outer: Scope, values: Answers): Scope {
  return {
    visible: outer.visible && el.visible !== false && (!el.visibleIf || condition(el.visibleIf, values)),
    enabled: outer.enabled && el.readOnly !== true && (!el.enableIf || condition(el.enableIf, values)),
    conditions: el.visibleIf ? [...outer.conditions, el.visibleIf] : outer.conditions,
  };
}

function walk(elements: Json[] | undefined, holder: Answers, values: Answers, prefix: string, outer: Scope, out: Occurrence[]) {
  for (const def of elements ?? []) {
    const scope = scopeOf(def, outer, values);
    if (def.type === 'panel') {
      walk(def.elements, holder, values, prefix, scope, out);
      continue;
    }
    if (def.type === 'html' || def.type === 'image' || def.type === 'expression') continue;
    const o = question(def, holder, values, prefix + def.name, scope);
    out.push(o);
    const value = holder[o.key];
    if (def.type === 'multipletext' && isPlainObject(value)) {
      for (const item of def.items ?? []) out.push(question({ ...item, type: 'text' }, value, values, `${o.path}.${item.name}`, scope));
    }
    if (def.type === 'paneldynamic' && Array.isArray(value)) {
      value.forEach((entry, i) => {
        if (isPlainObject(entry)) walk(def.templateElements, entry, entryValues(values, entry, i), `${o.path}[${i}].`, scope, out);
      });
    }
  }
}

function question(def: Json, holder: Answers, values: Answers, path: string, scope: Scope): Occurrence {
  const checked = scope.visible && scope.enabled;
  return { path, def, ...scope, checked, required: checked && isRequired(def, values), holder, key: def.valueName ?? def.name, values };
}

// Required as survey-core sees it: a matrix whose every row is required (it reports an empty one), a list
// with a least number of choices, a multiple text with a required item, a dynamic panel with a least number
// of entries (survey-core checks as many empty ones when none are sent).
const isRequired = (def: Json, values: Answers) =>
  def.isRequired === true ||
  (def.minPanelCount ?? 0) > 0 ||
  (def.type === 'multipletext' && (def.items ?? []).some((item: Json) => item.isRequired === true)) ||
  (def.type === 'matrix' && (def.isAllRowRequired === true || def.eachRowRequired === true)) ||
  (def.minSelectedChoices ?? 0) > 0 ||
  (typeof def.requiredIf === 'string' && condition(def.requiredIf, values));

/** A valid answer set: `fillAnswers(seededRng(7), instrument.json, { limits })`. */
export function fillAnswers(rng: Rng, survey: Json, options: FillOptions): Answers {
  const answers: Answers = {};
  settle(rng, survey, options, () => occurrences(survey, answers));
  return answers;
}

/** A valid new entry for a dynamic panel (an occurrence from `occurrences`), e.g. one more child. */
export function fillEntry(rng: Rng, survey: Json, panel: Occurrence, index: number, options: FillOptions): Answers {
  const entry: Answers = {};
  settle(rng, survey, options, () => entryOccurrences(panel, entry, index));
  return entry;
}

/**
 * Answers every checked question that has no acceptable answer yet (or leaves it empty when it may be) and
 * removes answers the form would not send, until nothing changes: a later answer can show or hide an earlier
 * question.
 */
function settle(rng: Rng, survey: Json, options: FillOptions, list: () => Occurrence[]) {
  const decided = new Set<string>();
  for (let round = 0; round < 10; round++) {
    let changed = false;
    for (const o of list()) {
      if (!o.checked) {
        changed = clear(o) || changed;
        continue;
      }
      if (o.key in o.holder ? acceptable(o) : decided.has(o.path) && acceptable(o)) continue;
      decided.add(o.path);
      changed = true;
      if (!o.required && rng() < (options.emptyRate ?? 0.15)) {
        clear(o);
        // An empty list of choices sometimes arrives as [] rather than not at all.
        if ((o.def.type === 'checkbox' || o.def.type === 'tagbox') && rng() < 0.3) o.holder[o.key] = [];
        if (acceptable(o)) continue;
      }
      answer(rng, survey, o, options);
    }
    if (!changed) return;
  }
  throw new Error('answer-sets: the answers do not settle (conditions that keep showing and hiding each other?)');
}

function clear(o: Occurrence): boolean {
  const had = o.key in o.holder || otherKey(o) in o.holder;
  delete o.holder[o.key];
  delete o.holder[otherKey(o)];
  return had;
}

/** Whether the answer in place passes what survey-core checks on a visible, enabled question. */
export function acceptable(o: Occurrence): boolean {
  const value = o.holder[o.key];
  if (value === undefined) return !o.required && passes(o, value);
  // A container's entries or items are questions of their own.
  if (o.def.type === 'paneldynamic') return Array.isArray(value) && value.length >= Math.max(o.def.minPanelCount ?? 0, o.required ? 1 : 0);
  if (o.def.type === 'multipletext') return isPlainObject(value);
  if (isEmpty(value)) return !o.required && passes(o, value);
  return passes(o, value);
}

/** Sets an acceptable generated answer; leaves an optional question empty when none is found. */
export function answer(rng: Rng, survey: Json, o: Occurrence, options: FillOptions) {
  for (const candidate of candidates(rng, survey, o, options)) {
    o.holder[o.key] = candidate;
    withOtherText(rng, o);
    if (acceptable(o)) return;
  }
  clear(o);
  if (o.required) throw new Error(`answer-sets: found no acceptable answer for ${o.path}`);
}

/**
 * Random values of the question's kind, then a number's smallest (an expression validator may want one) or
 * short words without digits (a text validator may forbid them).
 */
function* candidates(rng: Rng, survey: Json, o: Occurrence, options: FillOptions) {
  for (let i = 0; i < 40; i++) yield valueFor(rng, survey, o.def, options);
  yield* numberRange(o.def)?.lowest ?? [];
  if (o.def.type === 'text' || o.def.type === 'comment') for (let length = 1; length <= 10; length++) yield word(rng, length);
}
