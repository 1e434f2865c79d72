/**
 * Exports (issue 15, part 3) over HTTP on real SQLite: a round's submissions as CSV (parsed back: one row per
 * submission, the children linked by id, the BOM, titles with codes, choice labels) and XLSX (read back with
 * exceljs), a model's indicators as the indicator API gives them (suppressed for a sponsor); who may export
 * what; personal answers only to those who may read them; removed submissions never; bad queries as problems;
 * one audit entry per export; 501 where no XLSX writer is given (Workers).
 */
import ExcelJS from 'exceljs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, submissions } from '../db/schema';
import { createApp } from '../src/app';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, testConfig, webAs } from './support/app';
import { surveyFile } from './support/instruments';

let t: Awaited<ReturnType<typeof freshApp>>;
type Api = Awaited<ReturnType<typeof apiAs>>;
let admin: Api;
let ha: Api;
let wv: Api;
let lan: Api;
const rng = seededRng(1515);
const round = 'hn-phu-chau-midterm';
const secret = { hamlet: 'Xóm Gốc Gạo', household_number: '0427', comments: 'Chị Nguyễn Thị Hoa, 0912 345 678' };
/** Lan's households: received, approved, removed, with issues. */
const ids = { received: crypto.randomUUID(), approved: crypto.randomUUID(), removed: crypto.randomUUID(), issues: crypto.randomUUID() };
const answersOf = new Map<string, Record<string, unknown>>();

/** RFC 4180: quoted fields with "" for a quote, CRLF or LF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += ch;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

/** A CSV export as records keyed by header, after checking the BOM. */
async function csv(res: Response) {
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="moc-.+\.csv"$/);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
  const [headers, ...rows] = parseCsv(text);
  for (const r of rows) expect(r.length).toBe(headers.length);
  return { text, headers, rows, records: rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]]))) };
}

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as { code: string; errors?: { question: string }[] };
  expect(body.code).toBe(code);
  return body;
}

/** Submissions of the round an export should hold: not removed, and in the states asked. */
async function storedIds(states: string[]) {
  const rows = await t.db.select({ id: submissions.id }).from(submissions).where(and(eq(submissions.roundId, round), eq(submissions.instrumentSlug, 'household'), inArray(submissions.reviewState, states as never[])));
  return rows.map((r) => r.id).sort();
}

const exportEntries = async () => t.db.select().from(auditLog).where(eq(auditLog.action, 'export'));

beforeAll(async () => {
  t = await freshApp();
  [admin, ha, wv, lan] = await Promise.all([people.admin, people.managerHa, people.sponsorWorldVision, people.evaluatorLan].map((p) => apiAs(t.app, p)));
  // Household v3 marks hamlet, household number and comments personal (answers on v1 included).
  const released = await admin.post('/api/v1/instruments', { slug: 'household', version: 3, json: surveyFile('household.v3.json'), renamed: { hotline_111: 'knows_111' }, release: true });
  expect(released.status).toBe(201);
  for (const id of Object.values(ids)) {
    const answers = { ...householdAnswers(rng, { knows111Rate: 0.5, hamlet: secret.hamlet, householdNumber: secret.household_number }), comments: secret.comments, respondent_relation: 'grandparent' };
    answersOf.set(id, answers);
    const res = await lan.post('/api/v1/submissions', { id, round, commune: '09649', instrument: 'household', version: 1, answers });
    expect(res.status, await res.clone().text()).toBe(201);
  }
  const review = (id: string, body: unknown) => admin.post(`/api/v1/submissions/${id}/reviews`, body);
  expect((await review(ids.approved, { status: 'approved' })).status).toBe(201);
  expect((await review(ids.removed, { status: 'removed', comment: 'Phiếu thử' })).status).toBe(201);
  expect((await review(ids.issues, { status: 'has_issues', comment: 'Số hộ sai' })).status).toBe(201);
  // One approved household in World Vision's Yên Bái pilot: a value of n = 1, suppressed for the sponsor.
  const yb = crypto.randomUUID();
  expect((await admin.post('/api/v1/submissions', { id: yb, round: 'yb-service-pilot-midterm', commune: '04771', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) })).status).toBe(201);
  expect((await review(yb, { status: 'approved' })).status).toBe(201);
}, 60_000);

