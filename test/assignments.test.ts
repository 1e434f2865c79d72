/**
 * Evaluators assigned to a round and a set of its communes (issue 12, part 2): they fill, send and see the
 * follow-up list only there. Admins and the model's managers choose, through the API or the round page.
 */
import { count } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assignmentCommunes, roundAssignments, submissions } from '../db/schema';
import { checkAssignments } from '../src/domain/assignments';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { seedDemoSubmissions } from '../src/seed/demo';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const round = 'yb-service-pilot-midterm';
const rng = seededRng(12);
const rowsIn = async (table: typeof submissions | typeof roundAssignments | typeof assignmentCommunes) => (await t.db.select({ n: count() }).from(table))[0].n;
const put = (token: string, roundId: string, body: unknown) =>
  t.app.request(`/api/v1/rounds/${roundId}/assignments`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const household = (commune: string) => ({ id: crypto.randomUUID(), round, commune, instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) });

beforeAll(async () => {
  t = await freshApp();
  await seedDemoSubmissions(t.db, new Date('2026-11-20T00:00:00Z'), 3);
});

describe('checkAssignments', () => {
  const known = { evaluators: [{ id: 7, email: 'Minh@example.org' }], communes: [{ id: 1, code: '04732' }, { id: 2, code: '04771' }] };
  it('finds evaluators by id or by email in any case, and communes by code', () => {
    expect(checkAssignments([{ user: 'minh@EXAMPLE.org', communes: ['04732', '04732'] }], known, 'en')).toEqual({ ok: true, assignments: [{ userId: 7, placeIds: [1] }] });
    expect(checkAssignments([{ user: 7, communes: ['04771'] }], known, 'en')).toEqual({ ok: true, assignments: [{ userId: 7, placeIds: [2] }] });
  });
  it('names each bad entry', () => {
    const bad = checkAssignments([{ user: 'x@example.org', communes: [] }, { user: 7, communes: ['09649'] }, { user: 7, communes: ['04732'] }, 'x'], known, 'en');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.question)).toEqual(['0.user', '0.communes', '1.communes', '2.user', '3']);
    expect(checkAssignments({}, known, 'vi')).toEqual({ ok: false, errors: [{ question: '(body)', message: 'Cần một danh sách phân công.' }] });
  });
});

describe('an evaluator assigned to one commune of a round', () => {
  // Each test starts from this assignment, whatever the tests before it did to the round.
  beforeEach(async () => {
    const admin = await apiAs(t.app, people.admin);
    const res = await put(admin.token, round, [{ user: people.evaluatorMinh, communes: ['04732'] }]);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ assignments: [{ user: { email: people.evaluatorMinh }, communes: ['04732'] }] });
  });

  it('sends for that commune, and another commune of the round is refused (403) and stores nothing', async () => {
    const minh = await apiAs(t.app, people.evaluatorMinh);
    expect((await minh.post('/api/v1/submissions', household('04732'))).status).toBe(201);
    const before = await rowsIn(submissions);
    const other = await minh.post('/api/v1/submissions', household('04771'));
    expect(other.status).toBe(403);
    expect(((await other.json()) as { code: string }).code).toBe('not_assigned_commune');
    expect(await rowsIn(submissions)).toBe(before);
  });

  it('sees only that commune’s households to revisit, and only that commune in the survey', async () => {
    const minh = await apiAs(t.app, people.evaluatorMinh);
    const { households } = (await (await minh.get(`/api/v1/rounds/${round}/households`)).json()) as { households: { commune: { code: string } }[] };
    expect(households.length).toBeGreaterThan(0);
    expect(new Set(households.map((h) => h.commune.code))).toEqual(new Set(['04732']));
    const admin = await apiAs(t.app, people.admin);
    const all = (await (await admin.get(`/api/v1/rounds/${round}/households`)).json()) as { households: { commune: { code: string } }[] };
    expect(new Set(all.households.map((h) => h.commune.code)).size).toBe(4);
    const page = await (await (await webAs(t.app, people.evaluatorMinh)).get(`/rounds/${round}/survey/household`)).text();
    expect(page).toContain('value="04732"');
    expect(page).not.toContain('value="04771"');
  });

  it('sees the round page’s progress of that commune only, against its share of the planned sample', async () => {
    const progressOf = async (email: string) => {
      const page = await (await (await webAs(t.app, email)).get(`/rounds/${round}`)).text();
      return [...page.matchAll(/<li data-commune="(\d+)">[^<]*<span class="progress"[^]*?<span>\d+ \/ (\d+)<\/span>/g)].map((m) => [m[1], m[2]]);
    };
    const all = await progressOf(people.admin);
    expect(all).toHaveLength(4);
    expect(await progressOf(people.evaluatorMinh)).toEqual(all.filter(([code]) => code === '04732'));
  });
});

