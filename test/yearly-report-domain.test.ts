/**
 * The yearly programme report's rules with plain values (src/domain/yearly-report.ts and yearly-report-sheets.ts):
 * the year asked for, the places as they were that year, each commune from its latest round of the year, districts
 * and the programme adding up their communes, targets of the year, and the tables of the XLSX.
 */
import { describe, expect, it } from 'vitest';
import { policy } from '../src/domain/access';
import { totalsOf } from '../src/domain/aggregates';
import { indicatorCatalogue } from '../src/domain/indicators';
import { placeGraph, type PlaceLevel, type PlaceNode } from '../src/domain/places';
import type { Target } from '../src/domain/targets';
import { checkReportYear, placeInYear, reportYears, roundsOfYear, yearlyReport, type YearlyReportInput } from '../src/domain/yearly-report';
import { againstTarget, reportSheets } from '../src/domain/yearly-report-sheets';

const node = (id: number, code: string, level: PlaceLevel, parentId: number | null, nameVi: string, validTo: string | null = '2025-06-30', validFrom = '2008-08-01'): PlaceNode => ({
  id,
  code,
  level,
  nameVi,
  nameEn: nameVi.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D'),
  parentId,
  validFrom,
  validTo,
});

// Hà Nội with Ba Vì (Phú Châu) and Ứng Hòa (Hòa Lâm, and a commune made in 2025 from Hòa Lâm, under the province).
const places = [
  node(1, '01', 'province', null, 'Hà Nội', null),
  node(2, '271', 'district', 1, 'Ba Vì'),
  node(3, '281', 'district', 1, 'Ứng Hòa'),
  node(4, '09649', 'commune', 2, 'Phú Châu'),
  node(5, '10402', 'commune', 3, 'Hòa Lâm'),
  node(6, '10400', 'commune', 3, 'Trầm Lộng'),
  node(7, '99001', 'commune', 1, 'Hòa Lâm mới', null, '2025-07-01'),
];
const graph = placeGraph(places, [{ predecessorId: 5, successorId: 7, effective: '2025-07-01' }]);

const csc = indicatorCatalogue.find((d) => d.id === 'csc-assisted')!;
const know = indicatorCatalogue.find((d) => d.id === 'caregivers-know-111')!;
const programme = { id: 'hn', nameVi: 'Chương trình Hà Nội', nameEn: 'Hanoi programme', periodStart: '2015-01-01', periodEnd: '2020-12-31', provinceVi: 'Hà Nội', provinceEn: 'Hanoi' };
const round = (id: string, modelId: string, plannedStart: string) => ({ id, modelId, kind: 'baseline' as const, plannedStart, plannedEnd: plannedStart, status: 'closed' as const, plannedSample: 60, received: 0 });
const targets: Target[] = [
  { indicator: 'csc-assisted', programme: 'hn', value: 98, year: 2020, baseline: { value: 95, year: 2015 }, source: 'plan' },
  { indicator: 'csc-assisted', model: 'hoa-lam', value: 90, year: 2020, source: 'own' },
];

function input(over: Partial<YearlyReportInput> = {}): YearlyReportInput {
  return {
    programme,
    year: 2017,
    models: [
      { id: 'phu-chau', nameVi: 'Mô hình Phú Châu', nameEn: 'Phu Chau model', programmeId: 'hn' },
      { id: 'hoa-lam', nameVi: 'Mô hình Hòa Lâm', nameEn: 'Hoa Lam model', programmeId: 'hn' },
    ],
    rounds: [round('pc-2015', 'phu-chau', '2015-04-01'), round('pc-2017a', 'phu-chau', '2017-03-01'), round('pc-2017b', 'phu-chau', '2017-10-01'), round('hl-2017', 'hoa-lam', '2017-05-01')],
    places: [
      { modelId: 'phu-chau', placeId: 4, role: 'treated' },
      { modelId: 'hoa-lam', placeId: 5, role: 'treated' },
      // A comparison commune is not the model's: it is in no line.
      { modelId: 'hoa-lam', placeId: 6, role: 'comparison' },
    ],
    graph,
    figures: [
      { roundId: 'pc-2017a', communeId: 4, figure: 'csc_total', value: 100 },
      { roundId: 'pc-2017b', communeId: 4, figure: 'csc_total', value: 40 },
      { roundId: 'pc-2017b', communeId: 4, figure: 'csc_assisted', value: 39 },
      { roundId: 'hl-2017', communeId: 5, figure: 'csc_total', value: 20 },
      { roundId: 'hl-2017', communeId: 5, figure: 'csc_assisted', value: 18 },
      { roundId: 'hl-2017', communeId: 6, figure: 'csc_total', value: 999 },
    ],
    totalsOf: (indicatorId, roundId, communeId) => {
      const sums: Record<string, [number, number]> = { 'pc-2017b/4': [39, 40], 'hl-2017/5': [18, 20], 'pc-2017a/4': [1, 100], 'pc-2015/4': [5, 5] };
      const knows: Record<string, [number, number]> = { 'pc-2017b/4': [12, 24], 'hl-2017/5': [6, 24], 'pc-2017a/4': [24, 24] };
      const [numerator, denominator] = (indicatorId === 'csc-assisted' ? sums : indicatorId === 'caregivers-know-111' ? knows : {})[`${roundId}/${communeId}`] ?? [0, 0];
      return denominator ? totalsOf([{ numerator, denominator, n: indicatorId === 'csc-assisted' ? 1 : denominator, sumSquares: numerator }]) : undefined;
    },
    targets,
    catalogue: [csc, know],
    ...over,
  };
}

