/**
 * The figures' contract, on Node + SQLite and on workerd + local D1 from this one file (harness.ts): a model's
 * indicators from the kept sums written with each submission, the overview, a sponsor's suppressed cell, the
 * roll-up page, and registered counts entered on their page. The same numbers, intervals and messages on both.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registeredCounts } from '../../db/schema';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { people, seededApp, type SeededApp } from './harness';

let t: SeededApp;
/** One of Lan's submissions to Mê Linh's midterm. */
let lansSubmission: string;
const rng = seededRng(5);
const household = (round: string, commune: string, knows111: boolean) => ({
  id: crypto.randomUUID(),
  round,
  commune,
  instrument: 'household',
  version: 1,
  answers: { ...householdAnswers(rng, { knows111Rate: 0.5 }), knows_111: knows111 ? 'yes' : 'no' },
});

beforeAll(async () => {
  t = await seededApp();
  // Mê Linh's midterm: 6 caregivers, 4 of whom know 111, sent by its evaluator.
  const lan = await t.api(people.evaluatorLan);
  const sent = [];
  for (let i = 0; i < 6; i++) sent.push(household('hn-me-linh-midterm', '09010', i < 4));
  for (const body of sent) expect((await lan.post('/api/v1/submissions', body)).status).toBe(201);
  lansSubmission = sent[0].id;
  // A resend (the device never heard the answer) is a replay: counted once.
  expect((await lan.post('/api/v1/submissions', sent[0])).status).toBe(200);
  // Yên Bái's midterm: 3 caregivers, sent and approved by an admin (sponsors read approved submissions only).
  const admin = await t.api(people.admin);
  const ids = [];
  for (let i = 0; i < 3; i++) {
    const body = household('yb-service-pilot-midterm', '04771', i < 2);
    expect((await admin.post('/api/v1/submissions', body)).status).toBe(201);
    ids.push(body.id);
  }
  const approved = await admin.post('/api/v1/rounds/yb-service-pilot-midterm/approvals', { ids });
  expect(await approved.json()).toEqual({ approved: ids, skipped: [] });
});

