/**
 * The yearly programme report as tables (the XLSX download), pure: an "about" sheet (title, recipient, due date,
 * programme, year, when generated on Vietnam's clock, data as of, method), the places with their registered
 * figures, one row per unit × indicator, and the rounds of the year. Numbers stay numbers; texts in `locale`.
 * Example: reportSheets(view, 'en').map((s) => s.name) → ['About', 'Places', 'Indicators', 'Rounds'].
 */
import { vietnamTime } from './calendar';
import type { Estimate } from './estimates';
import type { Cell } from './exports';
import { formatDate, formatValue, unitOf } from './format';
import { type Locale, localName, messages } from './i18n';
import { registeredFigures } from './registered-counts';
import { plannedValue } from './targets';
import type { ReportIndicator, ReportLine, YearlyReport } from './yearly-report';

export interface ReportTable {
  name: string;
  headers: string[];
  rows: Cell[][];
}

/** How a value stands against its target, in words. Example: ({ status: 'met' }, 'en') → 'met the target'. */
export function againstTarget(e: Pick<Estimate, 'status' | 'offTrack'>, locale: Locale): string {
  const t = messages[locale];
  const status = e.status === 'met' ? t.estimates.met : e.status === 'not-met' ? t.estimates.notMet : e.status === 'no-target' ? t.yearlyReport.noTarget : t.noData;
  return e.offTrack ? `${status}; ${t.estimates.offTrack}` : status;
}

/** The report's title with its year, and the line naming the recipient. */
export function reportHeading(report: YearlyReport, locale: Locale) {
  const t = messages[locale].yearlyReport;
  return {
    title: t.title.replace('{year}', String(report.year)),
    recipient: t.recipient.replace('{province}', localName({ nameVi: report.programme.provinceVi, nameEn: report.programme.provinceEn }, locale)),
    due: t.due.replace('{date}', formatDate(report.due, locale)),
  };
}

/** The target of an indicator for the year in words. Example: → 'target 98% (by 2020); planned for 2020: 98%'. */
export function targetText(i: ReportIndicator, year: number, locale: Locale): string {
  const t = messages[locale].yearlyReport;
  if (!i.target) return t.noTarget;
  const unit = unitOf(i.def, locale);
  const target = t.targetFor.replace('{value}', formatValue(i.target.value, unit, locale)).replace('{year}', String(i.target.year));
  return i.planned === null ? target : `${target}; ${t.plannedFor.replace('{year}', String(year)).replace('{value}', formatValue(i.planned, unit, locale))}`;
}

type Level = 'district' | 'commune' | 'programme';

/** Every line of the report in order, each district followed by its communes, the whole programme last. */
export function linesOf(report: YearlyReport): { level: Level; district: ReportLine['unit']; line: ReportLine }[] {
  return [
    ...report.districts.flatMap((d) => [{ level: 'district' as const, district: d.unit, line: d as ReportLine }, ...d.communes.map((c) => ({ level: 'commune' as const, district: d.unit, line: c }))]),
    { level: 'programme', district: null, line: report.total },
  ];
}

export function reportSheets(view: { report: YearlyReport; generatedAt: string; dataAsOf: string | null }, locale: Locale): ReportTable[] {
  const { report } = view;
  const m = messages[locale];
  const t = m.yearlyReport;
  const name = (u: { nameVi: string; nameEn: string } | null) => (u ? localName(u, locale) : '');
  const heading = reportHeading(report, locale);
  const levelName = (level: Level, unit: ReportLine['unit']) => (level === 'programme' ? t.programmeTotal : level === 'commune' ? t.commune : unit ? t.district : t.noDistrict);
  const where = (l: ReturnType<typeof linesOf>[number]): Cell[] => [
    levelName(l.level, l.district),
    l.district?.code ?? '',
    name(l.district),
    l.level === 'commune' ? (l.line.unit?.code ?? '') : '',
    l.level === 'commune' ? name(l.line.unit) : '',
  ];
  const whereHeaders = [t.level, `${t.district} (${t.code})`, t.district, `${t.commune} (${t.code})`, t.commune];
  const lines = linesOf(report);
  const modelName = new Map(report.models.map((x) => [x.id, localName(x, locale)]));
  return [
    {
      name: t.sheets.about,
      headers: [t.field, t.fieldValue],
      rows: [
        [heading.title, ''],
        [heading.recipient, ''],
        [heading.due, ''],
        [t.programme, localName(report.programme, locale)],
        [t.year, report.year],
        [t.generated, vietnamTime(view.generatedAt)],
        [t.dataAsOf, view.dataAsOf ? vietnamTime(view.dataAsOf) : t.noData],
        [t.models, report.models.map((x) => localName(x, locale)).join('; ')],
        [t.methodLabel, t.method],
      ],
    },
    {
      name: t.sheets.places,
      headers: [...whereHeaders, t.models, ...registeredFigures.map((f) => localName(f, locale))],
      rows: lines.map((l) => [...where(l), l.line.models.map((id) => modelName.get(id) ?? id).join('; '), ...registeredFigures.map((f) => l.line.figures[f.id])]),
    },
    {
      name: t.sheets.indicators,
      headers: [...whereHeaders, `${m.indicator} (${t.code})`, m.indicator, m.target, `${m.target} (${t.year})`, t.planned.replace('{year}', String(report.year)), t.value, t.numerator, t.denominator, 'n', t.against],
      rows: lines.flatMap((l) =>
        report.indicators.map((i) => {
          const v = l.line.values[i.def.id];
          const planned = v.target ? plannedValue(v.target, report.year) : null;
          return [...where(l), i.def.id, localName(i.def, locale), v.target?.value ?? null, v.target?.year ?? null, planned, v.value.value, v.value.numerator, v.value.denominator, v.value.n, againstTarget(v.estimate, locale)];
        }),
      ),
    },
    {
      name: t.sheets.rounds,
      headers: [t.models, m.round, t.kind, t.start, t.end, m.status, m.received, t.plannedSample],
      rows: report.rounds.map((r) => [modelName.get(r.modelId) ?? r.modelId, r.id, m[r.kind], r.plannedStart, r.plannedEnd, m[r.status], r.received, r.plannedSample]),
    },
  ];
}
