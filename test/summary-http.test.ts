/**
 * The sponsor summary over HTTP (routes/summary.tsx): who may open it, in English and Vietnamese, suppressed and
 * counting approved submissions only whoever asks, linked from the pages sponsors use, and its PDF read back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { extractText, getDocumentProxy } from 'unpdf';
import { createApp } from '../src/app';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { seedDemoSubmissions } from '../src/seed/demo';
import { bringAggregatesUpToDate } from '../src/workflows/aggregates';
import { apiAs, freshApp, people, testConfig, webAs } from './support/app';

const pilot = 'yb-service-pilot';
type Web = Awaited<ReturnType<typeof webAs>>;
let t: Awaited<ReturnType<typeof freshApp>>;
const web = {} as Record<'sponsor' | 'manager' | 'evaluator' | 'admin', Web>;

/** The demo's data: approved submissions in the pilot's baseline and midterm, some cells suppressed for sponsors. */
async function demo() {
  const app = await freshApp();
  await seedDemoSubmissions(app.db, new Date('2026-11-20T00:00:00Z'));
  await bringAggregatesUpToDate(app.db);
  return app;
}

beforeAll(async () => {
  t = await demo();
  web.sponsor = await webAs(t.app, people.sponsorWorldVision);
  web.manager = await webAs(t.app, people.managerHa);
  web.evaluator = await webAs(t.app, people.evaluatorLan);
  web.admin = await webAs(t.app, people.admin);
}, 60_000);

const inLanguage = async (as: Web, path: string, lang: 'vi' | 'en') => as.get(path, { cookie: `${as.cookie}; moc_lang=${lang}` });

/** The HTML of one indicator's rows (its <tbody>). */
const rowsOf = (html: string, indicator: string) => [...html.matchAll(/<tbody data-indicator="([^"]+)">[\s\S]*?<\/tbody>/g)].find((m) => m[1] === indicator)?.[0] ?? '';
const stateOf = (rows: string, kind: string) => new RegExp(`data-round="${kind}" data-state="([a-z-]+)"`).exec(rows)?.[1];
const householdsAt = (rows: string, kind: string) => new RegExp(`data-round="${kind}" data-state="value"><strong>[^<]+</strong><span class="summary-detail">n = (\\d+) households`).exec(rows)?.[1];

async function pdfText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  return (await extractText(await getDocumentProxy(bytes), { mergePages: true })).text.replace(/\s+/g, ' ');
}