type Round = { round: string; kind: string; [key: string]: unknown };
async function roundsOf(email: string, model: string, indicator = 'caregivers-know-111') {
  const res = await (await t.api(email)).get(`/api/v1/models/${model}/indicators?indicator=${indicator}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { indicators: { id: string; rounds: Round[]; changes: unknown[] }[] };
  expect(body.indicators.map((i) => i.id)).toEqual([indicator]);
  return body.indicators[0];
}

describe('indicators', () => {
  it("gives a manager the model's value per round from the kept sums (each submission once), with its interval", async () => {
    const { rounds } = await roundsOf(people.managerHa, 'hn-me-linh');
    expect(rounds.find((r) => r.kind === 'midterm')).toEqual({
      round: 'hn-me-linh-midterm',
      kind: 'midterm',
      numerator: 4,
      denominator: 6,
      value: 66.7,
      n: 6,
      suppressed: false,
      // Clopper–Pearson (fewer than 30 households), one commune: no design effect, normal quantiles.
      ci: [22.3, 95.7],
      method: 'exact',
      deff: 1,
      df: null,
      status: 'no-target',
      progress: null,
      offTrack: false,
    });
    expect(rounds.find((r) => r.kind === 'baseline')).toMatchObject({ numerator: 0, denominator: 0, value: null, n: 0 });
  });

  it('gives the same value in the programme overview', async () => {
    const res = await (await t.api(people.managerHa)).get('/api/v1/indicators?province=01&round=midterm&indicator=caregivers-know-111');
    expect(res.status).toBe(200);
    const { models } = (await res.json()) as { models: { id: string; indicators: { id: string; value: Round | null }[] }[] };
    expect(models.find((m) => m.id === 'hn-me-linh')!.indicators[0].value).toMatchObject({ round: 'hn-me-linh-midterm', numerator: 4, denominator: 6, value: 66.7, n: 6 });
    expect(models.find((m) => m.id === 'hn-phu-chau')!.indicators[0].value).toMatchObject({ round: 'hn-phu-chau-midterm', n: 0, value: null, status: 'no-data' });
  });

  it('hides a value of 3 households from the sponsor, and only from the sponsor', async () => {
    const sponsor = await roundsOf(people.sponsorWorldVision, 'yb-service-pilot');
    expect(sponsor.rounds.find((r) => r.kind === 'midterm')).toEqual({ round: 'yb-service-pilot-midterm', kind: 'midterm', suppressed: true });
    const admin = await roundsOf(people.admin, 'yb-service-pilot');
    expect(admin.rounds.find((r) => r.kind === 'midterm')).toMatchObject({ numerator: 2, denominator: 3, n: 3, suppressed: false });
  });
});

describe('the roll-up page', () => {
  /** Each row of the roll-up's table: its unit, and the 111 cell's "value% … n = N hộ". */
  async function rollUp(query: string) {
    const res = await (await t.web(people.admin)).get(`/programme/rollup?${query}&chart=caregivers-know-111`, { 'hx-request': 'true' });
    expect(res.status).toBe(200);
    const html = await res.text();
    return [...html.matchAll(/<tr data-unit="([^"]+)">(.*?)<\/tr>/gs)].map(([, unit, row]) => ({ unit, n: Number(/n = (\d+) hộ/.exec(row)?.[1] ?? 0), value: /<strong>([\d,]+)%/.exec(row)?.[1] ?? null }));
  }

  it("adds the communes' kept sums up per province and for the whole programme", async () => {
    expect(await rollUp('level=province&boundaries=round&round=midterm')).toEqual([
      { unit: '01', n: 6, value: '66,7' },
      { unit: '15', n: 3, value: '66,7' },
    ]);
    expect(await rollUp('level=programme&boundaries=round&round=midterm')).toEqual([{ unit: 'programme', n: 9, value: '66,7' }]);
  });
});

describe('registered counts', () => {
  const path = '/rounds/hn-phu-chau-baseline/counts';
  const valid = { source: 'Báo cáo UBND xã', as_of: '2026-10-01' };
  const stored = () => t.db.select({ figure: registeredCounts.figure, value: registeredCounts.value }).from(registeredCounts).where(eq(registeredCounts.roundId, 'hn-phu-chau-baseline'));

  it("stores a manager's figures from the page, and the ratio indicator follows them", async () => {
    const ha = await t.web(people.managerHa);
    const res = await ha.postForm(path, { ...valid, 'count-09649-csc_total': '40', 'count-09649-csc_assisted': '38' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Đã lưu 2 số liệu.');
    const { rounds } = await roundsOf(people.managerHa, 'hn-phu-chau', 'csc-assisted');
    expect(rounds.find((r) => r.kind === 'baseline')).toMatchObject({ numerator: 38, denominator: 40, value: 95, method: 'census' });
  });

  it('refuses a decimal count with 422 and its message in both languages, storing nothing', async () => {
    const ha = await t.web(people.managerHa);
    const before = await stored();
    const fields = { ...valid, 'count-09649-csc_total': '40.5' };
    const vi = await ha.postForm(path, fields);
    expect(vi.status).toBe(422);
    expect(await vi.text()).toContain('Nhập số nguyên, không dùng dấu chấm hay dấu phẩy.');
    const en = await (await t.web(people.managerHa, 'en')).postForm(path, fields);
    expect(en.status).toBe(422);
    expect(await en.text()).toContain('Enter a whole number, without dots or commas.');
    expect(await stored()).toEqual(before);
  });
});

describe('the pages', () => {
  // Each page as admin, manager Hà, the sponsor and evaluator Lan see it: rendered from the same data, or refused alike.
  const pages: [string, number, number, number, number][] = [
    ['/', 200, 200, 200, 200],
    ['/programme?round=midterm', 200, 200, 200, 403],
    ['/programme/rollup?level=district&round=midterm', 200, 200, 200, 403],
    ['/models/hn-me-linh', 200, 200, 404, 200],
    ['/models/yb-service-pilot/summary', 200, 404, 200, 403],
    ['/programmes/hanoi-2015-2020/summary', 200, 200, 404, 403],
    ['/programmes/hanoi-2015-2020/report?year=2017', 200, 200, 403, 403],
    ['/rounds/hn-me-linh-midterm', 200, 200, 404, 200],
    ['/rounds/hn-me-linh-midterm/counts', 200, 200, 403, 403],
    ['/targets', 200, 200, 403, 403],
    ['/users', 200, 200, 403, 403],
    ['/audit', 200, 403, 403, 403],
    ['/imports', 200, 200, 403, 200],
    ['/submissions/LAN', 200, 200, 403, 200],
  ];
  it('renders each page for whom it is, and refuses the others', async () => {
    const roles = [people.admin, people.managerHa, people.sponsorWorldVision, people.evaluatorLan];
    const clients = await Promise.all(roles.map((email) => t.web(email)));
    const seen = [];
    for (const [path] of pages) {
      const statuses = [];
      for (const client of clients) statuses.push((await client.get(path.replace('LAN', lansSubmission))).status);
      seen.push([path, ...statuses]);
    }
    expect(seen).toEqual(pages);
  });
});
