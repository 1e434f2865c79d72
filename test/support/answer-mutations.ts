/**
 * One thing broken in a valid answer set (./answer-sets.ts), with what was broken: the kind, the question's
 * path and whether Mốc is meant to be stricter than survey-core there. Generic like the filler: each
 * mutation looks in the instrument's JSON for questions it applies to and returns undefined when there are
 * none (a checklist has no dynamic panel to overfill).
 */
import type { Rng } from '../../src/domain/synthetic-answers';
import { type Answers, type FillOptions, type Json, type Occurrence, acceptable, answer, fillEntry, occurrences } from './answer-sets';
import { choiceValues, condition, int, isEmpty, isPlainObject, numberRange, offered, pick, ratingValues, text, textLimit, valueFor, variablesOf } from './answer-values';

export const mutationKinds = [
  'required-removed',
  'out-of-range',
  'expression-violated',
  'wrong-type',
  'choice-not-offered',
  'hidden-answered',
  'too-many-panels',
  'condition-flipped',
  'too-long',
  'nested-too-deep',
] as const;
export type MutationKind = (typeof mutationKinds)[number];

export interface Mutation {
  kind: MutationKind;
  /** The question whose answer changed, as the validators name it: `children[2].age`. */
  path: string;
  /** Mốc rejects this path even where survey-core does not (the test lists each such difference). */
  stricter: boolean;
  /** Compare only accept/reject: survey-core cannot take the shape (a panel that is no list of objects), or
   * other questions read the broken answer through their conditions (see wrong-type). */
  verdictOnly: boolean;
  /** What changed, for a failure message: `respondent_age: 43 → "43"`. */
  change: string;
  answers: Answers;
}

type Change = Omit<Mutation, 'kind' | 'answers'>;
type Mutator = (rng: Rng, survey: Json, all: Occurrence[], options: FillOptions, answers: Answers) => Change | undefined;

/** `valid` with one thing broken, or undefined when the instrument has nothing this kind applies to. */
export function mutate(rng: Rng, survey: Json, valid: Answers, kind: MutationKind, options: FillOptions): Mutation | undefined {
  const answers = structuredClone(valid);
  const change = mutators[kind](rng, survey, occurrences(survey, answers), options, answers);
  return change && { kind, ...change, answers };
}

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v).slice(0, 60));
const answered = (o: Occurrence) => !isEmpty(o.holder[o.key]);
const containers = new Set(['paneldynamic', 'matrix', 'multipletext']);
const multiple = (o: Occurrence) => o.def.type === 'checkbox' || o.def.type === 'tagbox';

/** Sets or (for undefined) removes an answer: JSON has no undefined. */
function put(o: Occurrence, value: unknown) {
  if (value === undefined) delete o.holder[o.key];
  else o.holder[o.key] = value;
}

/** Whether some condition or expression of the instrument reads the answer `name`, e.g. `{csc_total}`. */
function readByExpressions(survey: Json, name: string): boolean {
  const text = JSON.stringify(survey);
  return text.includes(`{${name}}`) || text.includes(`{panel.${name}}`);
}

function replace(o: Occurrence, value: unknown, flags: { stricter: boolean; verdictOnly?: boolean }): Change {
  const before = o.holder[o.key];
  put(o, value);
  return { path: o.path, stricter: flags.stricter, verdictOnly: flags.verdictOnly ?? false, change: `${o.path}: ${show(before)} → ${show(value)}` };
}

/** Some value that is not one of `values` but has their type: 15 for choices 1..14, 'not_offered' for names. */
function notOffered(values: unknown[]): unknown {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  return numbers.length === values.length && numbers.length ? Math.max(...numbers) + 1 : 'not_offered';
}

/** A value of another JSON type than the question takes (never one it would take, e.g. a boolean's valueTrue). */
function wrongType(rng: Rng, o: Occurrence, value: unknown): unknown {
  const type = o.def.type;
  const takes = type === 'boolean' ? [o.def.valueTrue ?? true, o.def.valueFalse ?? false] : [];
  const options: unknown[] =
    numberRange(o.def) ? [String(value), String(value), true, 'abc']
    : type === 'text' || type === 'comment' ? [42, true, { text: value }]
    : type === 'boolean' ? [1, 0, 'true', 'yes', 'false']
    : multiple(o) ? (typeof (value as unknown[])[0] === 'number' ? [[String((value as unknown[])[0])]] : [(value as unknown[])[0], { value: (value as unknown[])[0] }])
    : typeof value === 'number' ? [String(value), true]
    : [true, 7, { value }];
  return pick(rng, options.filter((v) => !takes.includes(v)));
}

