/** Who sees the programme overview, and what: HTTP through app.request. */
import { beforeAll, expect, it } from 'vitest';
import { freshApp, people, webAs } from './support/app';

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
