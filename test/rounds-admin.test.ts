/**
 * Rounds run without code (issue 12, part 4): created with their window, sample and pinned instrument versions,
 * opened and closed by who runs the model, reopened by an admin with a reason; a closed round refuses sends.
 */
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { rounds, roundStatusChanges, submissions } from '../db/schema';
import { checkRoundEntry, checkStatusChange } from '../src/domain/rounds';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const rng = seededRng(21);
const send = (token: string, method: 'POST' | 'PATCH', path: string, body: unknown) =>
  t.app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const newRound = { model: 'hnam-abuse-violence', kind: 'baseline', plannedStart: '2014-03-01', plannedEnd: '2014-05-31', plannedSamplePerCommune: 30, instruments: [{ slug: 'household', version: 1 }] };

beforeAll(async () => {
  t = await freshApp();
});

describe('checkRoundEntry and checkStatusChange', () => {
  const known = { kindsTaken: ['baseline'], instrumentExists: (slug: string, version: number) => slug === 'household' && version <= 2 };
  it('names each problem', () => {
    const bad = checkRoundEntry({ model: 'm', kind: 'baseline', plannedStart: '2020-02-30', plannedEnd: '2019-01-01', plannedSamplePerCommune: 0, instruments: [{ slug: 'household', version: 3 }] }, known, 'en');
    expect(!bad.ok && bad.errors.map((e) => e.question)).toEqual(['kind', 'plannedStart', 'plannedSamplePerCommune', 'instruments.0']);
    const reversed = checkRoundEntry({ ...newRound, kind: 'final', plannedStart: '2020-12-31', plannedEnd: '2020-10-01' }, known, 'vi');
    expect(reversed).toEqual({ ok: false, errors: [{ question: 'plannedEnd', message: 'Ngày kết thúc phải sau ngày bắt đầu.' }] });
    expect(checkRoundEntry({ ...newRound, kind: 'final' }, known, 'en')).toMatchObject({ ok: true, entry: { kind: 'final', plannedSamplePerCommune: 30 } });
  });
  it('lets only an admin reopen, with a reason', () => {
    expect(checkStatusChange('open', 'closed', { mayReopen: false }, undefined, 'en')).toEqual({ ok: true, to: 'closed', reason: null });
    expect(checkStatusChange('closed', 'open', { mayReopen: false }, 'x', 'en')).toMatchObject({ ok: false, forbidden: true });
    expect(checkStatusChange('closed', 'open', { mayReopen: true }, ' ', 'en')).toMatchObject({ ok: false, errors: [{ question: 'reason' }] });
    expect(checkStatusChange('closed', 'open', { mayReopen: true }, ' late households ', 'en')).toEqual({ ok: true, to: 'open', reason: 'late households' });
  });
});

describe('POST /api/v1/rounds', () => {
  it('an admin creates a round with its pins (201); the same kind again, a reversed window or an unknown version is a 422', async () => {
    const admin = await apiAs(t.app, people.admin);
    const created = await send(admin.token, 'POST', '/api/v1/rounds', newRound);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'hnam-abuse-violence-baseline', status: 'open', instruments: [{ slug: 'household', version: 1 }] });
    const before = (await t.db.select({ n: count() }).from(rounds))[0].n;
    expect((await send(admin.token, 'POST', '/api/v1/rounds', newRound)).status).toBe(422);
    expect((await send(admin.token, 'POST', '/api/v1/rounds', { ...newRound, kind: 'final', plannedEnd: '2014-01-01' })).status).toBe(422);
    expect((await send(admin.token, 'POST', '/api/v1/rounds', { ...newRound, kind: 'final', instruments: [{ slug: 'household', version: 9 }] })).status).toBe(422);
    expect((await send(admin.token, 'POST', '/api/v1/rounds', 'final')).status).toBe(422);
    expect((await t.db.select({ n: count() }).from(rounds))[0].n).toBe(before);
  });

  it('a manager creates rounds only for their own models; evaluators never', async () => {
    const manager = await apiAs(t.app, people.managerHa);
    expect((await send(manager.token, 'POST', '/api/v1/rounds', { ...newRound, model: 'hnam-street-labour' })).status).toBe(422);
    const lan = await apiAs(t.app, people.evaluatorLan);
    expect((await send(lan.token, 'POST', '/api/v1/rounds', { ...newRound, model: 'hn-phu-chau', kind: 'final' })).status).toBe(403);
  });
});