describe('who may assign', () => {
  it('a manager of the model may; a manager of other models gets 404; an evaluator 403', async () => {
    const manager = await apiAs(t.app, people.managerHa);
    expect((await put(manager.token, 'hn-phu-chau-midterm', [{ user: people.evaluatorLan, communes: ['09649'] }, { user: people.evaluatorMinh, communes: ['09649'] }])).status).toBe(200);
    expect((await put(manager.token, round, [])).status).toBe(404);
    const lan = await apiAs(t.app, people.evaluatorLan);
    expect((await put(lan.token, 'hn-phu-chau-midterm', [])).status).toBe(403);
    expect((await lan.get('/api/v1/rounds/hn-phu-chau-midterm/assignments')).status).toBe(403);
  });

  it('bad entries are a 422 naming each, and change nothing', async () => {
    const admin = await apiAs(t.app, people.admin);
    const before = [await rowsIn(roundAssignments), await rowsIn(assignmentCommunes)];
    const res = await put(admin.token, round, [{ user: people.managerHa, communes: ['04732'] }, { user: people.evaluatorMinh, communes: ['09649'] }]);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: { question: string }[] }).errors.map((e) => e.question)).toEqual(['0.user', '1.communes']);
    expect(await put(admin.token, round, { user: people.evaluatorMinh })).toHaveProperty('status', 422);
    expect([await rowsIn(roundAssignments), await rowsIn(assignmentCommunes)]).toEqual(before);
  });

  it('an evaluator left out of the list no longer reaches the round', async () => {
    const admin = await apiAs(t.app, people.admin);
    expect((await put(admin.token, round, [])).status).toBe(200);
    const minh = await webAs(t.app, people.evaluatorMinh);
    expect((await minh.get(`/rounds/${round}/survey/household`)).status).toBe(404);
  });
});

describe('the round page', () => {
  it('shows a manager the evaluators and their communes, and sets one evaluator’s communes (htmx); an evaluator sees no form', async () => {
    const manager = await webAs(t.app, people.managerHa);
    const page = await (await manager.get('/rounds/hn-me-linh-midterm')).text();
    expect(page).toContain('id="assignments"');
    expect(page).toContain(people.evaluatorLan);
    const post = (body: string) =>
      t.app.request('/rounds/hn-me-linh-midterm/assignments', {
        method: 'POST',
        headers: { cookie: manager.cookie, 'x-csrf-token': manager.csrf, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    const refused = await post(`email=${encodeURIComponent(people.sponsorWorldVision)}&communes=09010`);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Không có người đánh giá này.');
    const removed = await post(`email=${encodeURIComponent(people.evaluatorMinh)}`);
    expect(removed.status).toBe(200);
    const html = await removed.text();
    expect(html.startsWith('<section id="assignments"')).toBe(true);
    expect(html).not.toContain(people.evaluatorMinh + '</span>');
    const minh = await webAs(t.app, people.evaluatorMinh);
    expect((await minh.get('/rounds/hn-me-linh-midterm/survey/household')).status).toBe(404);
    expect((await post(`email=${encodeURIComponent(people.evaluatorMinh)}&communes=09010`)).status).toBe(200);
    expect((await minh.get('/rounds/hn-me-linh-midterm/survey/household')).status).toBe(200);
    const lanPage = await (await (await webAs(t.app, people.evaluatorLan)).get('/rounds/hn-me-linh-midterm')).text();
    expect(lanPage).not.toContain('id="assignments"');
  });
});
