/**
 * Disclosure control against the seeded demo data, as the sponsor receives it over HTTP: the four recoveries
 * of issue 11 (overall − visible categories = the hidden one; suppressed cells carrying n and status) can no
 * longer be made, and what is safe is shown. The attacker solves every relation among what the sponsor gets
 * for one indicator and round: the model's value, its communes, its children by sex and age band, and the
 * roll-up's districts, province and programme.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoSubmissions } from '../src/seed/demo';
import { bringAggregatesUpToDate } from '../src/workflows/aggregates';
import { apiAs, freshApp, people, webAs } from './support/app';
import { type AttackRelation, type PublishedCell, recover } from './support/attacker';

let t: Awaited<ReturnType<typeof freshApp>>;
/** One sign-in per person for the whole file. */
const api = new Map<string, Awaited<ReturnType<typeof apiAs>>>();
let sponsorWeb: Awaited<ReturnType<typeof webAs>>;
const model = 'yb-service-pilot';
/** Districts of the pilot's communes under the rounds' boundaries: Trấn Yên 138, Nghĩa Lộ 133. */
const districts = { '141': ['04732', '04771'], '133': ['04663', '04675'] };

beforeAll(async () => {
  t = await freshApp();
  await seedDemoSubmissions(t.db, new Date('2026-11-20T00:00:00Z'));
  await bringAggregatesUpToDate(t.db);
  for (const email of [people.admin, people.sponsorWorldVision]) api.set(email, await apiAs(t.app, email));
  sponsorWeb = await webAs(t.app, people.sponsorWorldVision);
});

type RoundJson = Record<string, unknown> & { kind: string; suppressed: boolean; numerator?: number; denominator?: number; n?: number; value?: number | null };
type IndicatorJson = { id: string; rounds: RoundJson[]; breakdown?: { categories: { category: string; rounds: RoundJson[] }[] } | null };

async function indicatorsAs(email: string, query = '') {
  const res = await api.get(email)!.get(`/api/v1/models/${model}/indicators${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { indicators: IndicatorJson[] }).indicators;
}

const roundOf = (rounds: RoundJson[], kind: string) => rounds.find((r) => r.kind === kind)!;

/** What the sponsor receives about one indicator in one round, as cells and the relations between them. */
async function sponsorKnows(indicator: string, kind: string) {
  const cells: PublishedCell[] = [];
  const relations: AttackRelation[] = [];
  const add = (id: string, r: RoundJson | undefined) => cells.push({ id, numerator: r && !r.suppressed ? (r.numerator as number) : null });
  const [overall] = (await indicatorsAs(people.sponsorWorldVision, `?indicator=${indicator}`)).filter((i) => i.id === indicator);
  add('total', roundOf(overall.rounds, kind));
  for (const by of ['commune', 'sex', 'ageBand']) {
    const [shown] = (await indicatorsAs(people.sponsorWorldVision, `?indicator=${indicator}&by=${by}`)).filter((i) => i.id === indicator);
    if (!shown.breakdown) continue;
    const ids = shown.breakdown.categories.map((c) => `${by}:${c.category}`);
    shown.breakdown.categories.forEach((c, i) => add(ids[i], roundOf(c.rounds, kind)));
    // The attacker assumes the categories add up (they do in the demo: every child has a sex and an age).
    relations.push({ total: 'total', parts: ids });
  }
  // The roll-up's chart of this indicator per district: value and n, so numerator ≈ value × n.
  const html = await (await sponsorWeb.get(`/programme/rollup?level=district&round=${kind}&chart=${indicator}`, { 'hx-request': 'true' })).text();
  for (const [district, communes] of Object.entries(districts)) {
    // The sponsor reads English: the row's name, 'n = 1,234 children · …' under it, '12.5%' beside the bar.
    const row = html.split('<div class="chart-row').find((r) => new RegExp(`^[^>]*data-bar="[^"]*\\(${district}\\)"`).test(r)) ?? '';
    const n = /<span class="chart-note">n = ([\d,]+) /.exec(row);
    const value = /<div class="chart-value">([\d.,]+)/.exec(row);
    const scale = indicator === 'parenting-sessions-mean' ? 1 : 100;
    const number = (text: string) => Number(text.replace(/,/g, ''));
    cells.push({ id: `district:${district}`, numerator: n && value ? Math.round((number(value[1]) * number(n[1])) / scale) : null });
    relations.push({ total: `district:${district}`, parts: communes.map((c) => `commune:${c}`) });
  }
  return { cells, relations, recovered: recover(cells, relations) };
}