describe('the year asked for', () => {
  const period = { periodStart: '2015-01-01', periodEnd: '2020-12-31' };
  it('is one of the programme’s years', () => {
    expect(reportYears(period)).toEqual([2015, 2016, 2017, 2018, 2019, 2020]);
    expect(checkReportYear('2017', period, '2026-11-20', 'vi')).toEqual({ ok: true, year: 2017 });
    expect(checkReportYear(' 2020 ', period, '2026-11-20', 'en')).toEqual({ ok: true, year: 2020 });
  });
  it('defaults to the latest year of the period so far', () => {
    expect(checkReportYear(undefined, period, '2026-11-20', 'vi')).toEqual({ ok: true, year: 2020 });
    expect(checkReportYear('', period, '2018-03-01', 'vi')).toEqual({ ok: true, year: 2018 });
    expect(checkReportYear(undefined, period, '2010-03-01', 'vi')).toEqual({ ok: true, year: 2015 });
  });
  it('refuses another year or not a year, naming the period in the reader’s language', () => {
    for (const raw of ['2014', '2021', '17', 'năm 2017', '2017.0', '1e3']) {
      expect(checkReportYear(raw, period, '2026-11-20', 'en')).toEqual({ ok: false, errors: [{ question: 'year', message: "The year is one of the programme's, from 2015 to 2020." }] });
    }
    expect(checkReportYear('2030', period, '2026-11-20', 'vi')).toEqual({ ok: false, errors: [{ question: 'year', message: 'Năm báo cáo là một năm của chương trình, từ 2015 đến 2020.' }] });
  });
});

describe('places and rounds of the year', () => {
  it('takes a place as it was that year, or what it had become by the year’s end', () => {
    expect(placeInYear(graph, 5, 2020)?.code).toBe('10402');
    expect(placeInYear(graph, 5, 2025)?.code).toBe('10402');
    expect(placeInYear(graph, 5, 2026)?.code).toBe('99001');
    expect(placeInYear(graph, 4, 2026)).toBeNull();
    expect(placeInYear(graph, 7, 2020)).toBeNull();
  });
  it('gives a round to the year of its planned start, in order', () => {
    expect(roundsOfYear(input().rounds, 2017).map((r) => r.id)).toEqual(['pc-2017a', 'hl-2017', 'pc-2017b']);
    expect(roundsOfYear(input().rounds, 2016)).toEqual([]);
  });
});

