/**
 * Personal questions: an instrument marks the questions that name or locate a person (names, phone numbers, an
 * exact address, free text that may name people) with `"personal": true`. Their answers are shown to the
 * submission's evaluator and the model's managers and masked for everyone else (access.ts,
 * `submission.personal`); sponsors never get answers at all. Pure (no I/O).
 *
 * A mark, once released, holds for that question in every version of the instrument: released versions never
 * change, so household v3 marks `hamlet`, `household_number` and `comments`, and the answers stored on v1 and
 * v2 are masked too (matched by the name indicators read, through each version's `renamed` map).
 */
import { Serializer } from 'survey-core';

// Registered once, on import, before any Model is built from an instrument: survey-core then loads a marked
// question without a "JsonUnknownPropertyError" (which the release check would report as a problem), keeps the
// mark in `toJSON()`, and SurveyJS Creator shows it as a property of every question type.
if (!Serializer.findProperty('question', 'personal')) {
  Serializer.addProperty('question', { name: 'personal:boolean', default: false, category: 'general', visibleIndex: 100 });
}

/** What a masked answer reads as, wherever answers are shown or sent. */
export const personalMask = '•••';

/** The answer keys that are personal: top-level ones, and inside each dynamic panel's entries. */
export interface PersonalFields {
  keys: ReadonlySet<string>;
  /** A dynamic panel's answer key → the personal keys of its entries (the panel itself need not be personal). */
  panels: ReadonlyMap<string, PersonalFields>;
}

export const noPersonalFields: PersonalFields = { keys: new Set(), panels: new Map() };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const keyOf = (el: Json) => (typeof el.valueName === 'string' && el.valueName ? el.valueName : String(el.name));

interface Mutable {
  keys: Set<string>;
  panels: Map<string, Mutable>;
}
const empty = (): Mutable => ({ keys: new Set(), panels: new Map() });

function collect(elements: unknown, into: Mutable) {
  if (!Array.isArray(elements)) return;
  for (const el of elements) {
    if (!isObject(el)) continue;
    if (el.type === 'panel') {
      collect(el.elements, into);
      continue;
    }
    if (typeof el.name !== 'string') continue;
    if (el.personal === true) into.keys.add(keyOf(el));
    if (el.type === 'paneldynamic') {
      const inner = empty();
      collect(el.templateElements, inner);
      if (inner.keys.size > 0 || inner.panels.size > 0) into.panels.set(keyOf(el), inner);
    }
  }
}

/**
 * The personal answer keys of one instrument version's JSON.
 * Example: personalFields(householdV3) → { keys: {'hamlet', 'household_number', 'comments'}, panels: {} }.
 */
export function personalFields(json: Json): PersonalFields {
  const out = empty();
  const pages = Array.isArray(json.pages) ? json.pages : [json];
  for (const page of pages) if (isObject(page)) collect(page.elements, out);
  return out;
}

/**
 * The personal questions of a version as people read them in the release check: top-level names, and
 * `panel[].name` inside a dynamic panel. Example: ['hamlet', 'household_number', 'children[].name', 'comments'].
 */
export function personalQuestions(json: Json): string[] {
  const names: string[] = [];
  const walk = (f: PersonalFields, prefix: string) => {
    for (const key of f.keys) names.push(`${prefix}${key}`);
    for (const [panel, inner] of f.panels) walk(inner, `${prefix}${panel}[].`);
  };
  walk(personalFields(json), '');
  return names;
}

function merge(into: Mutable, from: PersonalFields, rename: (key: string) => string) {
  for (const key of from.keys) into.keys.add(rename(key));
  for (const [panel, inner] of from.panels) {
    const name = rename(panel);
    let target = into.panels.get(name);
    if (!target) into.panels.set(name, (target = empty()));
    merge(target, inner, (k) => k);
  }
}

/**
 * The personal answer keys of a submission on version `of`: every key of `of` marked personal in any released
 * version of the instrument, matched by the name indicators read (renamed maps apply to top-level questions only,
 * as in indicators.ts). Example: personalOfVersion([v1, v2, v3], v1).keys → {'hamlet', 'household_number', 'comments'}.
 */
export function personalOfVersion(versions: readonly { json: Json; renamed: Readonly<Record<string, string>> }[], of: { renamed: Readonly<Record<string, string>> }): PersonalFields {
  const canonical = empty();
  for (const v of versions) merge(canonical, personalFields(v.json), (key) => v.renamed[key] ?? key);
  // Back to the keys `of` stores its answers under: a canonical key, or a key `of` renamed to a canonical one.
  const out = empty();
  merge(out, canonical, (key) => key);
  for (const [key, to] of Object.entries(of.renamed)) {
    if (canonical.keys.has(to)) out.keys.add(key);
    const inner = canonical.panels.get(to);
    if (inner) merge(out, { keys: new Set(), panels: new Map([[key, inner]]) }, (k) => k);
  }
  return out;
}

/**
 * The answers with every personal value replaced by `personalMask`: top-level answers, their "-Comment" texts
 * (an "other" typed in), and each dynamic panel entry's personal answers. Absent answers stay absent; the
 * input is not changed. Example: maskPersonal({ hamlet: 'Thôn 3', household_size: 4 }, fields)
 * → { hamlet: '•••', household_size: 4 }.
 */
export function maskPersonal(answers: Json, fields: PersonalFields): Json {
  if (fields.keys.size === 0 && fields.panels.size === 0) return answers;
  const out: Json = {};
  for (const [key, value] of Object.entries(answers)) {
    const base = key.endsWith('-Comment') ? key.slice(0, -'-Comment'.length) : key;
    if (value === undefined || value === null || value === '') out[key] = value;
    else if (fields.keys.has(key) || fields.keys.has(base)) out[key] = personalMask;
    else if (fields.panels.has(key) && Array.isArray(value)) {
      const inner = fields.panels.get(key)!;
      out[key] = value.map((entry) => (isObject(entry) ? maskPersonal(entry, inner) : entry));
    } else out[key] = value;
  }
  return out;
}
