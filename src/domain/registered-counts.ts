/**
 * Registered counts: a commune's administrative figures for a round's period (children under 16, CSC, CSC
 * assisted, abuse reports), the terms of the ratio indicators. Managers enter them with a source and the
 * date they refer to; a commune checklist carries them too. Pure.
 */
import type { Sums } from './aggregates';
import { type IndicatorDef, termOf } from './indicators';

export interface RegisteredFigure {
  id: string;
  nameVi: string;
  nameEn: string;
}

/** The figures ratio indicators read, by the names of the commune checklist's questions. */
export const registeredFigures: readonly RegisteredFigure[] = [
  { id: 'children_under16', nameVi: 'Số trẻ em dưới 16 tuổi', nameEn: 'Children under 16' },
  { id: 'csc_total', nameVi: 'Số trẻ em có hoàn cảnh đặc biệt', nameEn: 'Children in special circumstances' },
  { id: 'csc_assisted', nameVi: 'Số trẻ em có hoàn cảnh đặc biệt được trợ giúp', nameEn: 'Children in special circumstances assisted' },
  { id: 'abuse_reports', nameVi: 'Số tin báo xâm hại trẻ em', nameEn: 'Reports of child abuse' },
  { id: 'abuse_reports_12h', nameVi: 'Số tin báo được can thiệp trong 12 giờ', nameEn: 'Reports with an intervention within 12 hours' },
];

const figureIds = new Set(registeredFigures.map((f) => f.id));

/** The registered figures a checklist's answers carry. Example: { csc_total: 12, other: 3 } → [{ figure: 'csc_total', value: 12 }]. */
export function figuresFromChecklist(answers: Record<string, unknown>): { figure: string; value: number }[] {
  return Object.entries(answers)
    .filter(([name, value]) => figureIds.has(name) && typeof value === 'number' && Number.isInteger(value) && value >= 0)
    .map(([figure, value]) => ({ figure, value: value as number }));
}

/**
 * A ratio indicator's sums over communes, each commune one term of its figures.
 * Example: csc-assisted over [{ csc_total: 10, csc_assisted: 9 }, { csc_total: 5, csc_assisted: 5 }] → 14 of 15.
 */
export function ratioSums(def: IndicatorDef, communes: Iterable<Record<string, number>>): Sums {
  const sums = { numerator: 0, denominator: 0, n: 0, sumSquares: 0 };
  for (const figures of communes) {
    const term = termOf(def, figures);
    if (!term) continue;
    sums.numerator += term.numerator;
    sums.denominator += term.denominator;
    sums.n += 1;
    sums.sumSquares += term.numerator * term.numerator;
  }
  return sums;
}

/** Why a field of a manager's entry was refused; the view words it in the reader's language. */
export type CountsProblem =
  | 'malformed'
  | 'notWhole'
  | 'negative'
  | 'tooLarge'
  | 'sourceMissing'
  | 'sourceTooLong'
  | 'asOfMissing'
  | 'asOfInvalid'
  | 'asOfFuture'
  | 'asOfTooEarly'
  | 'assistedOverTotal'
  | 'timelyOverReports'
  | 'nothingEntered';

export const maxCount = 10_000_000;
export const maxSourceLength = 200;
export const earliestAsOf = '2000-01-01';

/** The form's field names; a problem with the entry as a whole is reported under `entry`. */
export const countsFields = { source: 'source', asOf: 'as_of', entry: 'entry' } as const;

/** The form field of one commune's figure, e.g. countField('09649', 'csc_total') → 'count-09649-csc_total'. */
export const countField = (communeCode: string, figure: string) => `count-${communeCode}-${figure}`;


/** A count as typed: blank → undefined (not entered), a whole number, or what is wrong with it. */
export function parseCount(typed: string): number | undefined | CountsProblem {
  const s = typed.trim();
  if (s === '') return undefined;
  if (/^-\s*\d/.test(s)) return 'negative';
  // "1.234" is a thousand and more to a Vietnamese reader and 1.234 to a browser: refuse both readings.
  if (!/^\d+$/.test(s)) return 'notWhole';
  const n = Number(s);
  return n > maxCount ? 'tooLarge' : n;
}

