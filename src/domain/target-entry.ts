/**
 * Checking a target someone sets (page or API) before it is stored: which indicator, for a whole programme or
 * one model, the year it is due, the value in the indicator's unit, an optional baseline the planned line
 * starts from, and the source document. Pure: whether the programme or model exists is the caller's question.
 * Example: checkTargetEntry({ indicator: 'csc-assisted', programme: 'hanoi-2015-2020', year: 2020, value: 98,
 * source: 'Plan 2016–2020' }, indicatorCatalogue) → { ok: true, entry: { … } }.
 */
import type { FieldError } from './errors';
import type { Locale } from './i18n';
import type { IndicatorDef } from './indicators';
import type { Target } from './targets';

export type TargetProblem =
  | 'unknownIndicator'
  | 'oneScope'
  | 'unknownScope'
  | 'yearInvalid'
  | 'valueInvalid'
  | 'valueOutOfRange'
  | 'baselineInvalid'
  | 'baselineYearAfter'
  | 'sourceMissing'
  | 'sourceTooLong'
  | 'malformed';

export const maxTargetSourceLength = 300;
export const targetYears = { first: 2000, last: 2100 } as const;

export type TargetEntry = Target & ({ programme: string; model?: undefined } | { model: string; programme?: undefined });

export type TargetCheck = { ok: true; entry: TargetEntry } | { ok: false; problems: Record<string, TargetProblem> };

/** A number as typed in a form ('98', '0,7') or sent as JSON (98); anything else is not a number. */
function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !/^-?\d+([.,]\d+)?$/.test(value.trim())) return null;
  return Number(value.trim().replace(',', '.'));
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : undefined);

export function checkTargetEntry(input: Record<string, unknown>, catalogue: readonly IndicatorDef[]): TargetCheck {
  const problems: Record<string, TargetProblem> = {};
  const def = catalogue.find((d) => d.id === input.indicator);
  if (!def) problems.indicator = 'unknownIndicator';

  const programme = text(input.programme) || undefined;
  const model = text(input.model) || undefined;
  if (Boolean(programme) === Boolean(model)) problems[programme ? 'model' : 'programme'] = 'oneScope';

  const year = numberOf(input.year);
  const validYear = (y: number | null): y is number => y !== null && Number.isInteger(y) && y >= targetYears.first && y <= targetYears.last;
  if (!validYear(year)) problems.year = 'yearInvalid';

  // Percentages lie between 0 and 100; counts and means are never negative.
  const inRange = (v: number) => v >= 0 && (def?.unit !== '%' || v <= 100);
  const value = numberOf(input.value);
  if (value === null) problems.value = 'valueInvalid';
  else if (!inRange(value)) problems.value = 'valueOutOfRange';

  let baseline: Target['baseline'];
  const rawBaseline = input.baseline;
  if (rawBaseline !== undefined && rawBaseline !== null && rawBaseline !== '') {
    const b = typeof rawBaseline === 'object' && !Array.isArray(rawBaseline) ? (rawBaseline as Record<string, unknown>) : {};
    const [bValue, bYear] = [numberOf(b.value), numberOf(b.year)];
    if (bValue === null || !inRange(bValue) || !validYear(bYear)) problems.baseline = 'baselineInvalid';
    else if (validYear(year) && bYear >= year) problems.baseline = 'baselineYearAfter';
    else baseline = { value: bValue, year: bYear };
  }

  const source = text(input.source);
  if (source === undefined && input.source !== undefined) problems.source = 'malformed';
  else if (!source) problems.source = 'sourceMissing';
  else if ([...source].length > maxTargetSourceLength) problems.source = 'sourceTooLong';

  if (Object.keys(problems).length > 0 || !def || value === null || !validYear(year) || !source) return { ok: false, problems };
  const common = { indicator: def.id, year, value, baseline, source };
  return { ok: true, entry: programme ? { ...common, programme } : { ...common, model: model! } };
}

const problemTexts: Record<Locale, Record<TargetProblem, string>> = {
  vi: {
    unknownIndicator: 'Không có chỉ số này.',
    oneScope: 'Chọn một chương trình hoặc một mô hình (chỉ một).',
    unknownScope: 'Không có chương trình hoặc mô hình này.',
    yearInvalid: `Năm phải là số nguyên từ ${targetYears.first} đến ${targetYears.last}.`,
    valueInvalid: 'Giá trị phải là một số.',
    valueOutOfRange: 'Giá trị nằm ngoài khoảng của chỉ số (tỷ lệ từ 0 đến 100, không âm).',
    baselineInvalid: 'Giá trị gốc cần một số hợp lệ và một năm.',
    baselineYearAfter: 'Năm gốc phải trước năm mục tiêu.',
    sourceMissing: 'Hãy ghi nguồn của mục tiêu.',
    sourceTooLong: `Nguồn dài quá ${maxTargetSourceLength} ký tự.`,
    malformed: 'Giá trị không đọc được.',
  },
  en: {
    unknownIndicator: 'There is no such indicator.',
    oneScope: 'Choose a programme or a model (exactly one).',
    unknownScope: 'There is no such programme or model.',
    yearInvalid: `The year must be a whole number from ${targetYears.first} to ${targetYears.last}.`,
    valueInvalid: 'The value must be a number.',
    valueOutOfRange: "The value is outside the indicator's range (percentages 0 to 100, never negative).",
    baselineInvalid: 'The baseline needs a valid value and a year.',
    baselineYearAfter: 'The baseline year must come before the target year.',
    sourceMissing: 'Give the source of the target.',
    sourceTooLong: `The source is longer than ${maxTargetSourceLength} characters.`,
    malformed: 'The value cannot be read.',
  },
};

/** The problems as field errors in the reader's language (the API's 422, the form's messages). */
export function targetProblems(problems: Record<string, TargetProblem>, locale: Locale): FieldError[] {
  return Object.entries(problems).map(([question, problem]) => ({ question, message: problemTexts[locale][problem] }));
}
