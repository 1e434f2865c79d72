/**
 * The sponsor summary of a model or a programme (issue 15, part 1), built once as plain words and numbers in the
 * reader's language: the page (views/summary.tsx) and the PDF (domain/summary-pdf.ts) both render this, so they
 * never say different things. Pure: the indicator series come in as their reader may see them (suppressed,
 * approved only: workflows/summary.ts), with their targets and the changes estimates.ts worked out.
 * Example: summarySentences(know111, series, 'en') → ['Baseline → Final: +20 points (95% CI 5.2 to 33.4; p = 0.008), likely a real improvement.'].
 */
import type { Estimate, RoundChange } from './estimates';
import { roundPairs } from './estimates';
import { formatDate, formatDateRange, formatNumber, formatPValue, formatValue, sampleNote, unitOf } from './format';
import { type Locale, localName, messages } from './i18n';
import { type IndicatorDef, type IndicatorValue, isCensus } from './indicators';
import { type RoundKind, roundKinds } from './rounds';
import { fill, summaryTexts } from './summary-texts';
import type { Target } from './targets';
import { dateInVietnam } from './calendar';

/** One indicator across a model's rounds as the reader may see it (workflows/shown.ts ShownSeries has this shape). */
export interface SeriesSeen {
  def: IndicatorDef;
  target: Target | null;
  values: ({ kind: string; suppressed: true } | { kind: string; suppressed: false; value: IndicatorValue; estimate: Estimate })[];
  changes: RoundChange[];
}

export interface Named {
  nameVi: string;
  nameEn: string;
}

export interface SummaryModelInput extends Named {
  programmeVi: string;
  programmeEn: string;
  periodStart: string;
  periodEnd: string;
  sponsor: string | null;
  communes: Named[];
  series: SeriesSeen[];
}

export interface SummaryInput {
  locale: Locale;
  /** Now (the clock's instant): the date generated is Vietnam's date of it. */
  now: Date;
  /** The latest counted submission or registered figure behind the summary (ISO instant), null if none. */
  dataAsOf: string | null;
  threshold: number;
  /** A programme's summary (one section per model) or one model's. */
  programme?: Named & { periodStart: string; periodEnd: string };
  models: SummaryModelInput[];
}

export type CellState = 'value' | 'suppressed' | 'no-data' | 'no-round';
export type SentenceKind = 'better' | 'worse' | 'unclear' | 'census' | 'untested';

export interface SummaryCell {
  kind: RoundKind;
  state: CellState;
  value: string;
  /** What the value rests on, its interval, and whether it meets the target: one line each. */
  detail: string[];
  status?: 'met' | 'not-met';
}

export interface SummarySentence {
  from: string;
  to: string;
  kind: SentenceKind;
  text: string;
}

export interface SummaryRow {
  id: string;
  name: string;
  direction: '↑' | '↓';
  cells: SummaryCell[];
  target: string;
  sentences: SummarySentence[];
}

export interface SummarySection {
  /** The model's name in a programme's summary; null in a model's own (it is the document's name). */
  heading: string | null;
  facts: [string, string][];
  rows: SummaryRow[];
  /** The indicators with no value in any round and no target, in one line; null when there are none. */
  withoutData: string | null;
}

export interface SummaryDoc {
  lang: Locale;
  /** "Sponsor summary". */
  title: string;
  /** The model's or programme's name. */
  name: string;
  generated: string;
  facts: [string, string][];
  method: { heading: string; paragraphs: string[] };
  /** Indicator, Baseline, Midterm, Final, Target. */
  columns: string[];
  sections: SummarySection[];
}

/** The summary's words and numbers. Example: buildSummary({ locale: 'en', models: [pilot], … }).title → 'Sponsor summary'. */
export function buildSummary(input: SummaryInput): SummaryDoc {
  const { locale } = input;
  const t = summaryTexts[locale];
  const round = messages[locale];
  const generated = formatDate(dateInVietnam(input.now), locale);
  const dataAsOf = input.dataAsOf ? formatDate(dateInVietnam(new Date(input.dataAsOf)), locale) : t.noDataYet;
  const one = input.programme ? null : input.models[0];
  const facts: [string, string][] = input.programme
    ? [
        [t.period, formatDateRange(input.programme.periodStart, input.programme.periodEnd, locale)],
        [t.models, formatNumber(input.models.length, locale)],
      ]
    : one
      ? [[t.programme, localName({ nameVi: one.programmeVi, nameEn: one.programmeEn }, locale)], ...modelFacts(one, locale)]
      : [];
  return {
    lang: locale,
    title: input.programme ? t.programmeTitle : t.title,
    name: localName(input.programme ?? one ?? { nameVi: '', nameEn: '' }, locale),
    generated,
    facts: [...facts, [t.generated, generated], [t.dataAsOf, dataAsOf]],
    method: { heading: t.method, paragraphs: [t.sampling, t.intervals, t.counted, fill(t.suppression, { threshold: formatNumber(input.threshold, locale) })] },
    columns: [t.indicator, ...roundKinds.map((k) => round[k]), t.target],
    sections: input.models.map((m) => section(m, locale, input.programme ? localName(m, locale) : null)),
  };
}

