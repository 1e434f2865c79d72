/** The indicator API over HTTP: breakdowns, the dashboard's filters, a mean's interval, bad parameters. */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const round = 'hn-phu-chau-midterm';
/** What was sent: children by sex with birth registered or not, sessions attended. */
const sent = { female: { yes: 0, all: 0 }, male: { yes: 0, all: 0 }, sessions: [] as number[] };

beforeAll(async () => {
  t = await freshApp();
  const lan = await apiAs(t.app, people.evaluatorLan);
  const rng = seededRng(11);
  for (let i = 0; i < 12; i++) {
    const answers = householdAnswers(rng, { knows111Rate: 0.5 });
    const children = [
      { age: 3 + i, sex: i % 3 === 0 ? 'male' : 'female', birth_registered: i % 4 !== 0 },
      { age: 2, sex: 'female', birth_registered: true },
    ];
    for (const c of children) {
      const s = sent[c.sex as 'female' | 'male'];
      s.all += 1;
      s.yes += c.birth_registered ? 1 : 0;
    }
    const attended = i % 2 === 0;
    if (attended) sent.sessions.push(i + 1);
    const body = {
      id: `6b0f6c7e-0000-4000-8000-${String(i).padStart(12, '0')}`,
      round,
      commune: '09649',
      instrument: 'household',
      version: 1,
      answers: { ...answers, children, attended_parenting_session: attended, ...(attended ? { parenting_sessions_count: i + 1 } : { parenting_sessions_count: undefined }) },
    };
    const res = await lan.post('/api/v1/submissions', body);
    expect(res.status, await res.text()).toBe(201);
  }
});

type RoundJson = { kind: string; numerator: number; denominator: number; n: number; value: number | null; ci: [number, number] | null; method: string | null; suppressed: boolean };
type IndicatorJson = { id: string; rounds: RoundJson[]; breakdown?: { by: string; categories: { category: string; name?: { vi: string }; rounds: RoundJson[] }[] } };

async function indicators(email: string, query: string) {
  const client = await apiAs(t.app, email);
  const res = await client.get(`/api/v1/models/hn-phu-chau/indicators${query}`);
  return { status: res.status, body: (await res.json()) as { indicators: IndicatorJson[]; title?: string } };
}