async function adminSees(indicator: string, by: string, category: string, kind: string) {
  const [shown] = (await indicatorsAs(people.admin, `?indicator=${indicator}&by=${by}`)).filter((i) => i.id === indicator);
  return roundOf(shown.breakdown!.categories.find((c) => c.category === category)!.rounds, kind);
}

describe('the recoveries of issue 11, as the sponsor', () => {
  it('cannot recover commune 04732’s (seeded as 04729 until the codes were checked) physical punishment (3/24) or parents’ club (4/24) at midterm', async () => {
    expect(await adminSees('caregivers-physical-punishment-needed', 'commune', '04732', 'midterm')).toMatchObject({ numerator: 3, denominator: 24 });
    expect(await adminSees('parents-club-members', 'commune', '04732', 'midterm')).toMatchObject({ numerator: 4, denominator: 24 });
    for (const indicator of ['caregivers-physical-punishment-needed', 'parents-club-members']) {
      const { cells, recovered } = await sponsorKnows(indicator, 'midterm');
      expect(cells.find((c) => c.id === 'commune:04732')!.numerator).toBeNull();
      expect(recovered.has('commune:04732')).toBe(false);
      expect([...recovered.keys()]).toEqual([]);
    }
  });

  it('cannot recover commune 04675’s (seeded as 04312 until the codes were checked) parenting sessions (21 over 4 households) at midterm', async () => {
    expect(await adminSees('parenting-sessions-mean', 'commune', '04675', 'midterm')).toMatchObject({ numerator: 21, denominator: 4 });
    const { cells, recovered } = await sponsorKnows('parenting-sessions-mean', 'midterm');
    expect(cells.find((c) => c.id === 'commune:04675')!.numerator).toBeNull();
    expect([...recovered.keys()]).toEqual([]);
  });

  it('cannot recover girls in school at baseline (68/71) from 129/147 − 61/76', async () => {
    expect(await adminSees('children-in-school', 'sex', 'female', 'baseline')).toMatchObject({ numerator: 68, denominator: 71 });
    const { cells, recovered } = await sponsorKnows('children-in-school', 'baseline');
    expect(cells.find((c) => c.id === 'sex:female')!.numerator).toBeNull();
    expect([...recovered.keys()]).toEqual([]);
  });

  it('gives a suppressed cell nothing derived from it: no n, deff, status or value (cscGroup 11 n: 2, cscGroup 7 n: 1)', async () => {
    const shown = await indicatorsAs(people.sponsorWorldVision, '?by=cscGroup');
    const group = (indicator: string, category: string) => roundOf(shown.find((i) => i.id === indicator)!.breakdown!.categories.find((c) => c.category === category)!.rounds, 'baseline');
    for (const cell of [group('children-birth-registered', '11'), group('children-in-school', '7')]) expect(cell).toEqual({ round: `${model}-baseline`, kind: 'baseline', suppressed: true });
    // Every group is listed, and one without children looks like a suppressed one (0 and 1–4 alike).
    const groups = shown.find((i) => i.id === 'children-birth-registered')!.breakdown!.categories;
    expect(groups.map((c) => c.category)).toEqual(Array.from({ length: 14 }, (_, i) => String(i + 1)));
    expect(roundOf(groups.find((c) => c.category === '6')!.rounds, 'baseline')).toEqual({ round: `${model}-baseline`, kind: 'baseline', suppressed: true });
    expect(roundOf(groups.find((c) => c.category === '11')!.rounds, 'midterm')).toEqual({ round: `${model}-midterm`, kind: 'midterm', suppressed: true });
    // Every suppressed cell, overall or in any breakdown, carries only where it is.
    for (const by of ['', 'commune', 'sex', 'ageBand', 'cscGroup']) {
      for (const indicator of await indicatorsAs(people.sponsorWorldVision, by ? `?by=${by}` : '')) {
        const rounds = [...indicator.rounds, ...(indicator.breakdown?.categories.flatMap((c) => c.rounds) ?? [])];
        for (const r of rounds.filter((r) => r.suppressed)) expect(Object.keys(r).sort()).toEqual(['kind', 'round', 'suppressed']);
      }
    }
    const html = await (await sponsorWeb.get(`/models/${model}?by=cscGroup`)).text();
    const card = /<article class="indicator" data-indicator="children-birth-registered">(.*?)<\/article>/s.exec(html)![1];
    const row = /<tr data-category="11">(.*?)<\/tr>/s.exec(card)![1];
    expect(row).not.toMatch(/n = |data-n|%/);
  });
});

