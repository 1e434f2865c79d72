/**
 * Indicators declared as data and computed from plain answer objects. Numerator and denominator are
 * SurveyJS expressions evaluated per submission (true counts 1, false 0, numbers add up), summed over the
 * submissions, then value = numerator / denominator × factor. Summing parts, never averaging percentages,
 * is what lets a value roll up over communes and rounds. The catalogue is in indicator-catalogue.ts, the
 * breakdowns by sex, age band, CSC group, commune and model type in disaggregation.ts, targets in targets.ts.
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
  /** The unit of a mean or a count in words ('buổi' / 'sessions'), where `unit` is empty (domain/format.ts unitOf). */
  unitVi?: string;
  unitEn?: string;
  decimals: number;
  direction: 'higher-is-better' | 'lower-is-better';
}

export { indicatorCatalogue } from './indicator-catalogue';

/**
 * A commune-level indicator is a census, not a sample: registered counts and a model's own communes are all
 * there is, so its value is a count with no sampling interval and no test (docs/statistics.md).
 */
export const isCensus = (def: Pick<IndicatorDef, 'unitOfAnalysis'>) => def.unitOfAnalysis === 'commune';

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

/**
 * What one term adds to the sums, or null when the denominator does not count it. For a mean or a count the
 * denominator expression only says who is counted (each counts once), whatever it yields.
 * Example: termOf(know111, { knows_111: 'yes' }) → { numerator: 1, denominator: 1 }.
 */
export function termOf(def: IndicatorDef, term: Record<string, unknown>): { numerator: number; denominator: number } | null {
  const d = evaluate(def.denominator, term);
  if (d <= 0) return null;
  return { numerator: evaluate(def.numerator, term), denominator: def.shape === 'count' || def.shape === 'mean' ? 1 : d };
}

/** The value of summed parts: numerator / denominator × factor, or the numerator itself for a count. */
export function valueOf(def: IndicatorDef, sums: { numerator: number; denominator: number; n: number }): IndicatorValue {
  const { numerator, denominator, n } = sums;
  if (def.shape === 'count') return { numerator, denominator, value: n > 0 ? round(numerator, def.decimals) : null, n };
  const value = denominator > 0 ? round((numerator / denominator) * def.factor, def.decimals) : null;
  return { numerator, denominator, value, n };
}

/** Sums the terms (termOf) into a value (valueOf). */
export function sumTerms(def: IndicatorDef, terms: Iterable<Record<string, unknown>>): IndicatorValue {
  const sums = { numerator: 0, denominator: 0, n: 0 };
  for (const term of terms) {
    const part = termOf(def, term);
    if (!part) continue;
    sums.numerator += part.numerator;
    sums.denominator += part.denominator;
    sums.n += 1;
  }
  return valueOf(def, sums);
}

/** Example: computeIndicator(know111, [{knows_111: 'yes'}, {knows_111: 'no'}]) → value 50, n 2. */
export function computeIndicator(def: IndicatorDef, answers: readonly Record<string, unknown>[]): IndicatorValue {
  return sumTerms(def, answers.flatMap((a) => termsOf(def, a)));
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
