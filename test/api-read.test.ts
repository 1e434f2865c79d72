import { beforeAll, describe, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, testPassword } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;

beforeAll(async () => {
  t = await freshApp();
});

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /api/v1/tokens', () => {
  it('gives a token with its expiry for the right password', async () => {
    const res = await t.app.request('/api/v1/tokens', json({ email: people.managerHa, password: testPassword }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.token).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(new Date('2026-11-20T09:00:00Z').getTime());
  });

  it('answers 401 for a wrong password, 422 for a missing field, 400 for malformed JSON', async () => {
    expect((await t.app.request('/api/v1/tokens', json({ email: people.managerHa, password: 'nope' }))).status).toBe(401);
    expect((await t.app.request('/api/v1/tokens', json({ email: people.managerHa }))).status).toBe(422);
    const malformed = await t.app.request('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(malformed.status).toBe(400);
  });

  it('expires: a token is refused after its expiry', async () => {
    const ha = await apiAs(t.app, people.managerHa);
    t.setNow(new Date('2027-06-01T00:00:00Z'));
    try {
      expect((await ha.get('/api/v1/models')).status).toBe(401);
    } finally {
      t.setNow(new Date('2026-11-20T09:00:00.000Z'));
    }
  });
});

describe('GET /api/v1/models', () => {
  it('shows a manager all nine Hanoi models with communes and rounds', async () => {
    const ha = await apiAs(t.app, people.managerHa);
    const { models } = await (await ha.get('/api/v1/models')).json();
    expect(models).toHaveLength(9);
    const phuChau = models.find((m: { id: string }) => m.id === 'hn-phu-chau');
    expect(phuChau.communes).toEqual([{ code: '09649', name: 'Phú Châu', role: 'treated' }]);
    expect(phuChau.rounds.map((r: { kind: string }) => r.kind)).toEqual(['baseline', 'midterm', 'final']);
    expect(phuChau.rounds[1].instruments).toContainEqual({ slug: 'household', version: 1 });
  });

  it('shows an evaluator only the rounds they are assigned to', async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    const { models } = await (await lan.get('/api/v1/models')).json();
    expect(models.map((m: { id: string }) => m.id).sort()).toEqual(['hn-me-linh', 'hn-phu-chau']);
    for (const m of models) expect(m.rounds.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[`${m.id}-midterm`, 'open']]);
  });

  it('shows a sponsor only the sponsored model', async () => {
    const wv = await apiAs(t.app, people.sponsorWorldVision);
    const { models } = await (await wv.get('/api/v1/models')).json();
    expect(models.map((m: { id: string }) => m.id)).toEqual(['yb-service-pilot']);
    expect(models[0].sponsor).toBe('World Vision');
  });
});

describe('GET /api/v1/instruments/{slug}/{version}', () => {
  it('serves the SurveyJS JSON and 404s an unknown version', async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    const res = await lan.get('/api/v1/instruments/household/1');
    expect(res.status).toBe(200);
    expect((await res.json()).pages.length).toBeGreaterThan(2);
    expect((await lan.get('/api/v1/instruments/household/99')).status).toBe(404);
  });
});

describe('GET /api/v1/models/{id}/indicators', () => {
  it('moves the 111-hotline indicator from baseline to midterm with numerator, denominator and n', async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    const rng = seededRng(3);
    for (let i = 0; i < 6; i++) {
      const answers = { ...householdAnswers(rng, { knows111Rate: 1 }), knows_111: i < 4 ? 'yes' : 'no' };
      const res = await lan.post('/api/v1/submissions', { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers });
      expect(res.status).toBe(201);
    }
    const ha = await apiAs(t.app, people.managerHa);
    const body = await (await ha.get('/api/v1/models/hn-phu-chau/indicators')).json();
    const know111 = body.indicators.find((i: { id: string }) => i.id === 'caregivers-know-111');
    const midterm = know111.rounds.find((r: { kind: string }) => r.kind === 'midterm');
    expect(midterm).toMatchObject({ numerator: 4, denominator: 6, n: 6, value: 66.7, method: 'exact', deff: 1, status: 'no-target' });
    // Six answers: the exact interval of 4/6 (Clopper–Pearson), in percent.
    expect(midterm.ci).toEqual([22.3, 95.7]);
    expect(know111.rounds.find((r: { kind: string }) => r.kind === 'baseline')).toMatchObject({ n: 0, value: null });
    expect(body.indicators.find((i: { id: string }) => i.id === 'csc-assisted').target).toMatchObject({ value: 98, year: 2020, baseline: { value: 95, year: 2015 } });
    expect(body.indicators.find((i: { id: string }) => i.id === 'caregivers-know-111').target).toBeNull();
  });

  it('suppresses small counts for a sponsor but not for the admin, and refuses evaluators and other models', async () => {
    const admin = await apiAs(t.app, people.admin);
    const rng = seededRng(5);
    for (let i = 0; i < 3; i++) {
      const answers = householdAnswers(rng, { knows111Rate: 0.5 });
      const id = crypto.randomUUID();
      const res = await admin.post('/api/v1/submissions', { id, round: 'yb-service-pilot-midterm', commune: '04771', instrument: 'household', version: 1, answers });
      expect(res.status).toBe(201);
      // Sponsors count approved submissions only (domain/review.ts).
      expect((await admin.post(`/api/v1/submissions/${id}/reviews`, { status: 'approved' })).status).toBe(201);
    }
    const midterm = async (client: { get: (p: string) => Response | Promise<Response> }) => {
      const body = await (await client.get('/api/v1/models/yb-service-pilot/indicators')).json();
      return body.indicators.find((i: { id: string }) => i.id === 'caregivers-know-111').rounds.find((r: { kind: string }) => r.kind === 'midterm');
    };
    const wv = await apiAs(t.app, people.sponsorWorldVision);
    // Three households: hidden, with nothing derived from them (not even n).
    expect(await midterm(wv)).toEqual({ round: 'yb-service-pilot-midterm', kind: 'midterm', suppressed: true });
    expect((await midterm(admin)).denominator).toBe(3);
    expect((await midterm(admin)).ci).not.toBeNull();
    expect((await wv.get('/api/v1/models/hn-phu-chau/indicators')).status).toBe(404);
    const lan = await apiAs(t.app, people.evaluatorLan);
    expect((await lan.get('/api/v1/models/hn-phu-chau/indicators')).status).toBe(403);
  });
});
