/**
 * Indicators declared as data and computed from plain answer objects. Numerator and denominator are
 * SurveyJS expressions evaluated per submission (true counts 1, false 0, numbers add up), summed over the
 * submissions, then value = numerator / denominator × factor. Summing parts, never averaging percentages,
 * is what lets a value roll up over communes and rounds.
 */
import { ExpressionRunner } from 'survey-core';

export interface IndicatorDef {
  id: string;
  /** Bumped when the definition changes meaning. */
  version: number;
  nameVi: string;
  nameEn: string;
  /**
   * proportion: a share of respondents (answers); ratio: of registered counts; mean: numerator summed over
   * the respondents counted in the denominator; count: the numerator summed (activities, people trained).
   */
  shape: 'proportion' | 'ratio' | 'mean' | 'count';
  /** Instrument slug whose submissions feed the indicator (any version; renamed questions are mapped). */
  instrument: string;
  /** What one term of the sums is: a household's answers, one child of a household, or a commune's counts. */
  unitOfAnalysis: 'household' | 'child' | 'commune';
  numerator: string;
  denominator: string;
  factor: number;
  unit: string;
  decimals: number;
  direction: 'higher-is-better' | 'lower-is-better';
}

export { indicatorCatalogue } from './indicator-catalogue';

export interface IndicatorValue {
  numerator: number;
  denominator: number;
  /** null when the denominator is zero. */
  value: number | null;
  /** Terms that contributed to the denominator: households, children or communes (unitOfAnalysis). */
  n: number;
}

const runners = new Map<string, ExpressionRunner>();

function evaluate(expression: string, answers: Record<string, unknown>): number {
  let runner = runners.get(expression);
  if (!runner) {
    runner = new ExpressionRunner(expression);
    runners.set(expression, runner);
  }
  const result = runner.runValues(answers);
  if (typeof result === 'boolean') return result ? 1 : 0;
  const n = Number(result);
  return Number.isFinite(n) ? n : 0;
}

/**
 * Answers under the names indicators use: a question renamed in a later instrument version is read under its
 * old name. Example: canonicalAnswers({ hotline_111: 'yes' }, { hotline_111: 'knows_111' }) → { knows_111: 'yes' }.
 */
export function canonicalAnswers(answers: Record<string, unknown>, renamed: Readonly<Record<string, string>>): Record<string, unknown> {
  const entries = Object.entries(answers);
  if (!entries.some(([name]) => name in renamed)) return answers;
  return Object.fromEntries(entries.map(([name, value]) => [renamed[name] ?? name, value]));
}

/**
 * The terms an indicator sums over one submission: the answers themselves, or for child-level indicators one
 * term per child, the household's answers alongside the child's (the child's win on a clash, e.g. `sex`).
 */
export function termsOf(def: IndicatorDef, answers: Record<string, unknown>): Record<string, unknown>[] {
  if (def.unitOfAnalysis !== 'child') return [answers];
  const children = Array.isArray(answers.children) ? (answers.children as unknown[]) : [];
  return children.filter((c): c is Record<string, unknown> => Boolean(c) && typeof c === 'object').map((child) => ({ ...answers, ...child }));
}

/** Sums the terms; `value` is numerator / denominator × factor, or the numerator itself for a count. */
function sumTerms(def: IndicatorDef, terms: Iterable<Record<string, unknown>>): IndicatorValue {
  let numerator = 0;
  let denominator = 0;
  let n = 0;
  for (const term of terms) {
    const d = evaluate(def.denominator, term);
    if (d <= 0) continue;
    denominator += def.shape === 'count' ? 1 : d;
    numerator += evaluate(def.numerator, term);
    n += 1;
  }
  if (def.shape === 'count') return { numerator, denominator, value: n > 0 ? round(numerator, def.decimals) : null, n };
  const value = denominator > 0 ? round((numerator / denominator) * def.factor, def.decimals) : null;
  return { numerator, denominator, value, n };
}

/** Example: computeIndicator(know111, [{knows_111: 'yes'}, {knows_111: 'no'}]) → value 50, n 2. */
export function computeIndicator(def: IndicatorDef, answers: readonly Record<string, unknown>[]): IndicatorValue {
  return sumTerms(def, answers.flatMap((a) => termsOf(def, a)));
}

export type Dimension = 'sex' | 'ageBand' | 'cscGroup' | 'commune' | 'modelType';

/** A submission's answers with the place and model type it belongs to, for disaggregation. */
export interface TaggedAnswers {
  answers: Record<string, unknown>;
  commune: string;
  modelType: string;
}

/** Age bands of the programme's reports. Example: ageBand(5) → '0-5', ageBand(16) → '16-17'. */
export function ageBand(age: unknown): string | null {
  const a = Number(age);
  if (age === undefined || age === null || age === '' || !Number.isFinite(a) || a < 0 || a > 17) return null;
  return a <= 5 ? '0-5' : a <= 10 ? '6-10' : a <= 15 ? '11-15' : '16-17';
}

function keysOf(dimension: Dimension, term: Record<string, unknown>, row: TaggedAnswers): string[] {
  switch (dimension) {
    case 'commune':
      return [row.commune];
    case 'modelType':
      return [row.modelType];
    case 'sex':
      return typeof term.sex === 'string' ? [term.sex] : [];
    case 'ageBand': {
      const band = ageBand(term.age);
      return band ? [band] : [];
    }
    case 'cscGroup':
      // A child may be in several of the 14 groups, and counts in each.
      return Array.isArray(term.csc_groups) ? [...new Set(term.csc_groups.map(String))] : [];
  }
}

/**
 * An indicator's value per category of one dimension. Sex, age band and CSC group describe a child, so they
 * apply to child-level indicators only (others get an empty map); commune and model type apply to all.
 * Example: disaggregate(birthRegistered, rows, 'ageBand') → Map { '0-5' → …, '6-10' → … }.
 */
export function disaggregate(def: IndicatorDef, rows: readonly TaggedAnswers[], dimension: Dimension): Map<string, IndicatorValue> {
  const childOnly = dimension === 'sex' || dimension === 'ageBand' || dimension === 'cscGroup';
  if (childOnly && def.unitOfAnalysis !== 'child') return new Map();
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    for (const term of termsOf(def, row.answers)) {
      for (const key of keysOf(dimension, term, row)) {
        const group = groups.get(key);
        if (group) group.push(term);
        else groups.set(key, [term]);
      }
    }
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b, 'vi', { numeric: true })).map(([key, terms]) => [key, sumTerms(def, terms)]));
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/**
 * Small-cell suppression for audiences that see aggregates only: a value is hidden when it comes from fewer
 * than `threshold` submissions, or when the children (or households) counted on either side of it — the
 * numerator or the rest of the denominator — are fewer than `threshold` but not none, since "4 of 45 CSC not
 * assisted" can single a child out as surely as "4 assisted". Example: threshold 5 hides 41/45, shows 40/45.
 */
export function suppressSmall(v: IndicatorValue, threshold: number): IndicatorValue & { suppressed: boolean } {
  if (v.n === 0) return { ...v, suppressed: false };
  const small = (count: number) => count > 0 && count < threshold;
  if (v.n >= threshold && !small(v.numerator) && !small(v.denominator - v.numerator)) return { ...v, suppressed: false };
  return { numerator: 0, denominator: 0, value: null, n: v.n, suppressed: true };
}