function modelFacts(m: SummaryModelInput, locale: Locale): [string, string][] {
  const t = summaryTexts[locale];
  const facts: [string, string][] = [[t.period, formatDateRange(m.periodStart, m.periodEnd, locale)]];
  if (m.sponsor) facts.push([t.sponsor, m.sponsor]);
  facts.push([t.communes, m.communes.map((c) => localName(c, locale)).join(', ')]);
  return facts;
}

function section(m: SummaryModelInput, locale: Locale, heading: string | null): SummarySection {
  const t = summaryTexts[locale];
  const rows = m.series.map((s) => summaryRow(s, locale));
  const shown = rows.filter((r, i) => m.series[i].target !== null || r.cells.some((c) => c.state === 'value' || c.state === 'suppressed'));
  const without = rows.filter((r) => !shown.includes(r)).map((r) => r.name);
  return {
    heading,
    facts: heading ? modelFacts(m, locale) : [],
    rows: shown,
    withoutData: without.length ? fill(t.withoutData, { names: without.join('; ') }) : null,
  };
}

/** One indicator: a cell per round kind, the target, and a sentence per change. */
export function summaryRow(s: SeriesSeen, locale: Locale): SummaryRow {
  const unit = unitOf(s.def, locale);
  const higher = s.def.direction === 'higher-is-better';
  return {
    id: s.def.id,
    name: localName(s.def, locale),
    direction: higher ? '↑' : '↓',
    cells: roundKinds.map((kind) => summaryCell(s, kind, locale)),
    target: s.target ? `${higher ? '≥' : '≤'} ${formatValue(s.target.value, unit, locale)} (${s.target.year})` : '—',
    sentences: summarySentences(s, locale),
  };
}

function summaryCell(s: SeriesSeen, kind: RoundKind, locale: Locale): SummaryCell {
  const t = summaryTexts[locale];
  const v = s.values.find((r) => r.kind === kind);
  if (!v) return { kind, state: 'no-round', value: '—', detail: [] };
  if (v.suppressed) return { kind, state: 'suppressed', value: t.suppressed, detail: [] };
  if (v.value.value === null) return { kind, state: 'no-data', value: t.noData, detail: [] };
  const unit = unitOf(s.def, locale);
  const detail = [sampleNote(s.def, v.value, locale)];
  if (v.estimate.ci) detail.push(`${t.ci} ${formatNumber(v.estimate.ci[0], locale)}–${formatValue(v.estimate.ci[1], unit, locale)}`);
  const status = v.estimate.status === 'met' || v.estimate.status === 'not-met' ? v.estimate.status : undefined;
  if (status) detail.push(status === 'met' ? t.met : t.notMet);
  return { kind, state: 'value', value: formatValue(v.value.value, unit, locale), detail, ...(status ? { status } : {}) };
}

/**
 * A sentence per change the reader may see. Sampled proportions: the changes estimates.ts worked out (suppressed
 * rounds already left out), better or worse in the indicator's direction when the verdict says likely real, else
 * no clear change. A census (commune-level): the two counts, never tested. A mean: the two values, untested.
 */
export function summarySentences(s: SeriesSeen, locale: Locale): SummarySentence[] {
  const t = summaryTexts[locale];
  const kindName = (k: string) => messages[locale][k as RoundKind] ?? k;
  if (s.def.shape === 'proportion' && !isCensus(s.def)) {
    return s.changes.map((c) => {
      const kind = sentenceKind(s.def, c);
      const signed = `${c.difference > 0 ? '+' : ''}${formatNumber(c.difference, locale)}`;
      const text = fill(t[kind], { from: kindName(c.from), to: kindName(c.to), d: signed, ci: t.ci, low: formatNumber(c.ci[0], locale), high: formatNumber(c.ci[1], locale), p: formatPValue(c.pValue, locale) });
      return { from: c.from, to: c.to, kind, text };
    });
  }
  const withData = s.values.filter((v): v is Extract<SeriesSeen['values'][number], { suppressed: false }> => !v.suppressed && v.value.value !== null);
  const unit = unitOf(s.def, locale);
  const shownValue = (v: IndicatorValue) => (s.def.shape === 'count' || s.def.shape === 'mean' ? formatValue(v.value!, unit, locale) : `${formatValue(v.value!, unit, locale)} (${sampleNote(s.def, v, locale)})`);
  return roundPairs(withData.length).map(([i, j]) => {
    const [a, b] = [withData[i], withData[j]];
    const kind: SentenceKind = isCensus(s.def) ? 'census' : 'untested';
    const same = a.value.value === b.value.value;
    const text = fill(kind === 'census' && same ? t.censusSame : t[kind], {
      from: kindName(a.kind),
      to: kindName(b.kind),
      a: shownValue(a.value),
      b: shownValue(b.value),
      direction: b.value.value! > a.value.value! ? t.higher : t.lower,
    });
    return { from: a.kind, to: b.kind, kind, text };
  });
}

/** A tested change in the indicator's direction: up is better when higher is better. */
export function sentenceKind(def: Pick<IndicatorDef, 'direction'>, change: Pick<RoundChange, 'verdict'>): 'better' | 'worse' | 'unclear' {
  if (change.verdict === 'not-distinguishable') return 'unclear';
  const up = change.verdict === 'up-likely-real';
  return up === (def.direction === 'higher-is-better') ? 'better' : 'worse';
}