describe('the overview and the charts, as the sponsor', () => {
  it('hide the same cells as the model page, with nothing derived from them', async () => {
    // Birth registration at midterm: 228 of 232, 4 children left out.
    const res = await api.get(people.sponsorWorldVision)!.get('/api/v1/indicators?round=midterm&indicator=children-birth-registered');
    const body = (await res.json()) as { models: { id: string; indicators: { value: RoundJson }[] }[] };
    expect(body.models.map((m) => m.indicators[0].value)).toEqual([{ round: `${model}-midterm`, kind: 'midterm', suppressed: true }]);
    const page = await (await sponsorWeb.get('/programme?round=midterm&chart=children-birth-registered')).text();
    const row = /<tr data-model="yb-service-pilot">(.*?)<\/tr>/s.exec(page)![1];
    // Columns: the model, caregivers who know 111, birth registration, …
    const birth = row.split('<td').slice(1)[2];
    expect(birth).toContain('suppressed');
    expect(birth).not.toMatch(/data-status|n = |data-n|%/);
    const bars = /<figure class="chart"(.*?)<\/figure>/s.exec(page)![1];
    expect(bars).toContain('bar-no-data');
    expect(bars).not.toMatch(/bar-(met|not-met|no-target)|n = /);
    // The model page's chart of that indicator: the midterm bar has no status either.
    const modelPage = await (await sponsorWeb.get(`/models/${model}`)).text();
    const card = /<article class="indicator" data-indicator="children-birth-registered">(.*?)<\/article>/s.exec(modelPage)![1];
    expect(/<dd data-round="midterm">(.*?)<\/dd>/s.exec(card)![1]).not.toMatch(/data-status|data-ci|n = |data-n/);
    expect(card).toMatch(/<div class="chart-row bar bar-no-data" data-bar="Midterm">/);
  });
});

describe('what is safe is shown to the sponsor', () => {
  it('shows the pilot’s 78/98 children assisted at baseline, its larger communes, and birth registration over 242 children', async () => {
    const overall = await indicatorsAs(people.sponsorWorldVision);
    expect(roundOf(overall.find((i) => i.id === 'csc-assisted')!.rounds, 'baseline')).toMatchObject({ suppressed: false, numerator: 78, denominator: 98 });
    expect(roundOf(overall.find((i) => i.id === 'children-birth-registered')!.rounds, 'baseline')).toMatchObject({ suppressed: false, numerator: 234, denominator: 242 });
    const byCommune = await indicatorsAs(people.sponsorWorldVision, '?by=commune&indicator=csc-assisted');
    const communes = Object.fromEntries(byCommune[0].breakdown!.categories.map((c) => [c.category, roundOf(c.rounds, 'baseline')]));
    expect(communes['04732']).toMatchObject({ suppressed: false, numerator: 28, denominator: 35 });
    expect(communes['04771']).toMatchObject({ suppressed: false, numerator: 23, denominator: 29 });
    expect(communes['04663']).toEqual({ round: `${model}-baseline`, kind: 'baseline', suppressed: true });
    // Where no commune is hidden, the roll-up's districts are shown (and the attacker above reads them).
    const know111 = await sponsorKnows('caregivers-know-111', 'midterm');
    expect(know111.cells.find((c) => c.id === 'district:141')!.numerator).toBe(16 + 15);
  });

  it('leaves the admin’s and the manager’s view unsuppressed', async () => {
    const overall = await indicatorsAs(people.admin, '?by=cscGroup');
    const cell = roundOf(overall.find((i) => i.id === 'children-birth-registered')!.breakdown!.categories.find((c) => c.category === '11')!.rounds, 'baseline');
    expect(cell).toMatchObject({ suppressed: false, numerator: 2, denominator: 2, n: 2 });
  });
});
