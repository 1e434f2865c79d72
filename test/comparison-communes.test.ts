/**
 * Comparison communes (issue 15, part 5): admins and a model's managers mark some of its communes as
 * comparison ones, through the API and the model form; the model's own figures (page, API, overview, roll-up,
 * commune breakdown) count its treated communes only; the model page and the indicator API show the
 * indicative difference in differences, as didOf computes it from each group's plain counts, suppressed for
 * sponsors where a group rests on few households.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { everything } from '../src/domain/access';
import { totalsOf, valueOfTotals } from '../src/domain/aggregates';
import { designOfValue, didOf } from '../src/domain/estimates';
import { indicatorCatalogue } from '../src/domain/indicators';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { programmeRollUp } from '../src/workflows/rollup';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const know111 = indicatorCatalogue.find((d) => d.id === 'caregivers-know-111')!;
const treated = ['04771', '04732'];
const comparison = ['04663', '04675'];

const callOn = (app: typeof t.app, token: string, method: 'PATCH' | 'POST', path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const call = (token: string, method: 'PATCH' | 'POST', path: string, body: unknown, headers: Record<string, string> = {}) => callOn(t.app, token, method, path, body, headers);

const rolesOf = async (model: string) =>
  Object.fromEntries(
    (await t.db.select({ code: s.places.code, role: s.modelPlaces.role }).from(s.modelPlaces).innerJoin(s.places, eq(s.places.id, s.modelPlaces.placeId)).where(eq(s.modelPlaces.modelId, model))).map((r) => [r.code, r.role]),
  );

beforeAll(async () => {
  t = await freshApp();
});

describe('marking comparison communes through the API', () => {
  it('admins mark some communes as comparison ones; the model shows each commune with its role, and the change is audited', async () => {
    const admin = await apiAs(t.app, people.admin);
    const res = await call(admin.token, 'PATCH', '/api/v1/models/yb-service-pilot', { comparison: comparison });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { communes: { code: string; role: string }[]; comparison: string[] };
    expect(body.comparison).toEqual(comparison);
    expect(Object.fromEntries(body.communes.map((c) => [c.code, c.role]))).toEqual({ '04663': 'comparison', '04675': 'comparison', '04732': 'treated', '04771': 'treated' });
    const audit = await t.db.select().from(s.auditLog).where(and(eq(s.auditLog.action, 'model.change'), eq(s.auditLog.objectId, 'yb-service-pilot')));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ changed: ['communes'], comparison, before: { comparison: [] } });
  });

  it('refuses to leave no treated commune (422 in the caller language) or a comparison commune the model does not list; nothing changes', async () => {
    const admin = await apiAs(t.app, people.admin);
    const before = await rolesOf('yb-service-pilot');
    const none = await call(admin.token, 'PATCH', '/api/v1/models/yb-service-pilot', { comparison: [...treated, ...comparison] }, { 'accept-language': 'en' });
    expect(none.status).toBe(422);
    expect(JSON.stringify(await none.json())).toContain('At least one commune must be treated');
    const vi = await call(admin.token, 'PATCH', '/api/v1/models/yb-service-pilot', { comparison: [...treated, ...comparison] }, { 'accept-language': 'vi' });
    expect(vi.status).toBe(422);
    expect(JSON.stringify(await vi.json())).toContain('Cần ít nhất một xã can thiệp');
    const elsewhere = await call(admin.token, 'PATCH', '/api/v1/models/yb-service-pilot', { comparison: ['09649'] }, { 'accept-language': 'en' });
    expect(elsewhere.status).toBe(422);
    expect(JSON.stringify(await elsewhere.json())).toContain("one of the model's communes");
    const created = await call(admin.token, 'POST', '/api/v1/models', { name: { vi: 'Thử', en: 'Only comparison' }, type: 'community-cp', programme: 'hanoi-2015-2020', period: { start: '2017-01-01', end: '2018-12-31' }, communes: ['09649'], comparison: ['09649'] });
    expect(created.status).toBe(422);
    expect(await rolesOf('yb-service-pilot')).toEqual(before);
  });

  it('managers mark their own models communes (a new one straight away as comparison); sponsors and evaluators may not (403)', async () => {
    const manager = await apiAs(t.app, people.managerHa);
    const res = await call(manager.token, 'PATCH', '/api/v1/models/hn-phu-chau', { communes: ['09649', '09781'], comparison: ['09781'] });
    expect(res.status).toBe(200);
    expect(await rolesOf('hn-phu-chau')).toEqual({ '09649': 'treated', '09781': 'comparison' });
    const before = await rolesOf('yb-service-pilot');
    for (const who of [people.sponsorWorldVision, people.evaluatorLan]) {
      const refused = await call((await apiAs(t.app, who)).token, 'PATCH', '/api/v1/models/yb-service-pilot', { comparison: ['04663'] });
      expect(refused.status).toBe(403);
    }
    expect(await rolesOf('yb-service-pilot')).toEqual(before);
  });
});

describe('marking comparison communes on the model form', () => {
  const form = (who: Awaited<ReturnType<typeof webAs>>, path: string, fields: [string, string][]) =>
    t.app.request(path, {
      method: 'POST',
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['_csrf', who.csrf], ...fields]),
    });
  const fields = (comparisonCodes: string[]): [string, string][] => [
    ['nameVi', 'Mô hình bảo vệ trẻ em dựa vào cộng đồng xã Phú Châu'],
    ['nameEn', 'Phu Chau community-based child protection model'],
    ['periodStart', '2016-01-01'],
    ['periodEnd', '2020-12-31'],
    ['communes', '09649'],
    ['communes', '09781'],
    ...comparisonCodes.map((code): [string, string] => ['comparison', code]),
  ];

  it('shows a comparison box per commune, refuses none treated (422, the form with its message) and saves a change', async () => {
    const manager = await webAs(t.app, people.managerHa);
    const stored = await t.db.select({ nameVi: s.models.nameVi, nameEn: s.models.nameEn, periodStart: s.models.periodStart, periodEnd: s.models.periodEnd }).from(s.models).where(eq(s.models.id, 'hn-phu-chau'));
    const base = fields([]).map(([k, v]): [string, string] => [k, k === 'nameVi' ? stored[0].nameVi : k === 'nameEn' ? stored[0].nameEn : k === 'periodStart' ? stored[0].periodStart : k === 'periodEnd' ? stored[0].periodEnd : v]);
    expect((await form(manager, '/models/hn-phu-chau/edit', [...base, ['comparison', '09781']])).status).toBe(303);
    const page = await (await manager.get('/models/hn-phu-chau/edit')).text();
    expect(page).toMatch(/<input type="checkbox" name="comparison" value="09781" checked=""/);
    expect(page).toMatch(/<input type="checkbox" name="comparison" value="09649"\/>/);
    const refused = await form(manager, '/models/hn-phu-chau/edit', [...base, ['comparison', '09649'], ['comparison', '09781']]);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Cần ít nhất một xã can thiệp');
    expect(await rolesOf('hn-phu-chau')).toEqual({ '09649': 'treated', '09781': 'comparison' });
    const saved = await form(manager, '/models/hn-phu-chau/edit', base);
    expect(saved.status).toBe(303);
    expect(await rolesOf('hn-phu-chau')).toEqual({ '09649': 'treated', '09781': 'treated' });
    const again = await form(manager, '/models/hn-phu-chau/edit', [...base, ['comparison', '09781']]);
    expect(again.status).toBe(303);
    expect(await rolesOf('hn-phu-chau')).toEqual({ '09649': 'treated', '09781': 'comparison' });
    const model = await (await manager.get('/models/hn-phu-chau')).text();
    expect(model).toContain('data-comparison');
    // Registered figures are entered for the treated commune only: a comparison one's would count nowhere.
    const counts = await (await manager.get('/rounds/hn-phu-chau-midterm/counts')).text();
    expect(counts).toContain('data-commune="09649"');
    expect(counts).not.toContain('data-commune="09781"');
  });
});

type RoundJson = { kind: string; numerator: number; denominator: number; suppressed: boolean };
type DidJson = { from: string; to: string; suppressed: boolean; difference?: number; ci?: [number, number]; pValue?: number; df?: number | null; verdict?: string; indicative?: boolean };
type IndicatorJson = { id: string; rounds: RoundJson[]; differenceInDifferences?: DidJson[]; breakdown?: { categories: { category: string; rounds: RoundJson[] }[] } };

describe('values and the difference in differences', () => {
  // Its own installation: the API tests above change the same model in whatever order they run.
  let v: Awaited<ReturnType<typeof freshApp>>;
  // Households who know 111, per commune and round (of 15 each): treated communes rise, comparison ones barely.
  const yes: Record<string, { baseline: number; midterm: number }> = { '04771': { baseline: 5, midterm: 10 }, '04732': { baseline: 6, midterm: 10 }, '04663': { baseline: 5, midterm: 6 }, '04675': { baseline: 5, midterm: 5 } };
  const households = 15;
  let token: string;
  const rng = seededRng(515);
  const sent = new Map<string, string[]>();
  /** Households of 04771 (treated) and 04675 (comparison) are the same in both rounds; the others' are not. */
  const linkedIn = ['04771', '04675'];
  const send = async (round: string, commune: string, knows: boolean, i: number) => {
    const id = crypto.randomUUID();
    const householdNumber = linkedIn.includes(commune) ? `${i + 1}` : `${round.endsWith('baseline') ? 'b' : 'm'}${i + 1}`;
    const answers = { ...householdAnswers(rng, { knows111Rate: 0.5, hamlet: 'Thôn Liên', householdNumber }), knows_111: knows ? 'yes' : 'no' };
    const res = await callOn(v.app, token, 'POST', '/api/v1/submissions', { id, round, commune, instrument: 'household', version: 1, answers });
    expect(res.status).toBe(201);
    sent.set(round, [...(sent.get(round) ?? []), id]);
  };
  /** What the sponsor and an admin saw while one comparison commune had 3 households at baseline. */
  let early: { sponsor: IndicatorJson; admin: IndicatorJson };
  /** Sponsors see approved submissions only: approves what was sent, 100 at a time. */
  const approveSent = async () => {
    for (const [round, ids] of sent) {
      for (let i = 0; i < ids.length; i += 100) expect((await callOn(v.app, token, 'POST', `/api/v1/rounds/${round}/approvals`, { ids: ids.slice(i, i + 100) })).status).toBe(200);
    }
    sent.clear();
  };
  const indicator = async (email: string, query = ''): Promise<IndicatorJson> => {
    const who = await apiAs(v.app, email);
    return (await (await who.get(`/api/v1/models/yb-service-pilot/indicators?indicator=caregivers-know-111${query}`)).json()).indicators[0];
  };
  /** A group's value and design from its communes' plain counts, as didOf takes them. */
  const group = (codes: string[], kind: 'baseline' | 'midterm') => {
    const totals = totalsOf(codes.map((code) => ({ numerator: yes[code][kind], denominator: households, n: households, sumSquares: yes[code][kind] })));
    return { value: valueOfTotals(know111, totals), estimate: designOfValue(know111, totals.moments) };
  };

  beforeAll(async () => {
    v = await freshApp();
    token = (await apiAs(v.app, people.admin)).token;
    expect((await callOn(v.app, token, 'PATCH', '/api/v1/models/yb-service-pilot', { comparison })).status).toBe(200);
    await v.db.update(s.rounds).set({ status: 'open' }).where(eq(s.rounds.id, 'yb-service-pilot-baseline'));
    // First only 3 households in one comparison commune at baseline: too few for a sponsor to see the comparison.
    for (let i = 0; i < 3; i++) await send('yb-service-pilot-baseline', '04663', i < yes['04663'].baseline, i);
    for (const code of treated) for (let i = 0; i < households; i++) await send('yb-service-pilot-baseline', code, i < yes[code].baseline, i);
    for (const code of [...treated, ...comparison]) for (let i = 0; i < households; i++) await send('yb-service-pilot-midterm', code, i < yes[code].midterm, i);
    await approveSent();
    early = { sponsor: await indicator(people.sponsorWorldVision), admin: await indicator(people.admin) };
    // The rest of the comparison households.
    for (let i = 3; i < households; i++) await send('yb-service-pilot-baseline', '04663', i < yes['04663'].baseline, i);
    for (let i = 0; i < households; i++) await send('yb-service-pilot-baseline', '04675', i < yes['04675'].baseline, i);
    await approveSent();
  });

  it('sponsors saw no difference in differences while a group rested on few households; admins saw it', () => {
    expect(early.sponsor.rounds.find((r) => r.kind === 'baseline')!.suppressed).toBe(false);
    expect(early.sponsor.differenceInDifferences).toEqual([{ from: 'baseline', to: 'midterm', suppressed: true }]);
    expect(early.admin.differenceInDifferences).toMatchObject([{ from: 'baseline', to: 'midterm', suppressed: false, indicative: true }]);
  });

  it("the model's values, commune breakdown, overview and roll-up count its treated communes only", async () => {
    const admin = await indicator(people.admin);
    for (const kind of ['baseline', 'midterm'] as const) {
      expect(admin.rounds.find((r) => r.kind === kind)).toMatchObject({ numerator: yes['04771'][kind] + yes['04732'][kind], denominator: 2 * households });
    }
    const byCommune = await indicator(people.admin, '&by=commune');
    expect(byCommune.breakdown!.categories.filter((c) => c.rounds.some((r) => r.denominator > 0)).length).toBe(2);
    const overview = (await (await (await apiAs(v.app, people.admin)).get('/api/v1/indicators?round=midterm&indicator=caregivers-know-111')).json()) as { models: { id: string; indicators: { value: RoundJson }[] }[] };
    expect(overview.models.find((m) => m.id === 'yb-service-pilot')!.indicators[0].value).toMatchObject({ numerator: 20, denominator: 30 });
    const actor = { id: 1, role: 'admin' as const, email: people.admin, name: 'Admin', locale: 'en' as const };
    const rows = await programmeRollUp({ db: v.db, actor: actor as never, scope: everything, threshold: 5, today: '2026-11-20', basis: 'received' }, { level: 'programme', boundaries: 'round', round: 'midterm', province: '15' });
    expect(rows).toHaveLength(1);
    expect(rows[0].communes).toBe(2);
    const cell = rows[0].cells.get('caregivers-know-111')!.values[0];
    expect(cell.value).toMatchObject({ numerator: 20, denominator: 30 });
    // The sponsor's page and API show the same treated value.
    const sponsor = await indicator(people.sponsorWorldVision);
    expect(sponsor.rounds.find((r) => r.kind === 'midterm')).toMatchObject({ numerator: 20, denominator: 30 });
    // Households surveyed in both rounds: the treated commune's 15, not the comparison commune's.
    const linked = (await (await (await apiAs(v.app, people.admin)).get('/api/v1/models/yb-service-pilot/indicators?indicator=caregivers-know-111&linked=true')).json()).indicators[0];
    expect(linked.linkedChanges).toMatchObject([{ from: 'baseline', to: 'midterm', pairs: households }]);
  });

  it('the API and the page carry the difference in differences didOf gives from plain per-group counts; sponsors now see it too; none for a census', async () => {
    const expected = didOf(know111, {
      treatedBefore: group(treated, 'baseline'),
      treatedAfter: group(treated, 'midterm'),
      comparisonBefore: group(comparison, 'baseline'),
      comparisonAfter: group(comparison, 'midterm'),
    })!;
    expect(expected.df).toBe(1);
    const admin = await indicator(people.admin);
    expect(admin.differenceInDifferences).toEqual([{ from: 'baseline', to: 'midterm', suppressed: false, ...expected }]);
    const sponsor = await indicator(people.sponsorWorldVision);
    expect(sponsor.differenceInDifferences).toEqual(admin.differenceInDifferences);
    const census = await (await (await apiAs(v.app, people.admin)).get('/api/v1/models/yb-service-pilot/indicators?indicator=child-friendly-communes')).json();
    expect(census.indicators[0]).not.toHaveProperty('differenceInDifferences');

    const web = await webAs(v.app, people.admin);
    const page = await (await web.get('/models/yb-service-pilot', { cookie: `${web.cookie}; moc_lang=en` })).text();
    const card = page.slice(page.indexOf('data-indicator="caregivers-know-111"'));
    const did = card.slice(card.indexOf('data-did'), card.indexOf('</section>'));
    expect(did).toContain('Difference in differences (indicative)');
    expect(did).toContain(`data-verdict="${expected.verdict}"`);
    expect(did).toContain(`${expected.difference > 0 ? '+' : ''}${expected.difference}`);
    expect(did).toContain(String(expected.ci[0]));
    expect(did).toMatch(expected.verdict === 'not-distinguishable' ? /not distinguishable from chance/ : /likely not chance/);
  });
});
