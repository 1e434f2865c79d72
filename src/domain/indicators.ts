/**
 * Indicators declared as data and computed from plain answer objects. Numerator and denominator are
 * SurveyJS expressions evaluated per submission (true counts 1, false 0, numbers add up), summed over the
 * submissions, then value = numerator / denominator × factor. Summing parts, never averaging percentages,
 * is what lets a value roll up over communes and rounds.
 */
import { ExpressionRunner } from 'survey-core';

export interface IndicatorDef {
  id: string;
  nameVi: string;
  nameEn: string;
  shape: 'proportion' | 'ratio';
  /** Instrument slug whose submissions feed the indicator (any version that keeps the question names). */
  instrument: string;
  numerator: string;
  denominator: string;
  factor: number;
  unit: string;
  decimals: number;
  direction: 'higher-is-better' | 'lower-is-better';
  target?: { value: number; source: string };
}

export const indicatorCatalogue: readonly IndicatorDef[] = [
  {
    id: 'caregivers-know-111',
    nameVi: 'Người chăm sóc trẻ biết Tổng đài 111',
    nameEn: 'Caregivers who know the 111 hotline',
    shape: 'proportion',
    instrument: 'household',
    numerator: "{knows_111} = 'yes'",
    denominator: '{knows_111} notempty',
    factor: 100,
    unit: '%',
    decimals: 1,
    direction: 'higher-is-better',
  },
  {
    id: 'csc-assisted',
    nameVi: 'Trẻ em có hoàn cảnh đặc biệt được trợ giúp',
    nameEn: 'Children in special circumstances assisted',
    shape: 'ratio',
    instrument: 'commune-checklist',
    numerator: '{csc_assisted}',
    denominator: '{csc_total}',
    factor: 100,
    unit: '%',
    decimals: 1,
    direction: 'higher-is-better',
    target: { value: 98, source: 'Hanoi plan 2016–2020' },
  },
];

export interface IndicatorValue {
  numerator: number;
  denominator: number;
  /** null when the denominator is zero. */
  value: number | null;
  /** Submissions that contributed to the denominator. */
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

/** Example: computeIndicator(know111, [{knows_111: 'yes'}, {knows_111: 'no'}]) → value 50, n 2. */
export function computeIndicator(def: IndicatorDef, answers: readonly Record<string, unknown>[]): IndicatorValue {
  let numerator = 0;
  let denominator = 0;
  let n = 0;
  for (const a of answers) {
    const d = evaluate(def.denominator, a);
    if (d <= 0) continue;
    denominator += d;
    numerator += evaluate(def.numerator, a);
    n += 1;
  }
  const value = denominator > 0 ? round((numerator / denominator) * def.factor, def.decimals) : null;
  return { numerator, denominator, value, n };
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