describe('who opens a summary', () => {
  it('the pilot’s sponsor reads it in English: title, programme, period, date generated in Vietnam, data as of, method', async () => {
    const res = await inLanguage(web.sponsor, `/models/${pilot}/summary`, 'en');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<p class="summary-kicker">Sponsor summary</p>');
    expect(html).toContain('<h1>Yen Bai child-protection service connection pilot</h1>');
    for (const [name, value] of [['Programme', 'Yen Bai child-protection service pilot 2018–2020'], ['Period', '1 Jan 2018 – 31 Dec 2020'], ['Sponsor', 'World Vision'], ['Date generated', '20 Nov 2026'], ['Data as of', '15 Nov 2020']]) {
      expect(html).toContain(`<dt>${name}</dt><dd>${value}</dd>`);
    }
    expect(html).toContain('<h2>Method</h2>');
    expect(html).toContain('<th scope="col">Baseline</th><th scope="col">Midterm</th><th scope="col">Final</th><th scope="col">Target</th>');
    // A sentence per change, from the statistics.
    expect(rowsOf(html, 'caregivers-know-111')).toMatch(/data-change="baseline-midterm" data-kind="unclear">Baseline → Midterm: \+18\.8 points/);
    expect(rowsOf(html, 'child-friendly-communes')).toContain('data-kind="census"');
    expect(rowsOf(html, 'child-friendly-communes')).toMatch(/<td data-target[^>]*>≥ 90% \(2020\)<\/td>/);
  });

  it('and in Vietnamese', async () => {
    const html = await (await inLanguage(web.sponsor, `/models/${pilot}/summary`, 'vi')).text();
    expect(html).toContain('<p class="summary-kicker">Báo cáo tóm tắt cho nhà tài trợ</p>');
    expect(html).toContain('<dt>Ngày lập</dt><dd>20/11/2026</dd>');
    expect(html).toContain('<dt>Số liệu tính đến</dt><dd>15/11/2020</dd>');
    expect(html).toContain('<h2>Phương pháp</h2>');
  });

  it('evaluators never (403); a manager of other models not this one (404); the pilot’s programme only where one reaches a model of it', async () => {
    expect((await web.evaluator.get(`/models/${pilot}/summary`)).status).toBe(403);
    expect((await web.evaluator.get(`/models/${pilot}/summary.pdf`)).status).toBe(403);
    expect((await web.manager.get(`/models/${pilot}/summary`)).status).toBe(404);
    expect((await web.manager.get(`/models/${pilot}/summary.pdf`)).status).toBe(404);
    expect((await web.manager.get('/models/hn-phu-chau/summary')).status).toBe(200);
    expect((await web.sponsor.get('/models/hn-phu-chau/summary')).status).toBe(404);
    expect((await web.sponsor.get('/models/no-such-model/summary')).status).toBe(404);
    expect((await web.sponsor.get('/programmes/hanoi-2015-2020/summary')).status).toBe(404);
    expect((await web.manager.get('/programmes/yen-bai-2018-2020/summary')).status).toBe(404);
    expect((await web.evaluator.get('/programmes/hanoi-2015-2020/summary')).status).toBe(403);
  });

  it('a programme’s summary has a section per model the reader reaches in it', async () => {
    const html = await inLanguage(web.manager, '/programmes/hanoi-2015-2020/summary', 'en').then((r) => r.text());
    expect(html).toContain('<p class="summary-kicker">Programme summary for sponsors</p>');
    expect(html.match(/<section class="summary-section"><h2>/g)).toHaveLength(9);
    const sponsor = await inLanguage(web.sponsor, '/programmes/yen-bai-2018-2020/summary', 'en').then((r) => r.text());
    expect(sponsor).toContain('<h2>Yen Bai child-protection service connection pilot</h2>');
  });
});

describe('what it counts and hides', () => {
  it('suppressed as sponsors read indicators, for every reader: a cell the admin’s API shows is hidden in the admin’s summary too', async () => {
    const api = await apiAs(t.app, people.admin);
    const indicators = ((await (await api.get(`/api/v1/models/${pilot}/indicators`)).json()) as { indicators: { id: string; rounds: { kind: string; suppressed: boolean; value?: number | null }[] }[] }).indicators;
    const unsuppressed = indicators.find((i) => i.id === 'children-birth-registered')!.rounds.find((r) => r.kind === 'midterm')!;
    expect(unsuppressed).toMatchObject({ suppressed: false });
    expect(unsuppressed.value).toBeTypeOf('number');
    for (const as of [web.sponsor, web.admin]) {
      const rows = rowsOf(await inLanguage(as, `/models/${pilot}/summary`, 'en').then((r) => r.text()), 'children-birth-registered');
      expect(stateOf(rows, 'midterm')).toBe('suppressed');
      expect(rows).toContain('suppressed (few people)');
      // Nothing is said about a change to or from the hidden round.
      expect(rows).not.toContain('data-change="baseline-midterm"');
    }
  });

  it('approved submissions only: a household not yet reviewed counts once approved, and moves "data as of"', async () => {
    const own = await demo();
    const admin = await apiAs(own.app, people.admin);
    const sponsor = await webAs(own.app, people.sponsorWorldVision);
    const summary = async () => (await inLanguage(sponsor, `/models/${pilot}/summary`, 'en')).text();
    const before = await summary();
    expect(householdsAt(rowsOf(before, 'caregivers-know-111'), 'midterm')).toBe('96');
    const id = crypto.randomUUID();
    const sent = await admin.post('/api/v1/submissions', { id, round: `${pilot}-midterm`, commune: '04771', instrument: 'household', version: 1, answers: householdAnswers(seededRng(3), { knows111Rate: 0.5 }) });
    expect(sent.status).toBe(201);
    const received = await summary();
    expect(householdsAt(rowsOf(received, 'caregivers-know-111'), 'midterm')).toBe('96');
    expect(received).toContain('<dt>Data as of</dt><dd>15 Nov 2020</dd>');
    expect((await admin.post(`/api/v1/submissions/${id}/reviews`, { status: 'approved' })).status).toBe(201);
    const approved = await summary();
    expect(householdsAt(rowsOf(approved, 'caregivers-know-111'), 'midterm')).toBe('97');
    expect(approved).toContain('<dt>Data as of</dt><dd>20 Nov 2026</dd>');
  }, 60_000);
});

