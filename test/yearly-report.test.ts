/**
 * The yearly programme report (issue 15, part 4) over HTTP on the seeded demo: the Hanoi programme's 2020 report
 * lists its districts and the 9 model communes under them, in Vietnamese and English, on the page, in the API and
 * in the XLSX (read back with exceljs); registered figures and indicators per commune, district and programme;
 * who may see it; bad years and unknown programmes as clear 4xx.
 */
import ExcelJS from 'exceljs';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema';
import { createApp } from '../src/app';
import { atomically } from '../src/db';
import { enterFigures } from '../src/queries/aggregates';
import { seedDemoSubmissions } from '../src/seed/demo';
import { placeIds } from '../src/seed/seed';
import { bringAggregatesUpToDate } from '../src/workflows/aggregates';
import { apiAs, freshApp, people, testConfig, testPassword, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
type Web = Awaited<ReturnType<typeof webAs>>;
let admin: Web;

/** The Hanoi models' communes under their districts (GSO codes, DOMAIN.md), districts by code. */
const hanoi = [
  { district: '250', districtVi: 'Mê Linh', commune: '09010', vi: 'Mê Linh', en: 'Me Linh' },
  { district: '271', districtVi: 'Ba Vì', commune: '09649', vi: 'Phú Châu', en: 'Phu Chau' },
  { district: '272', districtVi: 'Phúc Thọ', commune: '09781', vi: 'Liên Hiệp', en: 'Lien Hiep' },
  { district: '274', districtVi: 'Hoài Đức', commune: '09847', vi: 'Đức Giang', en: 'Duc Giang' },
  { district: '275', districtVi: 'Quốc Oai', commune: '09916', vi: 'Thạch Thán', en: 'Thach Than' },
  { district: '276', districtVi: 'Thạch Thất', commune: '09958', vi: 'Đại Đồng', en: 'Dai Dong' },
  { district: '278', districtVi: 'Thanh Oai', commune: '10162', vi: 'Phương Trung', en: 'Phuong Trung' },
  { district: '281', districtVi: 'Ứng Hòa', commune: '10402', vi: 'Hòa Lâm', en: 'Hoa Lam' },
  { district: '282', districtVi: 'Mỹ Đức', commune: '10474', vi: 'Phùng Xá', en: 'Phung Xa' },
];
/** Each district's row followed by its commune's, then the whole programme. */
const expectedRows = [...hanoi.flatMap((h) => [`district ${h.district}`, `commune ${h.commune}`]), 'programme '];

type ReportJson = {
  year: number;
  districts: { unit: { code: string; nameVi: string }; figures: Record<string, number | null>; communes: { unit: { code: string; nameVi: string; nameEn: string }; figures: Record<string, number | null>; values: Record<string, { value: { numerator: number; denominator: number; value: number | null }; estimate: { status: string } }> }[]; values: Record<string, { value: { numerator: number; denominator: number } }> }[];
  total: { figures: Record<string, number | null>; values: Record<string, { value: { numerator: number; denominator: number; n: number } }> };
  rounds: { id: string; kind: string; received: number }[];
  indicators: { id: string; target: { value: number; year: number } | null }[];
  generatedAt: string;
  dataAsOf: string | null;
};

/** The rows of the page's places table as "level code". */
function placeRows(html: string): string[] {
  const table = html.split('data-places')[1].split('</table>')[0];
  return [...table.matchAll(/<tr data-level="(\w+)" data-code="(\d*)"/g)].map((m) => `${m[1]} ${m[2]}`);
}

beforeAll(async () => {
  t = await freshApp();
  // The demo's submissions (baseline 2015, midterm 2017 of three Hanoi models) and two communes' figures of 2020.
  await seedDemoSubmissions(t.db, new Date('2026-11-20T00:00:00Z'));
  await bringAggregatesUpToDate(t.db);
  const ids = await placeIds(t.db, ['09649', '10402']);
  const figure = (roundId: string, code: string, values: Record<string, number>) =>
    Object.entries(values).map(([name, value]) => ({ roundId, communeId: ids.get(code)!, figure: name, value, source: 'yearly-report test', asOf: '2020-11-15', enteredBy: null, submissionId: null, updatedAt: '2020-11-16T03:00:00.000Z' }));
  await atomically(t.db, enterFigures(t.db, [...figure('hn-phu-chau-final', '09649', { children_under16: 2000, csc_total: 40, csc_assisted: 39 }), ...figure('hn-hoa-lam-final', '10402', { children_under16: 1500, csc_total: 20, csc_assisted: 18 })]));
  admin = await webAs(t.app, people.admin);
}, 120_000);

describe('the Hanoi programme’s 2020 report', () => {
  it('lists its districts and the 9 model communes under them, in Vietnamese by default', async () => {
    const res = await admin.get('/programmes/hanoi-2015-2020/report?year=2020');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1 data-report-title="">Báo cáo kết quả thực hiện Chương trình năm 2020</h1>');
    expect(html).toContain('Kính gửi: Sở Lao động – Thương binh và Xã hội (Hà Nội)');
    expect(html).toContain('Hạn gửi: trước ngày 30/11/2020');
    // Generated on Vietnam's clock: the test's clock reads 2026-11-20 09:00 UTC.
    expect(html).toMatch(/data-generated="">20\/11\/2026 16:00</);
    expect(html).toMatch(/data-as-of="">16\/11\/2020 10:00</);
    expect(placeRows(html)).toEqual(expectedRows);
    for (const h of hanoi) {
      expect(html).toContain(`<strong>${h.districtVi}</strong>`);
      expect(html).toContain(`>${h.vi}</th>`);
    }
    // Each indicator lists the places with data: Phú Châu and Hòa Lâm entered their figures of 2020.
    const indicator = (id: string) => html.split(`data-indicator="${id}"`)[1].split('</div></div>')[0];
    expect([...indicator('csc-assisted').matchAll(/<tr data-level="(\w+)" data-code="(\d*)"/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual(['district 271', 'commune 09649', 'district 281', 'commune 10402', 'programme ']);
    expect(indicator('csc-assisted')).toContain('<td>97,5%</td><td>39 / 40</td><td>chưa đạt mục tiêu</td>');
    expect(indicator('abuse-reports-12h')).toContain('<p class="note">chưa có số liệu</p>');
    expect(indicator('abuse-reports-12h')).not.toContain('<table');
    // The final rounds of 2020, none from other years.
    expect([...html.matchAll(/data-round="([^"]+)"/g)].map((m) => m[1]).every((id) => id.endsWith('-final'))).toBe(true);
    expect([...html.matchAll(/data-round=/g)]).toHaveLength(9);
    // The year picker offers the programme's years only.
    expect([...html.split('name="year"')[1].split('</select>')[0].matchAll(/value="(\d+)"/g)].map((m) => m[1])).toEqual(['2015', '2016', '2017', '2018', '2019', '2020']);
  });

  it('is in English for an English reader', async () => {
    const html = await (await admin.get('/programmes/hanoi-2015-2020/report?year=2020', { cookie: `${admin.cookie}; moc_lang=en` })).text();
    expect(html).toContain('<h1 data-report-title="">Report on the implementation of the programme in 2020</h1>');
    expect(html).toContain('To: Department of Labour, Invalids and Social Affairs (Hanoi)');
    expect(html).toContain('Due before 30 Nov 2020');
    expect(placeRows(html)).toEqual(expectedRows);
    for (const h of hanoi) expect(html).toContain(`>${h.en}</th>`);
  });

  it('gives each commune its registered figures and indicators against the year’s target, adding up to districts and the programme', async () => {
    const res = await (await apiAs(t.app, people.admin)).get('/api/v1/programmes/hanoi-2015-2020/report?year=2020');
    expect(res.status).toBe(200);
    const report = (await res.json()) as ReportJson;
    expect(report.districts.map((d) => [d.unit.code, d.communes.map((c) => c.unit.code)])).toEqual(hanoi.map((h) => [h.district, [h.commune]]));
    const phuChau = report.districts.find((d) => d.unit.code === '271')!;
    expect(phuChau.communes[0].figures).toEqual({ children_under16: 2000, csc_total: 40, csc_assisted: 39, abuse_reports: null, abuse_reports_12h: null });
    expect(phuChau.figures.csc_total).toBe(40);
    // 39 of 40 assisted: 97.5% against Hanoi's 98% by 2020.
    expect(phuChau.communes[0].values['csc-assisted'].value).toMatchObject({ numerator: 39, denominator: 40, value: 97.5 });
    expect(phuChau.communes[0].values['csc-assisted'].estimate.status).toBe('not-met');
    expect(report.total.figures.csc_total).toBe(60);
    expect(report.total.values['csc-assisted'].value).toMatchObject({ numerator: 57, denominator: 60 });
    expect(report.indicators.find((i) => i.id === 'csc-assisted')?.target).toMatchObject({ value: 98, year: 2020 });
    expect(report.rounds.map((r) => r.kind)).toEqual(Array(9).fill('final'));
  });

  it('counts a commune’s surveys of the year: 2017’s midterms in three communes, their district and the programme', async () => {
    const report = (await (await (await apiAs(t.app, people.admin)).get('/api/v1/programmes/hanoi-2015-2020/report?year=2017')).json()) as ReportJson;
    const know = (line: { values: Record<string, { value: { numerator: number; denominator: number } }> }) => line.values['caregivers-know-111'].value;
    const surveyed = report.districts.flatMap((d) => d.communes).filter((c) => know(c).denominator > 0);
    expect(surveyed.map((c) => c.unit.code).sort()).toEqual(['09649', '09916', '10402']);
    // 24 households each (the demo's), the district adds its one commune's, the programme all three.
    for (const c of surveyed) expect(know(c).denominator).toBe(24);
    expect(know(report.districts.find((d) => d.unit.code === '281')!)).toEqual(know(surveyed.find((c) => c.unit.code === '10402')!));
    expect(know(report.total).denominator).toBe(72);
    expect(know(report.total).numerator).toBe(surveyed.reduce((s, c) => s + know(c).numerator, 0));
    expect(report.dataAsOf).toBe('2017-11-15T08:00:00.000Z');
  });

  it('downloads as XLSX that exceljs reads: the same districts and communes, in the language asked', async () => {
    const res = await admin.get('/programmes/hanoi-2015-2020/report.xlsx?year=2020&lang=en');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="moc-hanoi-2015-2020-report-2020-2026-11-20.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(['About', 'Places', 'Indicators', 'Rounds']);
    const rows = (name: string) => (book.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    const places = rows('Places');
    expect(places[0].slice(0, 5)).toEqual(['Level', 'District (Code)', 'District', 'Commune (Code)', 'Commune']);
    const communes = places.filter((r) => r[0] === 'Commune').map((r) => [r[1], r[3], r[4]]);
    expect(communes).toEqual(hanoi.map((h) => [h.district, h.commune, h.en]));
    expect(places.filter((r) => r[0] === 'District').map((r) => r[1])).toEqual(hanoi.map((h) => h.district));
    const phuChau = places.find((r) => r[3] === '09649')!;
    expect(phuChau.slice(6, 9)).toEqual([2000, 40, 39]);
    expect(rows('About').find((r) => r[0] === 'Generated')?.[1]).toBe('2026-11-20 16:00');
    const vi = new ExcelJS.Workbook();
    await vi.xlsx.load(await (await admin.get('/programmes/hanoi-2015-2020/report.xlsx?year=2020')).arrayBuffer());
    expect(vi.worksheets.map((s) => s.name)).toEqual(['Thông tin', 'Địa bàn', 'Chỉ số', 'Đợt đánh giá']);
  });

  it('writes one export entry to the audit log per download, and answers 501 where no XLSX writer is given (Workers)', async () => {
    const entries = () => t.db.select().from(auditLog).where(and(eq(auditLog.action, 'export'), eq(auditLog.objectId, 'hanoi-2015-2020')));
    const before = (await entries()).length;
    await (await admin.get('/programmes/hanoi-2015-2020/report.xlsx?year=2019')).arrayBuffer();
    const after = await entries();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ objectType: 'programme' });
    expect(JSON.parse(after.at(-1)!.detail!)).toMatchObject({ export: 'yearly-report', format: 'xlsx', year: 2019, lang: 'vi', via: 'web' });
    const workers = createApp({ db: t.db, clock: () => new Date('2026-11-20T09:00:00Z'), config: testConfig });
    const { token } = await apiAs(workers, people.admin);
    const res = await workers.request('/api/v1/programmes/hanoi-2015-2020/report.xlsx?year=2020', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(501);
    expect(((await res.json()) as { code: string }).code).toBe('xlsx_unavailable');
    // The page is there, without a download.
    const page = await (await webAs(workers, people.admin)).get('/programmes/hanoi-2015-2020/report?year=2020');
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('report.xlsx');
  });
});

describe('who may see it, and bad requests', () => {
  it('refuses sponsors and evaluators (403) and a manager for a programme without their models (404)', async () => {
    for (const email of [people.sponsorWorldVision, people.evaluatorLan]) {
      expect((await (await webAs(t.app, email)).get('/programmes/hanoi-2015-2020/report?year=2020')).status).toBe(403);
      expect((await (await apiAs(t.app, email)).get('/api/v1/programmes/yen-bai-2018-2020/report?year=2020')).status).toBe(403);
    }
    const ha = await webAs(t.app, people.managerHa);
    expect((await ha.get('/programmes/yen-bai-2018-2020/report?year=2020')).status).toBe(404);
    expect((await ha.get('/programmes/yen-bai-2018-2020/report.xlsx?year=2020')).status).toBe(404);
    expect(placeRows(await (await ha.get('/programmes/hanoi-2015-2020/report?year=2020')).text())).toEqual(expectedRows);
  });

  it('is linked from the programme list and the overview for admins and managers, not for sponsors', async () => {
    const link = 'href="/programmes/hanoi-2015-2020/report"';
    expect(await (await admin.get('/programmes')).text()).toContain(link);
    const ha = await webAs(t.app, people.managerHa);
    expect(await (await ha.get('/programmes')).text()).toContain(link);
    const overview = await (await ha.get('/programme')).text();
    expect(overview).toContain(link);
    expect(overview).not.toContain('/programmes/yen-bai-2018-2020/report');
    const wv = await webAs(t.app, people.sponsorWorldVision);
    expect(await (await wv.get('/programmes')).text()).not.toContain('/report"');
    expect(await (await wv.get('/programme')).text()).not.toContain('/report"');
  });

  it('covers only the models a manager manages', async () => {
    const api = await apiAs(t.app, people.admin);
    const created = await api.post('/api/v1/users', { email: 'hoa.bavi@example.org', name: 'Hoa', role: 'manager', locale: 'vi' });
    expect(created.status).toBe(201);
    const { id, invitation } = (await created.json()) as { id: number; invitation: { url: string } };
    expect((await t.app.request(`/api/v1/invitations/${invitation.url.split('/invitations/')[1]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: testPassword }) })).status).toBe(201);
    const scope = await t.app.request(`/api/v1/users/${id}/scope`, { method: 'PUT', headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ models: ['hn-phu-chau'], programmes: [] }) });
    expect(scope.status).toBe(200);
    const hoa = await webAs(t.app, 'hoa.bavi@example.org');
    expect(placeRows(await (await hoa.get('/programmes/hanoi-2015-2020/report?year=2020')).text())).toEqual(['district 271', 'commune 09649', 'programme ']);
  });

  it('answers a year outside the programme or not a year with 422 naming it, an unknown programme with 404', async () => {
    const api = await apiAs(t.app, people.admin);
    for (const year of ['2031', '2014', 'abc', '2020.5']) {
      const res = await api.get(`/api/v1/programmes/hanoi-2015-2020/report?year=${year}`);
      expect(res.status).toBe(422);
      expect(((await res.json()) as { errors: { question: string; message: string }[] }).errors).toEqual([{ question: 'year', message: 'Năm báo cáo là một năm của chương trình, từ 2015 đến 2020.' }]);
    }
    const page = await admin.get('/programmes/hanoi-2015-2020/report?year=1999', { cookie: `${admin.cookie}; moc_lang=en` });
    expect(page.status).toBe(422);
    expect(await page.text()).toMatch(/<li>The year is one of the programme(&#39;|')s, from 2015 to 2020.<\/li>/);
    expect((await admin.get('/programmes/hanoi-2015-2020/report.xlsx?year=2040')).status).toBe(422);
    expect((await api.get('/api/v1/programmes/no-such-programme/report?year=2020')).status).toBe(404);
    expect((await admin.get('/programmes/no-such-programme/report')).status).toBe(404);
  });

  it('without a year shows the latest year of the programme so far', async () => {
    const html = await (await admin.get('/programmes/hanoi-2015-2020/report')).text();
    expect(html).toContain('data-year="">2020<');
  });
});