describe('submissions as CSV', () => {
  it('one row per received or approved submission, never a removed one or one with issues, question titles with codes and choice labels', async () => {
    const { headers, records } = await csv(await ha.get(`/api/v1/exports/submissions.csv?round=${round}&lang=en`));
    expect(headers.slice(0, 3)).toEqual(['Submission id', 'Round', 'Commune code']);
    expect(headers).toContain("Respondent's relation to the children [respondent_relation]");
    expect(headers).toContain('Children under 18 living in the household [children] (entries)');
    const exported = records.map((r) => r['Submission id']).sort();
    expect(exported).toEqual(await storedIds(['received', 'approved']));
    expect(exported).toContain(ids.received);
    expect(exported).toContain(ids.approved);
    expect(exported).not.toContain(ids.removed);
    expect(exported).not.toContain(ids.issues);
    const mine = records.find((r) => r['Submission id'] === ids.approved)!;
    expect(mine['Respondent\'s relation to the children [respondent_relation]']).toBe('Grandparent');
    expect(mine['Review state']).toBe('Approved');
    expect(mine.Round).toBe(round);
    expect(mine['Commune code']).toBe('09649');
    expect(mine["Respondent's age [respondent_age]"]).toBe(String(answersOf.get(ids.approved)!.respondent_age));
    expect(Number(mine['Children under 18 living in the household [children] (entries)'])).toBe((answersOf.get(ids.approved)!.children as unknown[]).length);
  });

  it('in the reader’s language: Vietnamese by default for the API, English with Accept-Language or ?lang', async () => {
    const vi = await csv(await ha.get(`/api/v1/exports/submissions.csv?round=${round}`));
    expect(vi.headers[0]).toBe('Mã phiếu');
    expect(vi.headers).toContain('Quan hệ của người trả lời với trẻ [respondent_relation]');
    expect(vi.records.find((r) => r['Mã phiếu'] === ids.approved)!['Quan hệ của người trả lời với trẻ [respondent_relation]']).toBe('Ông/bà');
    const en = await csv(await t.app.request(`/api/v1/exports/submissions.csv?round=${round}`, { headers: { authorization: `Bearer ${ha.token}`, 'accept-language': 'en' } }));
    expect(en.headers[0]).toBe('Submission id');
  });

  it('the children as a table of their own, one row per child, linked by submission id', async () => {
    const main = await csv(await ha.get(`/api/v1/exports/submissions.csv?round=${round}&lang=en`));
    const children = await csv(await ha.get(`/api/v1/exports/submissions.csv?round=${round}&table=children&lang=en`));
    expect(children.headers.slice(0, 2)).toEqual(['Submission id', 'Entry']);
    expect(children.headers).toContain('Sex [sex]');
    const count = (id: string) => Number(main.records.find((r) => r['Submission id'] === id)!['Children under 18 living in the household [children] (entries)']);
    const ofMain = new Set(main.records.map((r) => r['Submission id']));
    for (const r of children.records) expect(ofMain.has(r['Submission id'])).toBe(true);
    expect(children.records.length).toBe(main.records.reduce((n, r) => n + Number(r['Children under 18 living in the household [children] (entries)']), 0));
    const kids = answersOf.get(ids.received)!.children as { sex: string }[];
    const rows = children.records.filter((r) => r['Submission id'] === ids.received);
    expect(rows.length).toBe(count(ids.received));
    expect(rows.map((r) => r.Entry)).toEqual(kids.map((_, i) => String(i + 1)));
    expect(rows.map((r) => r['Sex [sex]'])).toEqual(kids.map((k) => (k.sex === 'male' ? 'Boy' : 'Girl')));
  });

  it('approved only on asking (counted=approved)', async () => {
    const { records } = await csv(await ha.get(`/api/v1/exports/submissions.csv?round=${round}&counted=approved&lang=en`));
    expect(records.map((r) => r['Submission id']).sort()).toEqual(await storedIds(['approved']));
  });

  it('personal answers and the household code to the model’s manager only: an admin’s export holds none', async () => {
    const manager = await csv(await ha.get(`/api/v1/exports/submissions.csv?round=${round}&lang=en`));
    expect(manager.headers).toContain('Hamlet / village [hamlet]');
    expect(manager.headers).toContain('Household code');
    expect(manager.text).toContain(secret.hamlet);
    const byAdmin = await csv(await admin.get(`/api/v1/exports/submissions.csv?round=${round}&lang=en`));
    expect(byAdmin.records.length).toBe(manager.records.length);
    expect(byAdmin.headers.filter((h) => /\[(hamlet|household_number|comments)\]/.test(h) || h === 'Household code')).toEqual([]);
    for (const v of Object.values(secret)) expect(byAdmin.text).not.toContain(v);
    const children = await admin.get(`/api/v1/exports/submissions.csv?round=${round}&table=children`);
    const text = await children.text();
    for (const v of Object.values(secret)) expect(text).not.toContain(v);
  });

  it('the same download from the round page’s link with a session, whose links only those who may export see', async () => {
    const web = await webAs(t.app, people.managerHa);
    const page = await (await web.get(`/rounds/${round}`)).text();
    expect(page).toContain(`href="/exports/submissions.csv?round=${round}"`);
    expect(page).toContain(`href="/exports/submissions.csv?round=${round}&amp;table=children"`);
    expect(page).toContain(`href="/exports/submissions.xlsx?round=${round}"`);
    const { records } = await csv(await web.get(`/exports/submissions.csv?round=${round}`));
    expect(records.length).toBe((await storedIds(['received', 'approved'])).length);
    const lanPage = await (await (await webAs(t.app, people.evaluatorLan)).get(`/rounds/${round}`)).text();
    expect(lanPage).not.toContain('/exports/');
    const sponsorPage = await (await (await webAs(t.app, people.sponsorWorldVision)).get('/rounds/yb-service-pilot-midterm')).text();
    expect(sponsorPage).not.toContain('/exports/submissions');
  });
});