describe('the PDF', () => {
  it('is a PDF of the same summary, in English for the sponsor', async () => {
    const res = await inLanguage(web.sponsor, `/models/${pilot}/summary.pdf`, 'en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="summary-yb-service-pilot-2026-11-20.pdf"');
    const text = await pdfText(res);
    for (const words of ['Sponsor summary', 'Yen Bai child-protection service connection pilot', 'Date generated 20 Nov 2026', 'Data as of 15 Nov 2020', 'suppressed (few people)', 'Baseline → Midterm: +18.8 points', 'Method', 'Page 1 of 2']) {
      expect(text).toContain(words);
    }
  });

  it('in Vietnamese, with every letter', async () => {
    const text = await pdfText(await inLanguage(web.sponsor, `/models/${pilot}/summary.pdf`, 'vi'));
    for (const words of ['Báo cáo tóm tắt cho nhà tài trợ', 'Mô hình cung cấp, kết nối dịch vụ bảo vệ trẻ em Yên Bái', 'Ngày lập 20/11/2026', 'Vĩnh Kiên', 'ẩn (ít người)']) {
      expect(text).toContain(words);
    }
  });

  it('where no PDF writer is given (Workers) the download answers 501 pdf_unavailable in the reader’s language, and the page offers none', async () => {
    const workers = createApp({ db: t.db, clock: () => new Date('2026-11-20T09:00:00Z'), config: testConfig });
    const headers = { cookie: `${web.sponsor.cookie}; moc_lang=en`, accept: 'application/json' };
    const res = await workers.request(`/models/${pilot}/summary.pdf`, { headers });
    expect(res.status).toBe(501);
    expect(JSON.stringify(await res.json())).toContain('This server cannot write PDF files');
    const page = await (await workers.request(`/models/${pilot}/summary`, { headers: { cookie: headers.cookie } })).text();
    expect(page).not.toContain('data-pdf');
    expect(await inLanguage(web.sponsor, `/models/${pilot}/summary`, 'en').then((r) => r.text())).toContain(`href="/models/${pilot}/summary.pdf" download`);
  });
});

describe('links to it', () => {
  it('from the model page, the programme overview and the home page of those who may open it', async () => {
    const modelPage = await (await web.sponsor.get(`/models/${pilot}`)).text();
    expect(modelPage).toContain(`href="/models/${pilot}/summary"`);
    for (const path of ['/programme', '/']) expect(await (await web.sponsor.get(path)).text()).toContain('href="/programmes/yen-bai-2018-2020/summary"');
    expect(await (await web.manager.get('/programme')).text()).toContain('href="/programmes/hanoi-2015-2020/summary"');
    // Lan sees the model pages of her rounds, never a summary.
    const lans = await (await web.evaluator.get('/models/hn-phu-chau')).text();
    expect(lans).not.toMatch(/data-summary-link|\/summary"/);
  });
});
