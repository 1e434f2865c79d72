/** Registered counts: the rules of an entry with plain values, then managers entering them over HTTP. */
import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { dateInVietnam } from '../src/domain/calendar';
import { checkCountsEntry } from '../src/domain/registered-counts';
import { checklistAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';

const phuChau = { id: 1, code: '09649' };
const field = (figure: string) => `count-09649-${figure}`;
const valid = { source: 'Báo cáo UBND xã', as_of: '2026-10-01' };
const today = '2026-11-20';
const check = (form: Record<string, unknown>, stored: Record<string, number> = {}) => checkCountsEntry(form, [phuChau], new Map([[1, stored]]), today);
const problems = (form: Record<string, unknown>, stored?: Record<string, number>) => {
  const result = check(form, stored);
  return result.ok ? {} : result.problems;
};

describe('checkCountsEntry', () => {
  it('takes whole numbers, and leaves blank fields and fields still at the stored value unchanged', () => {
    const result = check({ ...valid, [field('csc_total')]: ' 12 ', [field('csc_assisted')]: '', [field('children_under16')]: '400' }, { children_under16: 400 });
    expect(result).toEqual({ ok: true, entry: { source: valid.source, asOf: '2026-10-01', values: [{ communeId: 1, figure: 'csc_total', value: 12 }] } });
  });

  it.each([
    ['1.5', 'notWhole'],
    ['1.234', 'notWhole'],
    ['12a', 'notWhole'],
    ['mười', 'notWhole'],
    ['-3', 'negative'],
    ['10000001', 'tooLarge'],
    ['99999999999999999999999', 'tooLarge'],
  ])('refuses the count %j (%s)', (typed, problem) => {
    expect(problems({ ...valid, [field('csc_total')]: typed })).toEqual({ [field('csc_total')]: problem });
  });

  it('accepts zero and 10,000,000', () => {
    expect(check({ ...valid, [field('csc_total')]: '10000000', [field('csc_assisted')]: '0' }).ok).toBe(true);
  });

  it('requires a source of at most 200 characters', () => {
    expect(problems({ ...valid, source: '  ', [field('csc_total')]: '1' })).toEqual({ source: 'sourceMissing' });
    expect(problems({ ...valid, source: 'ả'.repeat(201), [field('csc_total')]: '1' })).toEqual({ source: 'sourceTooLong' });
    expect(check({ ...valid, source: 'ả'.repeat(200), [field('csc_total')]: '1' }).ok).toBe(true);
  });

  it.each([
    ['', 'asOfMissing'],
    ['2026-02-30', 'asOfInvalid'],
    ['01/10/2026', 'asOfInvalid'],
    ['2026-11-21', 'asOfFuture'],
    ['1999-12-31', 'asOfTooEarly'],
  ])('refuses the as-of date %j (%s)', (asOf, problem) => {
    expect(problems({ ...valid, as_of: asOf, [field('csc_total')]: '1' })).toEqual({ as_of: problem });
  });

  it('accepts today and 2000-01-01 as the as-of date', () => {
    expect(check({ ...valid, as_of: today, [field('csc_total')]: '1' }).ok).toBe(true);
    expect(check({ ...valid, as_of: '2000-01-01', [field('csc_total')]: '1' }).ok).toBe(true);
  });

  it('keeps the assisted within the CSC and the timely reports within the reports, reading stored values for blanks', () => {
    expect(problems({ ...valid, [field('csc_total')]: '5', [field('csc_assisted')]: '6' })).toEqual({ [field('csc_assisted')]: 'assistedOverTotal' });
    expect(problems({ ...valid, [field('csc_assisted')]: '6' }, { csc_total: 5 })).toEqual({ [field('csc_assisted')]: 'assistedOverTotal' });
    expect(problems({ ...valid, [field('csc_total')]: '4' }, { csc_assisted: 5 })).toEqual({ [field('csc_assisted')]: 'assistedOverTotal' });
    expect(problems({ ...valid, [field('abuse_reports_12h')]: '3' }, { abuse_reports: 2 })).toEqual({ [field('abuse_reports_12h')]: 'timelyOverReports' });
    expect(check({ ...valid, [field('abuse_reports_12h')]: '2' }, { abuse_reports: 2 }).ok).toBe(true);
  });

  it('wants at least one value, and refuses a field sent twice', () => {
    expect(problems({ ...valid, [field('csc_total')]: '' })).toEqual({ entry: 'nothingEntered' });
    expect(problems({ ...valid, [field('csc_total')]: ['1', '2'] })).toEqual({ [field('csc_total')]: 'malformed' });
    expect(problems({ ...valid, source: ['a', 'b'], [field('csc_total')]: '1' })).toEqual({ source: 'malformed' });
  });

  it("dates an entry by Vietnam's calendar", () => {
    expect(dateInVietnam(new Date('2026-11-20T16:59:00Z'))).toBe('2026-11-20');
    expect(dateInVietnam(new Date('2026-11-20T17:00:00Z'))).toBe('2026-11-21');
  });
});

let t: Awaited<ReturnType<typeof freshApp>>;
beforeAll(async () => {
  t = await freshApp();
});

const round = 'hn-phu-chau-baseline';
const path = `/rounds/${round}/counts`;

/** A form post of a signed-in person, in English with `english`, to another round's counts with `to`. */
async function post(email: string, fields: Record<string, string> | URLSearchParams, opts: { headers?: Record<string, string>; english?: boolean; to?: string } = {}) {
  const client = await webAs(t.app, email);
  const body = new URLSearchParams(fields);
  body.set('_csrf', client.csrf);
  const cookie = opts.english ? `${client.cookie}; moc_lang=en` : client.cookie;
  return t.app.request(opts.to ?? path, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...opts.headers }, body });
}