/** What is wrong with the as-of date, if anything: an ISO calendar date from 2000-01-01 to `today`. */
export function asOfProblem(typed: string, today: string): CountsProblem | undefined {
  const s = typed.trim();
  if (s === '') return 'asOfMissing';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(s) ? new Date(`${s}T00:00:00Z`) : null;
  // Date rolls 2026-02-30 over to March: a real date reads back unchanged.
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== s) return 'asOfInvalid';
  if (s > today) return 'asOfFuture';
  if (s < earliestAsOf) return 'asOfTooEarly';
  return undefined;
}

export interface EnteredCount {
  communeId: number;
  figure: string;
  value: number;
}

export interface CountsEntry {
  source: string;
  asOf: string;
  values: EnteredCount[];
}

export type CountsCheck = { ok: true; entry: CountsEntry } | { ok: false; problems: Record<string, CountsProblem> };

/** Figures that may not exceed another of the same commune: [part, whole, problem]. */
const partsOfWholes = [
  ['csc_assisted', 'csc_total', 'assistedOverTotal'],
  ['abuse_reports_12h', 'abuse_reports', 'timelyOverReports'],
] as const;

/**
 * Checks a manager's entry as posted (a field sent twice arrives as an array). A count left blank, or left at
 * the stored value the form was prefilled with, is not entered; the part ≤ whole rules read the stored value
 * for a figure not entered. Fields the form does not have are ignored.
 * Example: { source: 'UBND xã', as_of: '2026-10-01', 'count-09649-csc_total': '12' } → one value, 12.
 */
export function checkCountsEntry(
  form: Record<string, unknown>,
  communes: readonly { id: number; code: string }[],
  stored: ReadonlyMap<number, Readonly<Record<string, number>>>,
  today: string,
): CountsCheck {
  const problems: Record<string, CountsProblem> = {};
  const text = (name: string) => {
    const value = form[name] ?? '';
    if (typeof value === 'string') return value;
    problems[name] = 'malformed';
    return undefined;
  };

  const source = text(countsFields.source)?.trim();
  if (source === '') problems[countsFields.source] = 'sourceMissing';
  else if (source && [...source].length > maxSourceLength) problems[countsFields.source] = 'sourceTooLong';
  const asOf = text(countsFields.asOf)?.trim();
  const dateProblem = asOf === undefined ? undefined : asOfProblem(asOf, today);
  if (dateProblem) problems[countsFields.asOf] = dateProblem;

  const values: EnteredCount[] = [];
  let countRefused = false;
  for (const commune of communes) {
    const before = stored.get(commune.id) ?? {};
    const after: Record<string, number> = { ...before };
    let entered = false;
    for (const { id: figure } of registeredFigures) {
      const name = countField(commune.code, figure);
      const typed = text(name);
      const parsed = typed === undefined ? 'malformed' : parseCount(typed);
      if (typeof parsed === 'string') {
        problems[name] = parsed;
        countRefused = true;
      }
      if (typeof parsed !== 'number' || parsed === before[figure]) continue;
      after[figure] = parsed;
      values.push({ communeId: commune.id, figure, value: parsed });
      entered = true;
    }
    if (!entered) continue;
    for (const [part, whole, problem] of partsOfWholes) {
      const name = countField(commune.code, part);
      const refused = problems[name] || problems[countField(commune.code, whole)];
      if (!refused && after[part] !== undefined && after[whole] !== undefined && after[part] > after[whole]) problems[name] = problem;
    }
  }
  if (values.length === 0 && !countRefused) problems[countsFields.entry] = 'nothingEntered';

  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, entry: { source: source!, asOf: asOf!, values } };
}

/**
 * The entered values that did not replace the stored figure because it refers to a later date (the latest
 * as-of wins, see queries/aggregates `enterFigures`).
 */
export function keptOutByLaterFigures(entry: CountsEntry, stored: readonly { communeId: number; figure: string; asOf: string }[]): EnteredCount[] {
  const asOf = new Map(stored.map((s) => [`${s.communeId} ${s.figure}`, s.asOf]));
  return entry.values.filter((v) => (asOf.get(`${v.communeId} ${v.figure}`) ?? '') > entry.asOf);
}
