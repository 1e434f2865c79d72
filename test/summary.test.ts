/**
 * The sponsor summary built from plain values (domain/summary.ts, summary-pdf.ts): a sentence per change from
 * the statistics (better, worse, no clear change, a census count, an untested mean), suppressed rounds, targets,
 * the facts and dates in both languages; and the PDF writer (src/pdf-node.ts) putting Vietnamese text on paper.
 */
import { describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { changes, estimate, type Estimate } from '../src/domain/estimates';
import { type IndicatorDef, indicatorCatalogue, type IndicatorValue, valueOf } from '../src/domain/indicators';
import { totalsOf } from '../src/domain/aggregates';
import { buildSummary, type SeriesSeen, sentenceKind, summaryRow, summarySentences } from '../src/domain/summary';
import { summaryPdfLayout } from '../src/domain/summary-pdf';
import type { Target } from '../src/domain/targets';
import { nodePdf } from '../src/pdf-node';

const def = (id: string) => indicatorCatalogue.find((d) => d.id === id)!;
const know111 = def('caregivers-know-111');
const punishment = def('caregivers-physical-punishment-needed');
const childFriendly = def('child-friendly-communes');
const sessions = def('parenting-sessions-mean');

/** yes of n households in one commune, as a round's value and estimate. */
function sampled(d: IndicatorDef, kind: string, yes: number, n: number, target: Target | null = null) {
  const value = valueOf(d, { numerator: yes, denominator: n, n });
  const moments = totalsOf([{ ...value, sumSquares: yes }]).moments;
  return { kind, suppressed: false as const, value, estimate: estimate(d, value, moments, target, 2020) };
}

/** A series as the reader sees it: the rounds given, and the changes estimates.ts works out between those shown. */
function series(d: IndicatorDef, rounds: SeriesSeen['values'], target: Target | null = null): SeriesSeen {
  const shown = rounds.filter((r): r is Extract<typeof r, { suppressed: false }> => !r.suppressed);
  return { def: d, target, values: rounds, changes: changes(d, shown) };
}

const census = (kind: string, yes: number, of: number): SeriesSeen['values'][number] => {
  const value: IndicatorValue = valueOf(childFriendly, { numerator: yes, denominator: of, n: of });
  const none: Estimate = { ci: null, method: 'census', deff: 1, df: null, status: 'no-target', progress: null, offTrack: false };
  return { kind, suppressed: false, value, estimate: none };
};

describe('a sentence per change, from the statistics', () => {
  it('a likely real rise of a share people should have is an improvement; of one they should not, a worsening', () => {
    // 30/60 → 45/60: +25 points, Newcombe's interval leaves out 0 (estimates.test.ts).
    const better = summarySentences(series(know111, [sampled(know111, 'baseline', 30, 60), sampled(know111, 'final', 45, 60)]), 'en');
    expect(better).toHaveLength(1);
    expect(better[0]).toMatchObject({ from: 'baseline', to: 'final', kind: 'better' });
    expect(better[0].text).toMatch(/^Baseline → Final: \+25 points \(95% CI [\d.]+ to [\d.]+; p = 0\.0\d+\), likely a real improvement\.$/);
    const worse = summarySentences(series(punishment, [sampled(punishment, 'baseline', 30, 60), sampled(punishment, 'final', 45, 60)]), 'en');
    expect(worse[0]).toMatchObject({ kind: 'worse' });
    expect(worse[0].text).toContain('likely a real worsening');
    expect(summarySentences(series(punishment, [sampled(punishment, 'baseline', 45, 60), sampled(punishment, 'final', 30, 60)]), 'en')[0].kind).toBe('better');
  });

  it('a change whose interval holds 0 is no clear change (0/24 → 4/24: p 0.054, as the interval says)', () => {
    const [s] = summarySentences(series(know111, [sampled(know111, 'baseline', 0, 24), sampled(know111, 'midterm', 4, 24)]), 'en');
    expect(s.kind).toBe('unclear');
    expect(s.text).toBe('Baseline → Midterm: +16.7 points (95% CI -0.4 to 35.9; p = 0.054), no clear change: not distinguishable from chance.');
    expect(sentenceKind(know111, { verdict: 'not-distinguishable' })).toBe('unclear');
  });

  it('a census is a count: the two values and whether higher, never a test', () => {
    const s = series(childFriendly, [census('baseline', 2, 4), census('midterm', 2, 4), census('final', 3, 4)]);
    expect(s.changes).toEqual([]);
    const said = summarySentences(s, 'en');
    expect(said.map((x) => [x.from, x.to, x.kind])).toEqual([
      ['baseline', 'midterm', 'census'],
      ['midterm', 'final', 'census'],
      ['baseline', 'final', 'census'],
    ]);
    expect(said[0].text).toBe('Baseline → Midterm: 50% (2 of 4 communes) both times, a count of every commune, not a sample, so not tested.');
    expect(said[2].text).toBe('Baseline → Final: 50% (2 of 4 communes) to 75% (3 of 4 communes) (higher), a count of every commune, not a sample, so not tested.');
    expect(summarySentences(s, 'vi')[2].text).toBe('Đầu kỳ → Cuối kỳ: 50% (2/4 xã) thành 75% (3/4 xã) (tăng), số đếm trên mọi xã, không phải mẫu nên không kiểm định.');
  });

  it('a mean’s change is told, and said to be untested', () => {
    const round = (kind: string, sum: number, n: number) => {
      const value = valueOf(sessions, { numerator: sum, denominator: n, n });
      return { kind, suppressed: false as const, value, estimate: { ci: null, method: 't', deff: 1, df: null, status: 'no-target', progress: null, offTrack: false } as Estimate };
    };
    const [s] = summarySentences(series(sessions, [round('baseline', 60, 30), round('midterm', 90, 30)]), 'en');
    expect(s).toMatchObject({ kind: 'untested', text: 'Baseline → Midterm: 2 sessions to 3 sessions; changes in a mean are not tested, see each round’s interval.' });
  });

  it('a suppressed round shows as suppressed, with nothing said about changes to or from it', () => {
    const s = series(childFriendly, [census('baseline', 2, 4), { kind: 'midterm', suppressed: true }, census('final', 3, 4)]);
    const row = summaryRow(s, 'en');
    expect(row.cells.map((c) => [c.kind, c.state, c.value])).toEqual([
      ['baseline', 'value', '50%'],
      ['midterm', 'suppressed', 'suppressed (few people)'],
      ['final', 'value', '75%'],
    ]);
    expect(row.cells[1].detail).toEqual([]);
    expect(row.sentences.map((x) => `${x.from}-${x.to}`)).toEqual(['baseline-final']);
    // A sampled share: estimates' changes without the hidden round (as workflows/shown.ts leaves them).
    const hidden = series(know111, [sampled(know111, 'baseline', 30, 60), { kind: 'midterm', suppressed: true }]);
    expect(summarySentences(hidden, 'en')).toEqual([]);
  });

  it('the target beside the values, in the indicator’s direction, and each round met or not', () => {
    const target: Target = { indicator: know111.id, model: 'm', value: 70, year: 2020, source: 'test' };
    const row = summaryRow(series(know111, [sampled(know111, 'baseline', 30, 60, target), sampled(know111, 'final', 45, 60, target)], target), 'en');
    expect(row.target).toBe('≥ 70% (2020)');
    expect(row.cells.map((c) => c.status)).toEqual(['not-met', undefined, 'met']);
    expect(row.cells[2].detail.at(-1)).toBe('target met');
    expect(row.cells[1]).toMatchObject({ state: 'no-round', value: '—' });
    expect(summaryRow(series(punishment, [], { ...target, indicator: punishment.id, value: 10 }), 'vi').target).toBe('≤ 10% (2020)');
  });
});

const pilot = (s: SeriesSeen[]) => ({
  nameVi: 'Mô hình thí điểm Yên Bái',
  nameEn: 'Yên Bái pilot',
  programmeVi: 'Chương trình Yên Bái',
  programmeEn: 'Yên Bái programme',
  periodStart: '2018-01-01',
  periodEnd: '2020-12-31',
  sponsor: 'World Vision',
  communes: [{ nameVi: 'Vĩnh Kiên', nameEn: 'Vinh Kien' }],
  series: s,
});

describe('the summary document', () => {
  const withData = series(know111, [sampled(know111, 'baseline', 30, 60), sampled(know111, 'final', 45, 60)]);
  const empty = series(def('clubs-running'), []);
  // 18:00 UTC on 20 November is already the 21st in Vietnam.
  const input = { now: new Date('2026-11-20T18:00:00Z'), dataAsOf: '2020-11-15T03:00:00Z', threshold: 5, models: [pilot([withData, empty])] };

  it('in English: title, programme, period, sponsor, communes, Vietnam’s date generated, data as of, method', () => {
    const doc = buildSummary({ ...input, locale: 'en' });
    expect(doc).toMatchObject({ title: 'Sponsor summary', name: 'Yên Bái pilot', generated: '21 Nov 2026', columns: ['Indicator', 'Baseline', 'Midterm', 'Final', 'Target'] });
    expect(doc.facts).toEqual([
      ['Programme', 'Yên Bái programme'],
      ['Period', '1 Jan 2018 – 31 Dec 2020'],
      ['Sponsor', 'World Vision'],
      ['Communes', 'Vinh Kien'],
      ['Date generated', '21 Nov 2026'],
      ['Data as of', '15 Nov 2020'],
    ]);
    expect(doc.method.paragraphs.join(' ')).toContain('fewer than 5 people');
    expect(doc.method.paragraphs).toContain('Only submissions approved in review are counted.');
    // An indicator without a value in any round or a target is named in one line, not given a row.
    expect(doc.sections[0].rows.map((r) => r.id)).toEqual([know111.id]);
    expect(doc.sections[0].withoutData).toBe("No data in any round yet: Children's and parents' clubs running.");
  });

  it('in Vietnamese, and a programme’s summary has a section per model', () => {
    const doc = buildSummary({ ...input, locale: 'vi', dataAsOf: null, programme: { nameVi: 'Chương trình Yên Bái', nameEn: 'Yên Bái programme', periodStart: '2018-01-01', periodEnd: '2020-12-31' }, models: [pilot([withData]), pilot([withData])] });
    expect(doc).toMatchObject({ title: 'Báo cáo tóm tắt chương trình cho nhà tài trợ', name: 'Chương trình Yên Bái', generated: '21/11/2026' });
    expect(doc.facts).toContainEqual(['Số liệu tính đến', 'chưa có số liệu']);
    expect(doc.sections.map((s) => s.heading)).toEqual(['Mô hình thí điểm Yên Bái', 'Mô hình thí điểm Yên Bái']);
    expect(doc.sections[0].facts).toContainEqual(['Nhà tài trợ', 'World Vision']);
  });

  it('the PDF layout says what the page says: facts, each row’s values and sentences, the method; the name and date on every page', () => {
    const doc = buildSummary({ ...input, locale: 'en' });
    const layout = summaryPdfLayout(doc);
    expect(layout).toMatchObject({ title: 'Sponsor summary: Yên Bái pilot', lang: 'en', running: 'Yên Bái pilot · 21 Nov 2026' });
    const table = layout.blocks.find((b) => b.kind === 'table')!;
    if (table.kind !== 'table') throw new Error('no table');
    expect(table.header).toEqual(doc.columns);
    expect(table.rows[0].notes).toEqual(doc.sections[0].rows[0].sentences.map((s) => s.text));
    expect(table.rows[0].cells[1][0]).toEqual({ text: '50%', bold: true, muted: false });
    expect(layout.blocks).toContainEqual({ kind: 'facts', rows: doc.facts });
  });

  it('the PDF writer puts Vietnamese text on A4 in a font that has its letters (read back from the file)', async () => {
    const doc = buildSummary({ ...input, locale: 'vi', models: [pilot([withData, series(childFriendly, [census('baseline', 2, 4), census('final', 3, 4)])])] });
    const bytes = await nodePdf(summaryPdfLayout(doc));
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const pdf = await getDocumentProxy(bytes.slice());
    const text = (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, ' ');
    for (const words of ['Báo cáo tóm tắt cho nhà tài trợ', 'Mô hình thí điểm Yên Bái', 'Ngày lập 21/11/2026', 'Xã đạt tiêu chuẩn xã, phường phù hợp với trẻ em', 'số đếm trên mọi xã', 'Trang 1/1']) {
      expect(text).toContain(words);
    }
    const page = await pdf.getPage(1);
    expect(page.view.map(Math.round)).toEqual([0, 0, 595, 842]);
  });
});