const storedCounts = () => t.db.select().from(s.registeredCounts).where(eq(s.registeredCounts.roundId, round)).orderBy(asc(s.registeredCounts.figure));

async function cscAssistedAtBaseline() {
  const ha = await apiAs(t.app, people.managerHa);
  const body = (await (await ha.get('/api/v1/models/hn-phu-chau/indicators?indicator=csc-assisted')).json()) as { indicators: { rounds: { kind: string; numerator: number; denominator: number; value: number | null }[] }[] };
  return body.indicators[0].rounds.find((r) => r.kind === 'baseline')!;
}

// One manager's entries over time, each step reading the figures the step before stored: the steps keep
// their order under --sequence.shuffle (files and the other suites still shuffle).
describe('entering registered counts', { shuffle: false }, () => {
  it('links the round page to the counts for managers only', async () => {
    const ha = await webAs(t.app, people.managerHa);
    expect(await (await ha.get(`/rounds/${round}`)).text()).toContain(`href="${path}"`);
    const lan = await webAs(t.app, people.evaluatorLan);
    expect(await (await lan.get('/rounds/hn-phu-chau-midterm')).text()).not.toContain('/counts"');
    const sponsor = await webAs(t.app, people.sponsorWorldVision);
    expect(await (await sponsor.get('/rounds/yb-service-pilot-baseline')).text()).not.toContain('/counts"');
  });

  it("shows a checklist's figures as coming from the checklist", async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    const answers = checklistAnswers(seededRng(3), { reportingYear: 2017, cscAssistedRate: 0.9 });
    const sent = await lan.post('/api/v1/submissions', { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'commune-checklist', version: 1, answers });
    expect(sent.status).toBe(201);
    const html = await (await (await webAs(t.app, people.managerHa)).get('/rounds/hn-phu-chau-midterm/counts')).text();
    expect(html).toContain(`data-current="${answers.csc_total}"`);
    expect(html).toContain('từ phiếu kiểm tra cấp xã');
  });

  it("saves a manager's figures, and the ratio indicator follows them", async () => {
    expect(await cscAssistedAtBaseline()).toMatchObject({ numerator: 0, denominator: 0, value: null });
    const res = await post(people.managerHa, { ...valid, [field('csc_total')]: '40', [field('csc_assisted')]: '38', [field('children_under16')]: '' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Đã lưu 2 số liệu.');
    expect(html).toMatch(/data-current="38"/);
    expect(html).toContain('do Nguyễn Thu Hà nhập');
    expect(await cscAssistedAtBaseline()).toMatchObject({ numerator: 38, denominator: 40, value: 95 });
    const rows = await storedCounts();
    expect(rows.map((r) => [r.figure, r.value, r.source, r.asOf, r.submissionId])).toEqual([
      ['csc_assisted', 38, valid.source, valid.as_of, null],
      ['csc_total', 40, valid.source, valid.as_of, null],
    ]);
    expect(rows[0].enteredBy).not.toBeNull();
  });

  it('answers htmx with the sheet alone, prefilled with the stored values', async () => {
    const res = await post(people.managerHa, { ...valid, as_of: '2026-10-02', [field('csc_assisted')]: '39' }, { headers: { 'hx-request': 'true' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<section id="counts"')).toBe(true);
    expect(html).toContain(`name="${field('csc_assisted')}" inputmode="numeric" autocomplete="off" size="8" value="39"`);
    expect(await cscAssistedAtBaseline()).toMatchObject({ numerator: 39, denominator: 40 });
  });

  it('keeps a stored figure as of a later date, and says so', async () => {
    const res = await post(people.managerHa, { ...valid, as_of: '2026-09-01', [field('csc_assisted')]: '30' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Đã lưu 0 số liệu.');
    expect(html).toContain('Không thay thế vì đã có số liệu tính đến ngày muộn hơn:');
    expect((await storedCounts()).find((r) => r.figure === 'csc_assisted')).toMatchObject({ value: 39, asOf: '2026-10-02' });
  });

  describe('refuses a bad entry with 422, its message, and nothing stored', () => {
    const cases: [string, Record<string, string>, string, string][] = [
      ['a decimal', { [field('csc_total')]: '40.5' }, 'Nhập số nguyên, không dùng dấu chấm hay dấu phẩy.', 'Enter a whole number, without dots or commas.'],
      ['a negative count', { [field('csc_total')]: '-1' }, 'Số không được âm.', 'The number cannot be negative.'],
      ['text', { [field('csc_total')]: 'bốn mươi' }, 'Nhập số nguyên, không dùng dấu chấm hay dấu phẩy.', 'Enter a whole number, without dots or commas.'],
      ['an absurd count', { [field('csc_total')]: '20000000' }, 'Số quá lớn (tối đa 10.000.000).', 'The number is too large (at most 10,000,000).'],
      ['no source', { source: '', [field('csc_total')]: '41' }, 'Hãy ghi nguồn số liệu.', 'Give the source of the figures.'],
      ['a long source', { source: 'x'.repeat(201), [field('csc_total')]: '41' }, 'Nguồn số liệu tối đa 200 ký tự.', 'The source is at most 200 characters.'],
      ['no date', { as_of: '', [field('csc_total')]: '41' }, 'Hãy chọn ngày của số liệu.', 'Give the date the figures refer to.'],
      ['a date that does not exist', { as_of: '2026-02-30', [field('csc_total')]: '41' }, 'Ngày không hợp lệ.', 'Not a valid date.'],
      ['a date after today', { as_of: '2026-11-21', [field('csc_total')]: '41' }, 'Ngày của số liệu không được sau hôm nay.', 'The date cannot be after today.'],
      ['a date before 2000', { as_of: '1999-12-31', [field('csc_total')]: '41' }, 'Ngày của số liệu không được trước 01/01/2000.', 'The date cannot be before 1 January 2000.'],
      ['more assisted than CSC (stored)', { [field('csc_assisted')]: '41' }, 'Không được lớn hơn số trẻ em có hoàn cảnh đặc biệt.', 'Cannot be more than the children in special circumstances.'],
      ['more timely reports than reports', { [field('abuse_reports')]: '3', [field('abuse_reports_12h')]: '4' }, 'Không được lớn hơn số tin báo xâm hại trẻ em.', 'Cannot be more than the reports of child abuse.'],
      ['nothing new', { [field('csc_total')]: '40', [field('csc_assisted')]: '' }, 'Hãy nhập ít nhất một số liệu mới hoặc đã sửa.', 'Enter at least one new or changed figure.'],
    ];
    it.each(cases)('%s', async (_, fields, vi, en) => {
      const before = await storedCounts();
      const res = await post(people.managerHa, { ...valid, ...fields });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain(vi);
      expect(html).toContain('Chưa lưu: hãy sửa các ô được đánh dấu.');
      const english = await post(people.managerHa, { ...valid, ...fields }, { english: true });
      expect(english.status).toBe(422);
      expect(await english.text()).toContain(en);
      expect(await storedCounts()).toEqual(before);
    });
  });

  it('answers garbage with 422, never a 5xx', async () => {
    const before = await storedCounts();
    const ha = await webAs(t.app, people.managerHa);
    const headers = { cookie: ha.cookie, 'x-csrf-token': ha.csrf };
    const bodies: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      ['application/json', '{"source": "x"}'],
      ['multipart/form-data; boundary=nope', '\u0000garbage'],
      ['application/x-www-form-urlencoded', '%%%&&&==='],
    ];
    for (const [type, body] of bodies) {
      const res = await t.app.request(path, { method: 'POST', headers: { ...headers, ...(type ? { 'content-type': type } : {}) }, body });
      expect(res.status, `${type}`).toBe(422);
    }
    // Without the header the token would be in the form, which does not parse: refused as a forged form.
    const unreadable = await t.app.request(path, { method: 'POST', headers: { cookie: ha.cookie, 'content-type': 'multipart/form-data; boundary=nope' }, body: 'garbage' });
    expect(unreadable.status).toBe(403);
    const twice = new URLSearchParams({ ...valid, [field('csc_total')]: '42', 'count-99999-csc_total': '1', surprise: 'x' });
    twice.append(field('csc_total'), '43');
    const res = await post(people.managerHa, twice);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Giá trị không hợp lệ.');
    expect(await storedCounts()).toEqual(before);
  });

  it('forbids evaluators and sponsors, and hides rounds outside a manager’s models', async () => {
    for (const email of [people.evaluatorLan, people.sponsorWorldVision]) {
      expect((await (await webAs(t.app, email)).get(path)).status).toBe(403);
      expect((await post(email, { ...valid, [field('csc_total')]: '1' })).status).toBe(403);
    }
    const ha = await webAs(t.app, people.managerHa);
    expect((await ha.get('/rounds/yb-service-pilot-baseline/counts')).status).toBe(404);
    expect((await post(people.managerHa, { ...valid, [field('csc_total')]: '1' }, { to: '/rounds/yb-service-pilot-baseline/counts' })).status).toBe(404);
    expect((await ha.get('/rounds/no-such-round/counts')).status).toBe(404);
    expect((await (await webAs(t.app, people.admin)).get('/rounds/yb-service-pilot-baseline/counts')).status).toBe(200);
  });
});