const mutators: Record<MutationKind, Mutator> = {
  'required-removed'(rng, _survey, all) {
    const candidates = all.filter((o) => o.required && answered(o) && o.def.type !== 'multipletext');
    if (!candidates.length) return undefined;
    const o = pick(rng, candidates);
    const value = o.holder[o.key];
    if (o.def.type === 'matrix' && isPlainObject(value) && Object.keys(value).length > 1 && rng() < 0.5) {
      const row = pick(rng, Object.keys(value));
      const { [row]: _removed, ...rest } = value;
      return { ...replace(o, rest, { stricter: false }), change: `${o.path}: row ${row} removed` };
    }
    return replace(o, undefined, { stricter: false });
  },

  'out-of-range'(rng, _survey, all) {
    const candidates = all.filter((o) => {
      const range = o.checked && numberRange(o.def);
      return range && (range.min !== undefined || range.max !== undefined);
    });
    if (!candidates.length) return undefined;
    const o = pick(rng, candidates);
    const { min, max } = numberRange(o.def)!;
    const above = max !== undefined && (min === undefined || rng() < 0.5);
    const by = pick(rng, [1, 0.5, int(rng, 2, 1000)]);
    return replace(o, above ? max! + by : min! - by, { stricter: false });
  },

  'expression-violated'(rng, survey, all, options) {
    const candidates = all.filter((o) => o.checked && (o.def.validators ?? []).some((v: Json) => v.type === 'expression'));
    if (!candidates.length) return undefined;
    const o = pick(rng, candidates);
    const before = o.holder[o.key];
    for (let attempt = 0; attempt < 40; attempt++) {
      put(o, valueFor(rng, survey, o.def, options));
      if (o.def.validators.some((v: Json) => v.type === 'expression' && !condition(v.expression, o.values))) {
        return { path: o.path, stricter: false, verdictOnly: false, change: `${o.path}: ${show(before)} → ${show(o.holder[o.key])}` };
      }
    }
    put(o, before);
    return undefined;
  },

  'wrong-type'(rng, survey, all, options) {
    const candidates = all.filter((o) => o.checked);
    if (!candidates.length) return undefined;
    const o = pick(rng, candidates);
    // survey-core invents a panel or reads nothing from a container of the wrong shape: verdicts only.
    if (containers.has(o.def.type) && (o.def.type !== 'matrix' || rng() < 0.5)) {
      return replace(o, pick(rng, ['x', 7, o.def.type === 'paneldynamic' ? { entry: {} } : ['x'], [1, 2], [[]]]), { stricter: true, verdictOnly: true });
    }
    if (o.def.type === 'matrix') {
      const row = pick(rng, choiceValues(o.def.rows)) as string;
      const column = pick(rng, choiceValues(o.def.columns));
      return replace(o, { ...(o.holder[o.key] as Answers), [row]: typeof column === 'number' ? String(column) : true }, { stricter: true });
    }
    let value = o.holder[o.key];
    for (let i = 0; isEmpty(value) && i < 10; i++) value = valueFor(rng, survey, o.def, options);
    // Another question's condition or expression that reads this answer sees it as sent in Mốc, but as
    // survey-core converted it (e.g. [0] → "0"): which *other* questions fail may differ, so verdicts only.
    return replace(o, wrongType(rng, o, value), { stricter: true, verdictOnly: readByExpressions(survey, String(o.def.name)) });
  },

  'choice-not-offered'(rng, _survey, all) {
    const candidates = all.filter((o) => o.checked && ['radiogroup', 'dropdown', 'checkbox', 'tagbox', 'rating', 'matrix'].includes(o.def.type));
    if (!candidates.length) return undefined;
    const o = pick(rng, candidates);
    const value = o.holder[o.key];
    if (o.def.type === 'rating') return replace(o, notOffered(ratingValues(o.def)), { stricter: true });
    if (o.def.type === 'matrix') {
      const row = pick(rng, choiceValues(o.def.rows)) as string;
      return replace(o, { ...(isPlainObject(value) ? value : {}), [row]: notOffered(choiceValues(o.def.columns)) }, { stricter: true });
    }
    const bogus = notOffered(offered(o.def));
    if (multiple(o)) return replace(o, [...(Array.isArray(value) ? value.filter((v) => v !== 'none') : []), bogus], { stricter: true });
    return replace(o, bogus, { stricter: true });
  },

  'hidden-answered'(rng, survey, all, options) {
    const candidates = all.filter((o) => !o.visible && !answered(o) && !containers.has(o.def.type));
    if (!candidates.length) return undefined;
    const o = pick(rng, candidates);
    answer(rng, survey, o, options);
    if (!answered(o)) return undefined;
    return { path: o.path, stricter: false, verdictOnly: false, change: `${o.path} (hidden): → ${show(o.holder[o.key])}` };
  },

  'too-many-panels'(rng, survey, all, options) {
    const candidates = all.filter((o) => o.checked && o.def.type === 'paneldynamic' && Array.isArray(o.holder[o.key]));
    if (!candidates.length) return undefined;
    const o = pick(rng, candidates);
    const entries = o.holder[o.key] as Answers[];
    const most = o.def.maxPanelCount ?? options.limits.maxPanels;
    const before = entries.length;
    // One or two over (each new count costs survey-core a model of that many panels).
    const count = most + (rng() < 0.2 ? 2 : 1);
    while (entries.length < count) entries.push(fillEntry(rng, survey, o, entries.length, options));
    return { path: o.path, stricter: true, verdictOnly: false, change: `${o.path}: ${before} → ${entries.length} entries (at most ${most})` };
  },

  'condition-flipped'(rng, survey, all, options, answers) {
    const conditional = all.filter((o) => o.conditions.length > 0);
    for (let tries = 0; tries < 10 && conditional.length; tries++) {
      const target = pick(rng, conditional);
      const dependency = dependencyOf(rng, target, all);
      if (!dependency) continue;
      const before = dependency.holder[dependency.key];
      for (let attempt = 0; attempt < 30; attempt++) {
        put(dependency, !dependency.required && attempt % 5 === 4 ? undefined : valueFor(rng, survey, dependency.def, options));
        const now = occurrences(survey, answers).find((o) => o.path === target.path);
        if (now && now.visible !== target.visible && acceptable(dependency)) {
          const flipped = `${target.path} now ${now.visible ? 'shown' : 'hidden'}`;
          return { path: dependency.path, stricter: false, verdictOnly: false, change: `${dependency.path}: ${show(before)} → ${show(dependency.holder[dependency.key])} (${flipped})` };
        }
      }
      put(dependency, before);
    }
    return undefined;
  },

  'too-long'(rng, survey, all, options) {
    const plain = (o: Occurrence) => (o.def.type === 'text' && [undefined, 'text', 'tel', 'url', 'password'].includes(o.def.inputType)) || o.def.type === 'comment';
    const candidates = all.filter((o) => o.checked && plain(o));
    if (!candidates.length) return undefined;
    const o = pick(rng, candidates);
    const limit = textLimit(o.def, survey, options.limits);
    return replace(o, text(rng, limit + pick(rng, [1, int(rng, 2, 50)])), { stricter: true });
  },

  'nested-too-deep'(rng, survey, all) {
    const candidates = all.filter((o) => o.checked && answered(o) && o.def.type !== 'multipletext');
    if (!candidates.length) return undefined;
    const o = pick(rng, candidates);
    const value = o.holder[o.key];
    const deeper = (v: unknown) => (rng() < 0.5 ? [v] : { value: v });
    if (o.def.type === 'paneldynamic') return replace(o, [value], { stricter: true, verdictOnly: true });
    if (o.def.type === 'matrix') {
      const [row, column] = pick(rng, Object.entries(value as Answers));
      return replace(o, { ...(value as Answers), [row]: deeper(column) }, { stricter: true });
    }
    // As with a wrong type, other questions' expressions read the nested answer as sent: verdicts only there.
    const verdictOnly = readByExpressions(survey, String(o.def.name));
    if (multiple(o)) return replace(o, (value as unknown[]).map(deeper), { stricter: true, verdictOnly });
    return replace(o, deeper(value), { stricter: true, verdictOnly });
  },
};

/** A checked question that one of the target's visibleIf reads: `{panel.age}` in the same entry, `{hotline_111}` at the top. */
function dependencyOf(rng: Rng, target: Occurrence, all: Occurrence[]): Occurrence | undefined {
  const name = pick(rng, variablesOf(pick(rng, target.conditions)));
  if (!name) return undefined;
  const inEntry = name.startsWith('panel.');
  const key = inEntry ? name.slice('panel.'.length) : name;
  // A top-level answer is held by the values themselves; a panel's by its entry.
  return all.find((o) => o.checked && o.key === key && !containers.has(o.def.type) && (inEntry ? o.holder === target.values.panel : o.holder === o.values));
}
