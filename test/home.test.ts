/**
 * The home page by role (issue 14, part 8): a manager's and an admin's open rounds with progress and what awaits
 * review (linked to the round page filtered by state), links to the overview and the roll-up; the field bar
 * only for those who collect in the field (evaluators) and on the pages where someone sends a survey.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
type Api = Awaited<ReturnType<typeof apiAs>>;
type Web = Awaited<ReturnType<typeof webAs>>;
let lan: Api, ha: Api;
const rng = seededRng(14);
const phuChau = 'hn-phu-chau-midterm';

async function send(round: string, commune: string) {
  const id = crypto.randomUUID();
  const res = await lan.post('/api/v1/submissions', { id, round, commune, instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) });
  expect(res.status).toBe(201);
  return id;
}

/** The row of the open-rounds table that links to `round`, as text and HTML. */
function rowOf(html: string, round: string) {
  const section = /<section class="card" id="open-rounds">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  return section.split('<tr>').find((r) => r.includes(`href="/rounds/${round}"`)) ?? null;
}

const home = async (as: Web) => {
  const res = await as.get('/');
  expect(res.status).toBe(200);
  return res.text();
};

beforeAll(async () => {
  t = await freshApp();
  [lan, ha] = await Promise.all([people.evaluatorLan, people.managerHa].map((e) => apiAs(t.app, e)));
  // Three sent to Phù Châu's midterm: one approved, two awaiting review.
  const ids = [await send(phuChau, '09649'), await send(phuChau, '09649'), await send(phuChau, '09649')];
  expect((await ha.post(`/api/v1/submissions/${ids[0]}/reviews`, { status: 'approved', from: 'received' })).status).toBe(201);
});

describe("the manager's home", () => {
  it('lists the open rounds of her models, with progress and what awaits review linked to the filtered round page', async () => {
    const html = await home(await webAs(t.app, people.managerHa));
    const open = await t.db.select({ id: s.rounds.id, modelId: s.rounds.modelId }).from(s.rounds).where(eq(s.rounds.status, 'open'));
    const hers = open.filter((r) => r.modelId.startsWith('hn-'));
    expect(hers.length).toBeGreaterThan(0);
    for (const r of hers) expect(rowOf(html, r.id), r.id).not.toBeNull();
    for (const r of open.filter((r) => !r.modelId.startsWith('hn-'))) expect(rowOf(html, r.id), r.id).toBeNull();
    const row = rowOf(html, phuChau)!;
    expect(row).toContain(`href="/rounds/${phuChau}?status=received"`);
    expect(row).toContain('2 phiếu chờ duyệt');
    expect(row).toMatch(/3 \/ \d+/); // progress counts received and approved
    expect(html).toContain('data-awaiting="2"');
    expect(html).toContain('href="/programme"');
    expect(html).toContain('href="/programme/rollup"');
  });

  it('opens the round page filtered by the state the link names', async () => {
    const res = await (await webAs(t.app, people.managerHa)).get(`/rounds/${phuChau}?status=received`);
    expect(res.status).toBe(200);
  });
});

describe("the admin's home", () => {
  it("lists every model's open rounds with what awaits review, and the overview and roll-up", async () => {
    const html = await home(await webAs(t.app, people.admin));
    const open = await t.db.select({ id: s.rounds.id }).from(s.rounds).where(eq(s.rounds.status, 'open'));
    expect(open.some((r) => !r.id.startsWith('hn-'))).toBe(true);
    for (const r of open) expect(rowOf(html, r.id), r.id).not.toBeNull();
    expect(rowOf(html, phuChau)).toContain(`href="/rounds/${phuChau}?status=received"`);
    expect(html).toContain('href="/programme/rollup"');
  });
});

describe('the programme overview', () => {
  it('links to the roll-up', async () => {
    const res = await (await webAs(t.app, people.managerHa)).get('/programme');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('href="/programme/rollup"');
  });
});

describe('the field bar', () => {
  const bar = 'id="field-bar"';
  it('is on every page of an evaluator, who collects in the field', async () => {
    const as = await webAs(t.app, people.evaluatorLan);
    const html = await home(as);
    expect(html).toContain(bar);
    expect(html).toContain('/app/field.js');
    expect(html).not.toContain('id="open-rounds"');
  });

  it('is on no page of a manager, an admin or a sponsor but the survey page, where the queue sends what they fill', async () => {
    for (const who of [people.managerHa, people.admin, people.sponsorWorldVision]) {
      const as = await webAs(t.app, who);
      const html = await home(as);
      expect(html, who).not.toContain(bar);
      expect(html, who).not.toContain('/app/field.js');
      expect(await (await as.get(`/rounds/${phuChau}`)).text(), who).not.toContain(bar);
    }
    for (const who of [people.managerHa, people.admin]) {
      const survey = await (await webAs(t.app, who)).get(`/rounds/${phuChau}/survey/household`);
      expect(survey.status, who).toBe(200);
      expect(await survey.text(), who).toContain(bar);
    }
  });

  it("leaves a manager's way to upload an evaluator's backup on the home page: /imports", async () => {
    expect(await home(await webAs(t.app, people.managerHa))).toContain('href="/imports"');
  });
});

describe("the field bar's import (public/app/backup-owner.js)", () => {
  it('queues only the items the signed-in person collected (or that name nobody); the others are for /imports', async () => {
    const { splitByCollector } = await import('../public/app/backup-owner.js');
    const lanItem = { id: 'a', evaluator: 'Evaluator@Example.org ' };
    const minhItem = { id: 'b', evaluator: people.evaluatorMinh };
    const unnamed = { id: 'c' };
    expect(splitByCollector([lanItem, minhItem, unnamed], people.evaluatorLan)).toEqual({ mine: [lanItem, unnamed], others: [minhItem] });
    // A manager holding Lan's file queues none of it: sent from her device, it would be stored as hers.
    expect(splitByCollector([lanItem, minhItem], people.managerHa)).toEqual({ mine: [], others: [lanItem, minhItem] });
  });
});
