/** The programme overview and round progress, as each reader may see them: HTTP through app.request. */
import { eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import * as s from '../db/schema';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;

beforeAll(async () => {
  t = await freshApp();
});

it('shows managers their models, sponsors only theirs, and evaluators nothing', async () => {
  const ha = await webAs(t.app, people.managerHa);
  const page = await (await ha.get('/programme')).text();
  expect(page.match(/<tr data-model="/g)).toHaveLength(9);
  expect(page).toContain('data-bars="9"');
  const fragment = await (await ha.get('/programme?type=abuse-violence&round=baseline&chart=csc-share', { 'hx-request': 'true' })).text();
  expect(fragment.startsWith('<section id="overview">')).toBe(true);
  expect(fragment.match(/<tr data-model="/g)).toHaveLength(2);
  expect(fragment).toContain('data-target-line="0.7"');

  const wv = await webAs(t.app, people.sponsorWorldVision);
  const sponsor = await (await wv.get('/programme')).text();
  expect(sponsor.match(/<tr data-model="([^"]+)"/g)).toEqual(['<tr data-model="yb-service-pilot"']);

  const lan = await webAs(t.app, people.evaluatorLan);
  expect((await lan.get('/programme')).status).toBe(403);
  // A bad round or chart falls back to the defaults rather than failing.
  expect((await ha.get('/programme?round=nonsense&chart=nope')).status).toBe(200);
});

it('filters the overview and the roll-up by province and type, and still offers every province and type in scope', async () => {
  const admin = await webAs(t.app, people.admin);
  const choices = (html: string, name: string) => [.../<select name="(\w+)">(.*?)<\/select>/gs.exec(html.slice(html.indexOf(`<select name="${name}">`)))![2].matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
  const all = await (await admin.get('/programme')).text();
  for (const page of ['/programme?type=abuse-violence', '/programme/rollup?province=15&level=province']) {
    const html = await (await admin.get(page)).text();
    expect(choices(html, 'province')).toEqual(choices(all, 'province'));
    expect(choices(html, 'type')).toEqual(choices(all, 'type'));
  }
  expect(choices(all, 'province')).toEqual(['', '01', '15', '35']);
  expect(choices(all, 'type').length).toBeGreaterThan(2);
  const rows = (html: string) => [...html.matchAll(/<tr data-model="([^"]+)"/g)].map((m) => m[1]);
  const abuseModels = (await t.db.select({ id: s.models.id }).from(s.models).where(eq(s.models.typeId, 'abuse-violence'))).map((m) => m.id);
  expect(rows(await (await admin.get('/programme?type=abuse-violence')).text()).sort()).toEqual(abuseModels.sort());
  expect(rows(all).length).toBeGreaterThan(abuseModels.length);
  const yenBai = await (await admin.get('/programme/rollup?province=15&level=province&boundaries=round&round=baseline')).text();
  expect([...yenBai.matchAll(/<tr data-unit="([^"]+)">/g)].map((m) => m[1])).toEqual(['15']);
});

it('shows a round’s progress per commune and per evaluator, and no evaluator names to sponsors', async () => {
  const lan = await apiAs(t.app, people.evaluatorLan);
  const rng = seededRng(8);
  for (let i = 0; i < 2; i++) {
    const body = { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) };
    expect((await lan.post('/api/v1/submissions', body)).status).toBe(201);
  }
  const ha = await webAs(t.app, people.managerHa);
  const round = await (await ha.get('/rounds/hn-phu-chau-midterm')).text();
  expect(round).toMatch(/<li data-commune="09649">Phú Châu <span class="progress"[^]*?<span>2 \/ 60<\/span>/);
  expect(round).toContain('<li data-evaluator="Trần Thị Lan">Trần Thị Lan: <strong>2</strong></li>');

  const wv = await webAs(t.app, people.sponsorWorldVision);
  const pilot = await (await wv.get('/rounds/yb-service-pilot-midterm')).text();
  expect(pilot.match(/<li data-commune="/g)).toHaveLength(4);
  expect(pilot).not.toContain('data-evaluator=');
});