describe('PATCH /api/v1/rounds/{id}', () => {
  it('a manager closes a round, sends are then refused with a clear message; only an admin reopens, with a reason, and each change is recorded', async () => {
    const manager = await apiAs(t.app, people.managerHa);
    const lan = await apiAs(t.app, people.evaluatorLan);
    expect((await send(lan.token, 'PATCH', '/api/v1/rounds/hn-phu-chau-midterm', { status: 'closed' })).status).toBe(403);
    expect((await send(manager.token, 'PATCH', '/api/v1/rounds/hn-phu-chau-midterm', { status: 'closed' })).status).toBe(200);
    const before = (await t.db.select({ n: count() }).from(submissions))[0].n;
    const refused = await lan.post('/api/v1/submissions', { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'round_closed', title: 'Đợt đánh giá đã đóng.' });
    expect((await t.db.select({ n: count() }).from(submissions))[0].n).toBe(before);
    expect((await send(manager.token, 'PATCH', '/api/v1/rounds/hn-phu-chau-midterm', { status: 'open', reason: 'x' })).status).toBe(403);
    const admin = await apiAs(t.app, people.admin);
    expect((await send(admin.token, 'PATCH', '/api/v1/rounds/hn-phu-chau-midterm', { status: 'open' })).status).toBe(422);
    expect((await send(admin.token, 'PATCH', '/api/v1/rounds/hn-phu-chau-midterm', { status: 'open', reason: 'Late households in hamlet 4' })).status).toBe(200);
    const changes = await t.db.select().from(roundStatusChanges).where(eq(roundStatusChanges.roundId, 'hn-phu-chau-midterm'));
    expect(changes.map((c) => [c.status, c.reason])).toEqual([['closed', null], ['open', 'Late households in hamlet 4']]);
  });

  it('a round outside the caller’s scope is a 404', async () => {
    const manager = await apiAs(t.app, people.managerHa);
    expect((await send(manager.token, 'PATCH', '/api/v1/rounds/yb-service-pilot-midterm', { status: 'closed' })).status).toBe(404);
  });
});

describe('the round page', () => {
  it('closes after a confirmation that shows what is still to collect; an admin reopens with a reason', async () => {
    const manager = await webAs(t.app, people.managerHa);
    const page = await (await manager.get('/rounds/hn-me-linh-midterm')).text();
    expect(page).toContain('id="round-status"');
    const post = (who: typeof manager, fields: Record<string, string>) =>
      t.app.request('/rounds/hn-me-linh-midterm/status', {
        method: 'POST',
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
    const asked = await post(manager, { status: 'closed' });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Mê Linh: đã nhận 0/60');
    const statusOf = async () => (await t.db.select({ status: rounds.status }).from(rounds).where(eq(rounds.id, 'hn-me-linh-midterm')))[0].status;
    expect(await statusOf()).toBe('open');
    expect((await post(manager, { status: 'closed', confirm: '1' })).status).toBe(200);
    expect(await statusOf()).toBe('closed');
    expect((await post(manager, { status: 'open', reason: 'x' })).status).toBe(403);
    const admin = await webAs(t.app, people.admin);
    const noReason = await post(admin, { status: 'open', reason: '' });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('Hãy ghi lý do mở lại đợt đánh giá.');
    expect((await post(admin, { status: 'open', reason: 'Thêm hộ ở thôn 4' })).status).toBe(200);
    expect(await statusOf()).toBe('open');
    const lanPage = await (await (await webAs(t.app, people.evaluatorLan)).get('/rounds/hn-me-linh-midterm')).text();
    expect(lanPage).not.toContain('id="round-status"');
  });
});

describe('the new round page', () => {
  it('an admin creates a round from the model page; a bad window comes back with the form’s messages; an evaluator gets 403', async () => {
    const admin = await webAs(t.app, people.admin);
    expect(await (await admin.get('/models/hnam-juvenile-justice')).text()).toContain('href="/models/hnam-juvenile-justice/rounds/new"');
    const page = await admin.get('/models/hnam-juvenile-justice/rounds/new');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="version:household"');
    const post = (fields: Record<string, string>) =>
      t.app.request('/models/hnam-juvenile-justice/rounds', {
        method: 'POST',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
    const fields = { kind: 'midterm', plannedStart: '2014-10-01', plannedEnd: '2014-09-01', plannedSamplePerCommune: '40', 'version:household': '1', open: '1' };
    const refused = await post(fields);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Ngày kết thúc phải sau ngày bắt đầu.');
    const created = await post({ ...fields, plannedEnd: '2014-12-31' });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/rounds/hnam-juvenile-justice-midterm');
    const [round] = await t.db.select().from(rounds).where(eq(rounds.id, 'hnam-juvenile-justice-midterm'));
    expect(round).toMatchObject({ status: 'open', plannedStart: '2014-10-01', plannedEnd: '2014-12-31' });
    expect(await (await admin.get('/models/hnam-juvenile-justice/rounds/new')).text()).not.toContain('value="midterm"');
    const lan = await webAs(t.app, people.evaluatorLan);
    expect((await lan.get('/models/hn-phu-chau/rounds/new')).status).toBe(403);
  });
});