describe('GET /api/v1/models/{id}/indicators', () => {
  it('breaks a child-level indicator down by sex, each category from its own children', async () => {
    const { status, body } = await indicators(people.managerHa, '?by=sex&round=midterm');
    expect(status).toBe(200);
    const birth = body.indicators.find((i) => i.id === 'children-birth-registered')!;
    expect(birth.rounds.map((r) => r.kind)).toEqual(['midterm']);
    const byCategory = Object.fromEntries(birth.breakdown!.categories.map((c) => [c.category, c.rounds[0]]));
    expect(byCategory.female).toMatchObject({ numerator: sent.female.yes, denominator: sent.female.all, n: sent.female.all });
    expect(byCategory.male).toMatchObject({ numerator: sent.male.yes, denominator: sent.male.all });
    // Household-level indicators cannot be broken down by a child's sex.
    expect(body.indicators.find((i) => i.id === 'caregivers-know-111')!.breakdown).toBeNull();
  });

  it('breaks down by commune with the commune code and name', async () => {
    const { body } = await indicators(people.managerHa, '?by=commune&indicator=caregivers-know-111');
    expect(body.indicators).toHaveLength(1);
    const [commune] = body.indicators[0].breakdown!.categories;
    expect(commune).toMatchObject({ category: '09649', name: { vi: 'Phú Châu' } });
    expect(commune.rounds.find((r) => r.kind === 'midterm')!.n).toBe(12);
  });

  it("gives a mean its t interval", async () => {
    const { body } = await indicators(people.managerHa, '?round=midterm&indicator=parenting-sessions-mean');
    const [midterm] = body.indicators[0].rounds;
    const mean = sent.sessions.reduce((a, b) => a + b, 0) / sent.sessions.length;
    expect(midterm).toMatchObject({ n: sent.sessions.length, method: 't' });
    expect(midterm.value).toBeCloseTo(mean, 1);
    expect(midterm.ci![0]).toBeLessThan(mean);
    expect(midterm.ci![1]).toBeGreaterThan(mean);
  });

  it('suppresses small categories for sponsors', async () => {
    // Let the demo sponsor see this model too.
    const [sponsor] = await t.db.select().from(s.users).where(eq(s.users.email, people.sponsorWorldVision));
    await t.db.insert(s.userModels).values({ userId: sponsor.id, modelId: 'hn-phu-chau' });
    // Sponsors count approved submissions only (domain/review.ts): a manager approves the round's twelve.
    const ids = Array.from({ length: 12 }, (_, i) => `6b0f6c7e-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const approved = await (await apiAs(t.app, people.managerHa)).post(`/api/v1/rounds/${round}/approvals`, { ids });
    expect(((await approved.json()) as { approved: string[] }).approved).toHaveLength(12);
    const { body } = await indicators(people.sponsorWorldVision, '?by=sex&round=midterm');
    const birth = body.indicators.find((i) => i.id === 'children-birth-registered')!;
    const male = birth.breakdown!.categories.find((c) => c.category === 'male')!.rounds[0];
    expect(male).toEqual({ round, kind: 'midterm', suppressed: true });
  });

  it('answers 422 with a problem for an unknown breakdown or round', async () => {
    for (const query of ['?by=religion', '?round=endline']) {
      const ha = await apiAs(t.app, people.managerHa);
      const res = await ha.get(`/api/v1/models/hn-phu-chau/indicators${query}`);
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('GET /api/v1/indicators (the programme overview)', () => {
  it('takes the dashboard filters and agrees with the model endpoint', async () => {
    const ha = await apiAs(t.app, people.managerHa);
    const res = await ha.get('/api/v1/indicators?province=01&round=midterm&indicator=caregivers-know-111');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { models: { id: string; indicators: { id: string; value: RoundJson | null }[] }[] };
    expect(body.models).toHaveLength(9);
    const phuChau = body.models.find((m) => m.id === 'hn-phu-chau')!;
    expect(phuChau.indicators.map((i) => i.id)).toEqual(['caregivers-know-111']);
    const { body: model } = await indicators(people.managerHa, '?round=midterm&indicator=caregivers-know-111');
    expect(phuChau.indicators[0].value).toEqual({ round, ...model.indicators[0].rounds[0] });
    const yenBai = await (await ha.get('/api/v1/indicators?province=15')).json();
    expect(yenBai.models).toEqual([]);
  });

  it('is refused to evaluators', async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    expect((await lan.get('/api/v1/indicators')).status).toBe(403);
  });
});

describe('the model page broken down', () => {
  it('shows each child-level card by sex, and every card by commune', async () => {
    const ha = await webAs(t.app, people.managerHa);
    const html = await (await ha.get('/models/hn-phu-chau?by=sex')).text();
    const card = /<article class="indicator" data-indicator="children-birth-registered">(.*?)<\/article>/s.exec(html)![1];
    expect(card).toContain('data-by="sex"');
    const female = /<tr data-category="female">(.*?)<\/tr>/s.exec(card)![1];
    expect(female).toMatch(new RegExp(`n = ${sent.female.all} (trẻ|children)`));
    expect(html).toContain('<option value="sex" selected="">');
    const fragment = await (await ha.get('/models/hn-phu-chau?by=commune', { 'hx-request': 'true' })).text();
    expect(fragment).toContain('data-by="commune"');
    expect(fragment).toContain('Phú Châu');
  });
});

describe('linked households (?linked=true)', () => {
  it("compares the same households' answers across rounds with Newcombe's paired interval and its p", async () => {
    const midterm = await t.db.select().from(s.submissions).where(eq(s.submissions.roundId, round));
    const [evaluator] = await t.db.select().from(s.users).limit(1);
    // The same households at baseline, none of them knowing 111 yet.
    await t.db.insert(s.submissions).values(
      midterm.map((m) => ({ ...m, id: `${m.id}-baseline`, roundId: 'hn-phu-chau-baseline', evaluatorId: evaluator.id, answers: JSON.stringify({ ...JSON.parse(m.answers), knows_111: 'no' }), revision: 0 })),
    );
    const knew = midterm.filter((m) => JSON.parse(m.answers).knows_111 === 'yes').length;
    const { body } = await indicators(people.managerHa, '?linked=true&indicator=caregivers-know-111');
    const [linked] = (body.indicators[0] as unknown as { linkedChanges: Record<string, unknown>[] }).linkedChanges;
    expect(linked).toMatchObject({ from: 'baseline', to: 'midterm', pairs: 12, before: 0, after: knew, test: 'newcombe-paired', df: null });
    expect(linked.difference).toBeCloseTo((knew / 12) * 100, 1);
    // One method for both: p under 0.05 exactly when the interval leaves out 0.
    const ci = linked.ci as [number, number];
    expect((linked.pValue as number) < 0.05).toBe(ci[0] > 0 || ci[1] < 0);
  });
});