describe('the report', () => {
  const report = yearlyReport(input());
  it('lists each district with its treated communes, by code, and the rounds of the year', () => {
    expect(report.districts.map((d) => [d.unit?.code, d.communes.map((c) => c.unit?.nameVi)])).toEqual([
      ['271', ['Phú Châu']],
      ['281', ['Hòa Lâm']],
    ]);
    expect(report.rounds.map((r) => r.id)).toEqual(['pc-2017a', 'hl-2017', 'pc-2017b']);
    expect(report.due).toBe('2017-11-30');
  });
  it('takes a commune’s figures and values from its latest round of the year', () => {
    const phuChau = report.districts[0].communes[0];
    expect(phuChau.figures).toMatchObject({ csc_total: 40, csc_assisted: 39, children_under16: null });
    expect(phuChau.values['csc-assisted'].value).toMatchObject({ numerator: 39, denominator: 40 });
    expect(phuChau.values['caregivers-know-111'].value).toMatchObject({ numerator: 12, denominator: 24 });
  });
  it('adds communes up to districts and the programme, never counting a comparison commune', () => {
    expect(report.districts[1].figures.csc_total).toBe(20);
    expect(report.total.figures).toMatchObject({ csc_total: 60, csc_assisted: 57, children_under16: null });
    expect(report.total.values['csc-assisted'].value).toMatchObject({ numerator: 57, denominator: 60, value: 95 });
    expect(report.total.values['caregivers-know-111'].value).toMatchObject({ numerator: 18, denominator: 48, value: 37.5 });
  });
  it('holds each line against the target of the year: a commune its model’s own, districts and the programme the programme’s', () => {
    // Hòa Lâm 18/20 = 90% meets its model's own 90%; Ứng Hòa and the programme are held to the programme's 98%.
    expect(report.districts[1].communes[0].values['csc-assisted'].estimate.status).toBe('met');
    expect(report.districts[1].values['csc-assisted'].estimate.status).toBe('not-met');
    expect(report.total.values['csc-assisted'].estimate).toMatchObject({ status: 'not-met', offTrack: false });
    const planned = report.indicators.find((i) => i.def.id === 'csc-assisted')!;
    expect(planned.target?.value).toBe(98);
    expect(planned.planned).toBeCloseTo(96.2);
    // An indicator without a target is listed when it has data that year.
    expect(report.indicators.map((i) => i.def.id)).toEqual(['csc-assisted', 'caregivers-know-111']);
    expect(yearlyReport(input({ year: 2016 })).indicators.map((i) => i.def.id)).toEqual(['csc-assisted']);
  });
  it('puts a commune that cannot be placed in a district under a line of its own, last', () => {
    const later = yearlyReport(input({ year: 2026, rounds: [] }));
    expect(later.districts.map((d) => [d.unit?.code ?? null, d.communes.map((c) => c.unit?.code)])).toEqual([[null, ['99001']]]);
  });
  it('leaves out models it is not given (a manager’s report)', () => {
    const one = yearlyReport(input({ models: [input().models[0]] }));
    expect(one.districts.map((d) => d.unit?.code)).toEqual(['271']);
    expect(one.total.figures.csc_total).toBe(40);
  });
});

describe('the tables of the XLSX', () => {
  const view = { report: yearlyReport(input()), generatedAt: '2026-11-20T09:00:00.000Z', dataAsOf: null };
  it('has the about, places, indicators and rounds sheets in the reader’s language', () => {
    expect(reportSheets(view, 'vi').map((s) => s.name)).toEqual(['Thông tin', 'Địa bàn', 'Chỉ số', 'Đợt đánh giá']);
    const [about, placesSheet, indicators, rounds] = reportSheets(view, 'en');
    expect(about.rows.slice(0, 7)).toEqual([
      ['Report on the implementation of the programme in 2017', ''],
      ['To: Department of Labour, Invalids and Social Affairs (Hanoi)', ''],
      ['Due before 30 Nov 2017', ''],
      ['Programme', 'Hanoi programme'],
      ['Year', 2017],
      ['Generated', '2026-11-20 16:00'],
      ['Data as of', 'no data yet'],
    ]);
    expect(placesSheet.rows.map((r) => r.slice(0, 5))).toEqual([
      ['District', '271', 'Ba Vi', '', ''],
      ['Commune', '271', 'Ba Vi', '09649', 'Phu Chau'],
      ['District', '281', 'Ung Hoa', '', ''],
      ['Commune', '281', 'Ung Hoa', '10402', 'Hoa Lam'],
      ['Whole programme', '', '', '', ''],
    ]);
    expect(placesSheet.rows[1].slice(5, 8)).toEqual(['Phu Chau model', null, 40]);
    expect(indicators.rows).toHaveLength(5 * 2);
    expect(indicators.rows.find((r) => r[3] === '10402' && r[5] === 'csc-assisted')).toEqual(['Commune', '281', 'Ung Hoa', '10402', 'Hoa Lam', 'csc-assisted', csc.nameEn, 90, 2020, null, 90, 18, 20, 1, 'target met']);
    // Its district is held to the programme's target, with its planned value for the year.
    expect(indicators.rows.find((r) => r[0] === 'District' && r[1] === '281' && r[5] === 'csc-assisted')?.slice(7)).toEqual([98, 2020, expect.closeTo(96.2), 90, 18, 20, 1, 'target not met']);
    expect(rounds.rows[0]).toEqual(['Phu Chau model', 'pc-2017a', 'Baseline', '2017-03-01', '2017-03-01', 'Closed', 0, 60]);
  });
  it('words a value against its target', () => {
    expect(againstTarget({ status: 'not-met', offTrack: true }, 'vi')).toBe('chưa đạt mục tiêu; chậm hơn kế hoạch trên 10%');
    expect(againstTarget({ status: 'no-target', offTrack: false }, 'en')).toBe('no target');
  });
});

describe('who may see the report', () => {
  it('only roles that see every value: the report is never suppressed', () => {
    for (const role of ['admin', 'manager', 'evaluator', 'sponsor'] as const) {
      if (policy['report.yearly'][role] !== 'none') expect(policy['indicators.unsuppressed'][role]).not.toBe('none');
    }
  });
});
