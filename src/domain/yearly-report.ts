/**
 * The yearly programme report (issue 15, part 4): what districts send the city's Department of Labour, Invalids
 * and Social Affairs before 30 November each year (seed 003, end). Per programme × year, per district and commune
 * as the units were in that year: the registered figures, the indicators against that year's targets, and the
 * rounds run in the year. Pure: the workflow (workflows/yearly-report.ts) reads the rows; this assembles them.
 *
 * One rule each, so that the page, the XLSX and the API agree:
 * - a round belongs to the year its planned start falls in (the year its value is held against a target, as
 *   workflows/indicators.ts does);
 * - a commune's figures and values come from its latest round of the year (by planned start): two rounds of
 *   one commune in a year (a baseline in April, a midterm in November) would count its households twice;
 * - a district and the programme add up their communes' sums (never average their values).
 * Example: yearlyReport({ programme: hanoi, year: 2020, … }).districts.map((d) => d.unit.nameVi)
 * → ['Mê Linh', 'Ba Vì', 'Phúc Thọ', 'Hoài Đức', …].
 */
import { addTotals, type Totals, totalsOf, valueOfTotals } from './aggregates';
import type { FieldError } from './errors';
import { type Estimate, estimate } from './estimates';
import { type IndicatorDef, type IndicatorValue } from './indicators';
import type { Locale } from './i18n';
import { ancestorAt, type PlaceGraph, type PlaceNode, unitOn } from './places';
import { registeredFigures } from './registered-counts';
import type { RoundKind } from './rounds';
import { plannedValue, type Target, targetFor } from './targets';

export interface ReportProgramme {
  id: string;
  nameVi: string;
  nameEn: string;
  periodStart: string;
  periodEnd: string;
  provinceVi: string;
  provinceEn: string;
}

export interface ReportRound {
  id: string;
  modelId: string;
  kind: RoundKind;
  plannedStart: string;
  plannedEnd: string;
  status: 'open' | 'closed';
  plannedSample: number;
  received: number;
}

/**
 * One unit's line: its registered figures (null: none entered) and each indicator's value against the target it
 * is held to (a commune: its model's own, else the programme's; a district and the programme: the programme's).
 */
export interface ReportLine {
  unit: { code: string; nameVi: string; nameEn: string } | null;
  /** The models that run here (for a district or the programme: in its communes). */
  models: string[];
  figures: Record<string, number | null>;
  values: Record<string, { value: IndicatorValue; estimate: Estimate; target: Target | null }>;
}

export interface ReportDistrict extends ReportLine {
  communes: ReportLine[];
}

export interface ReportIndicator {
  def: IndicatorDef;
  /** The programme's target that applies in the year (targets.targetFor), and its planned value for the year. */
  target: Target | null;
  planned: number | null;
}

export interface YearlyReport {
  programme: ReportProgramme;
  year: number;
  /** The day the report is due: 30 November of the year. */
  due: string;
  models: { id: string; nameVi: string; nameEn: string }[];
  rounds: ReportRound[];
  indicators: ReportIndicator[];
  /** Districts by code; a district of null holds communes that cannot be placed in a district that year. */
  districts: ReportDistrict[];
  total: ReportLine;
}