describe('submissions as XLSX', () => {
  it('parses with exceljs: a sheet of submissions and one of children, as the CSV files hold them', async () => {
    const res = await ha.get(`/api/v1/exports/submissions.xlsx?round=${round}&lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Submissions', 'children']);
    const values = (name: string) => {
      const rows: unknown[][] = [];
      book.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const main = await csv(await ha.get(`/api/v1/exports/submissions.csv?round=${round}&lang=en`));
    const sheet = values('Submissions');
    expect(sheet[0]).toEqual(main.headers);
    expect(sheet.length - 1).toBe(main.records.length);
    const row = sheet.find((r) => r[0] === ids.approved)!;
    expect(row[main.headers.indexOf("Respondent's relation to the children [respondent_relation]")]).toBe('Grandparent');
    // Numbers stay numbers in the workbook.
    expect(row[main.headers.indexOf("Respondent's age [respondent_age]")]).toBe(answersOf.get(ids.approved)!.respondent_age);
    const children = await csv(await ha.get(`/api/v1/exports/submissions.csv?round=${round}&table=children&lang=en`));
    expect(values('children').length - 1).toBe(children.records.length);
  });

  it('answers 501 with a problem where no XLSX writer is given (Workers), CSV still working', async () => {
    const workers = createApp({ db: t.db, clock: () => new Date('2026-11-20T09:00:00Z'), config: testConfig });
    const headers = { authorization: `Bearer ${ha.token}` };
    await problem(await workers.request(`/api/v1/exports/submissions.xlsx?round=${round}`, { headers }), 501, 'xlsx_unavailable');
    expect((await workers.request(`/api/v1/exports/submissions.csv?round=${round}`, { headers })).status).toBe(200);
  });
});

describe('who may export', () => {
  it('a sponsor gets 403 for submissions and an evaluator 403 for both', async () => {
    await problem(await wv.get('/api/v1/exports/submissions.csv?round=yb-service-pilot-midterm'), 403, 'forbidden');
    await problem(await lan.get(`/api/v1/exports/submissions.csv?round=${round}`), 403, 'forbidden');
    await problem(await lan.get('/api/v1/exports/indicators.csv?model=hn-phu-chau'), 403, 'forbidden');
  });

  it('a manager outside the model gets 404, as for an unknown round or model', async () => {
    await problem(await ha.get('/api/v1/exports/submissions.csv?round=yb-service-pilot-midterm'), 404, 'not_found');
    await problem(await ha.get('/api/v1/exports/indicators.xlsx?model=yb-service-pilot'), 404, 'not_found');
    await problem(await ha.get('/api/v1/exports/submissions.csv?round=no-such-round'), 404, 'not_found');
    await problem(await admin.get('/api/v1/exports/indicators.csv?model=no-such-model'), 404, 'not_found');
  });

  it('the sponsor’s indicator export is suppressed as the indicator API is', async () => {
    const api = (await (await wv.get('/api/v1/models/yb-service-pilot/indicators')).json()) as { indicators: { id: string; rounds: { round: string; suppressed: boolean; value?: number | null }[] }[] };
    const { records } = await csv(await wv.get('/api/v1/exports/indicators.csv?model=yb-service-pilot&lang=en'));
    const expected = api.indicators.flatMap((i) => i.rounds.map((r) => ({ id: i.id, round: r.round, suppressed: r.suppressed ? 'yes' : 'no' })));
    expect(records.map((r) => ({ id: r['Indicator id'], round: r.Round, suppressed: r['Suppressed (small count)'] }))).toEqual(expected);
    const hidden = records.filter((r) => r['Suppressed (small count)'] === 'yes');
    expect(hidden.length).toBeGreaterThan(0);
    for (const r of hidden) expect([r.Value, r.Numerator, r.Denominator, r.n, r['95% interval (low)']]).toEqual(['', '', '', '', '']);
  });

  it('a manager’s indicator export holds the values the API gives, as CSV and XLSX', async () => {
    const api = (await (await ha.get('/api/v1/models/hn-phu-chau/indicators')).json()) as { indicators: { id: string; rounds: { round: string; value: number | null; n: number }[] }[] };
    const { records } = await csv(await ha.get('/api/v1/exports/indicators.csv?model=hn-phu-chau&lang=en'));
    const expected = api.indicators.flatMap((i) => i.rounds.map((r) => ({ id: i.id, round: r.round, value: r.value === null ? '' : String(r.value), n: String(r.n) })));
    expect(records.map((r) => ({ id: r['Indicator id'], round: r.Round, value: r.Value, n: r.n }))).toEqual(expected);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await ha.get('/api/v1/exports/indicators.xlsx?model=hn-phu-chau&lang=en')).arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).toEqual(['Indicators']);
    expect(book.worksheets[0].rowCount - 1).toBe(records.length);
  });

  it('the model page links its indicator export for a sponsor', async () => {
    const page = await (await (await webAs(t.app, people.sponsorWorldVision)).get('/models/yb-service-pilot')).text();
    expect(page).toContain('href="/exports/indicators.csv?model=yb-service-pilot"');
  });
});

describe('bad requests', () => {
  it('answer 4xx problems naming what is wrong, never 5xx', async () => {
    expect((await problem(await ha.get('/api/v1/exports/submissions.csv'), 422, 'invalid_request')).errors!.map((e) => e.question)).toEqual(['round']);
    expect((await problem(await ha.get(`/api/v1/exports/submissions.pdf?round=${round}`), 422, 'invalid_request')).errors!.map((e) => e.question)).toEqual(['format']);
    expect((await problem(await ha.get(`/api/v1/exports/submissions.csv?round=${round}&table=pets`), 422, 'invalid_request')).errors!.map((e) => e.question)).toEqual(['table']);
    expect((await problem(await ha.get(`/api/v1/exports/submissions.csv?round=${round}&instrument=nothing`), 422, 'invalid_request')).errors!.map((e) => e.question)).toEqual(['instrument']);
    expect((await problem(await ha.get(`/api/v1/exports/submissions.csv?round=${round}&lang=fr&counted=all`), 422, 'invalid_request')).errors!.map((e) => e.question)).toEqual(['lang', 'counted']);
    expect((await problem(await ha.get('/api/v1/exports/indicators.csv'), 422, 'invalid_request')).errors!.map((e) => e.question)).toEqual(['model']);
    await problem(await ha.get('/api/v1/exports/everything.csv'), 404, 'not_found');
    await problem(await t.app.request(`/api/v1/exports/submissions.csv?round=${round}`), 401, 'unauthenticated');
  });
});

describe('the audit log', () => {
  it('records every export once: who, what, the filters and the number of rows', async () => {
    const before = (await exportEntries()).length;
    await (await ha.get(`/api/v1/exports/submissions.csv?round=${round}&table=children&counted=approved`)).arrayBuffer();
    await (await wv.get('/api/v1/exports/indicators.csv?model=yb-service-pilot')).arrayBuffer();
    await (await ha.get('/api/v1/exports/submissions.csv?round=yb-service-pilot-midterm')).arrayBuffer(); // refused: no entry
    const entries = (await exportEntries()).slice(before);
    expect(entries.length).toBe(2);
    const [rounds, model] = entries;
    const [{ children }] = await t.db
      .select({ children: sql<number>`sum(json_array_length(${submissions.answers}, '$.children'))` })
      .from(submissions)
      .where(and(eq(submissions.roundId, round), eq(submissions.instrumentSlug, 'household'), eq(submissions.reviewState, 'approved')));
    expect(rounds).toMatchObject({ objectType: 'round', objectId: round });
    expect(JSON.parse(rounds.detail!)).toEqual({ export: 'submissions', format: 'csv', instrument: 'household', counted: 'approved', lang: 'vi', personal: true, table: 'children', rows: children, via: 'api' });
    expect(model).toMatchObject({ objectType: 'model', objectId: 'yb-service-pilot' });
    expect(JSON.parse(model.detail!)).toMatchObject({ export: 'indicators', format: 'csv', counted: 'approved', suppressed: true, via: 'api' });
    const users = new Set(entries.map((e) => e.userId));
    expect(users.size).toBe(2);
  });
});