export interface YearlyReportInput {
  programme: ReportProgramme;
  year: number;
  models: { id: string; nameVi: string; nameEn: string; programmeId: string }[];
  /** Every round of these models; those of other years are left out here. */
  rounds: ReportRound[];
  /** Where the models run (treated communes, or whole districts); comparison places are left out here. */
  places: { modelId: string; placeId: number; role: string }[];
  graph: PlaceGraph;
  /** Registered figures of the year's rounds: round × commune × figure. */
  figures: { roundId: string; communeId: number; figure: string; value: number }[];
  /** The kept totals of one indicator in one round and commune (workflows/indicators.ts totalsOfRounds). */
  totalsOf: (indicatorId: string, roundId: string, communeId: number) => Totals | undefined;
  targets: readonly Target[];
  catalogue: readonly IndicatorDef[];
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/** The years a programme's report can be asked for: every year of its period. Example: 2015–2020 → [2015, …, 2020]. */
export function reportYears(period: { periodStart: string; periodEnd: string }): number[] {
  const first = yearOf(period.periodStart);
  return Array.from({ length: Math.max(0, yearOf(period.periodEnd) - first + 1) }, (_, i) => first + i);
}

const yearProblem: Record<Locale, (first: number, last: number) => string> = {
  vi: (first, last) => `Năm báo cáo là một năm của chương trình, từ ${first} đến ${last}.`,
  en: (first, last) => `The year is one of the programme's, from ${first} to ${last}.`,
};

/**
 * The year asked for (`?year=`), one of the programme's; without one, the latest of its years not after
 * `today`'s (Vietnam's date). Example: ('2019', 2015–2020) → 2019; ('2031', …) → errors naming `year`.
 */
export function checkReportYear(raw: string | undefined, period: { periodStart: string; periodEnd: string }, today: string, locale: Locale): { ok: true; year: number } | { ok: false; errors: FieldError[] } {
  const years = reportYears(period);
  const asked = raw?.trim();
  if (!asked) return { ok: true, year: [...years].reverse().find((y) => y <= yearOf(today)) ?? years[0] };
  const year = /^\d{4}$/.test(asked) ? Number(asked) : NaN;
  if (years.includes(year)) return { ok: true, year };
  return { ok: false, errors: [{ question: 'year', message: yearProblem[locale](years[0], years[years.length - 1]) }] };
}

/** Whether a unit existed at some time in the year. */
const existedIn = (place: PlaceNode, year: number) => place.validFrom <= `${year}-12-31` && (place.validTo === null || place.validTo >= `${year}-01-01`);

/**
 * A model's place as it was in the year: itself if it existed then, else what it had become by the year's end
 * (places.unitOn); null when neither can be said. Example: a commune valid 2008–2025 in 2020 → itself.
 */
export function placeInYear(graph: PlaceGraph, placeId: number, year: number): PlaceNode | null {
  const place = graph.byId.get(placeId);
  if (!place) return null;
  if (existedIn(place, year)) return place;
  const later = unitOn(graph, placeId, `${year}-12-31`);
  return later === null ? null : (graph.byId.get(later) ?? null);
}

/** The rounds of the year (by planned start), in order of start. */
export function roundsOfYear<R extends { plannedStart: string; id: string }>(rounds: readonly R[], year: number): R[] {
  return rounds.filter((r) => yearOf(r.plannedStart) === year).sort((a, b) => a.plannedStart.localeCompare(b.plannedStart) || a.id.localeCompare(b.id));
}

const nameOf = (p: PlaceNode) => ({ code: p.code, nameVi: p.nameVi, nameEn: p.nameEn });
const cloned = (t: Totals): Totals => addTotals(totalsOf([]), t);

/** The yearly report from plain rows (see the module's rules). */
export function yearlyReport(input: YearlyReportInput): YearlyReport {
  const { year, graph } = input;
  const rounds = roundsOfYear(input.rounds, year);
  const programmeModel = { id: '', programmeId: input.programme.id };
  const modelOf = new Map(input.models.map((m) => [m.id, m]));
  // Unit key → the districts and communes of the year, with their models.
  const districts = new Map<string, { district: PlaceNode | null; models: Set<string>; communes: Map<number, { commune: PlaceNode; models: Set<string>; ids: Set<number> }> }>();
  for (const p of input.places.filter((p) => p.role === 'treated' && modelOf.has(p.modelId))) {
    const place = placeInYear(graph, p.placeId, year);
    const districtId = place ? ancestorAt(graph, place.id, 'district') : null;
    const key = districtId === null ? '-' : String(districtId);
    const entry = districts.get(key) ?? { district: districtId === null ? null : graph.byId.get(districtId)!, models: new Set(), communes: new Map() };
    entry.models.add(p.modelId);
    if (place?.level === 'commune') {
      const commune = entry.communes.get(place.id) ?? { commune: place, models: new Set(), ids: new Set() };
      commune.models.add(p.modelId);
      // The commune's data is kept under the place the model names (an older unit, when it was replaced).
      commune.ids.add(p.placeId);
      entry.communes.set(place.id, commune);
    }
    districts.set(key, entry);
  }
  const targetOf = (def: IndicatorDef, modelId?: string) => targetFor(def.id, modelId ? modelOf.get(modelId)! : programmeModel, input.targets, year);
  const lineOf = (unit: ReportLine['unit'], models: string[], parts: { figures: Map<string, number>; totals: Map<string, Totals> }[], model?: string): ReportLine => {
    const figures = Object.fromEntries(registeredFigures.map((f) => [f.id, parts.some((p) => p.figures.has(f.id)) ? parts.reduce((s, p) => s + (p.figures.get(f.id) ?? 0), 0) : null]));
    const values: ReportLine['values'] = {};
    for (const def of input.catalogue) {
      const t = parts.reduce((sum, p) => (p.totals.has(def.id) ? addTotals(sum, p.totals.get(def.id)!) : sum), totalsOf([]));
      const value = valueOfTotals(def, t);
      const target = targetOf(def, model);
      values[def.id] = { value, estimate: estimate(def, value, t.moments, target, year, t.households), target };
    }
    return { unit, models, figures, values };
  };
  // Each commune's sums, from its latest round of the year.
  const partsOf = (c: { models: Set<string>; ids: Set<number> }) => {
    const round = rounds.filter((r) => c.models.has(r.modelId)).at(-1);
    const figures = new Map<string, number>();
    const totals = new Map<string, Totals>();
    if (!round) return { figures, totals };
    for (const f of input.figures.filter((f) => f.roundId === round.id && c.ids.has(f.communeId))) figures.set(f.figure, (figures.get(f.figure) ?? 0) + f.value);
    for (const def of input.catalogue) {
      for (const id of c.ids) {
        const t = input.totalsOf(def.id, round.id, id);
        if (t) totals.set(def.id, addTotals(totals.get(def.id) ?? totalsOf([]), cloned(t)));
      }
    }
    return { figures, totals };
  };
  const allParts: ReturnType<typeof partsOf>[] = [];
  const byCode = (a: { code: string } | null, b: { code: string } | null) => (a === null ? 1 : b === null ? -1 : a.code.localeCompare(b.code));
  const reportDistricts = [...districts.values()]
    .sort((a, b) => byCode(a.district, b.district))
    .map((d): ReportDistrict => {
      const communes = [...d.communes.values()].sort((a, b) => byCode(a.commune, b.commune));
      const parts = communes.map(partsOf);
      allParts.push(...parts);
      const lines = communes.map((c, i) => lineOf(nameOf(c.commune), [...c.models].sort(), [parts[i]], [...c.models].sort()[0]));
      return { ...lineOf(d.district && nameOf(d.district), [...d.models].sort(), parts), communes: lines };
    });
  const total = lineOf(null, input.models.map((m) => m.id), allParts);
  const indicators = input.catalogue
    .map((def) => {
      const target = targetOf(def);
      return { def, target, planned: target && plannedValue(target, year) };
    })
    .filter((i) => i.target !== null || total.values[i.def.id].value.n > 0 || input.models.some((m) => targetOf(i.def, m.id) !== null));
  return {
    programme: input.programme,
    year,
    due: `${year}-11-30`,
    models: input.models.map(({ id, nameVi, nameEn }) => ({ id, nameVi, nameEn })),
    rounds,
    indicators,
    districts: reportDistricts,
    total,
  };
}
