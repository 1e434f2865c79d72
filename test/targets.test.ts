/**
 * Targets set by people (issue 12, part 6): seeded from the source documents, read and set on the page and in
 * the API, checked like any entry, and used by the indicators at once.
 */
import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { targets } from '../db/schema';
import { indicatorCatalogue } from '../src/domain/indicators';
import { checkTargetEntry } from '../src/domain/target-entry';
import { seededTargets } from '../src/seed/targets';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const storedTargets = async () => (await t.db.select({ n: count() }).from(targets))[0].n;
const put = (client: Awaited<ReturnType<typeof apiAs>>, body: unknown) =>
  t.app.request('/api/v1/targets', { method: 'PUT', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  t = await freshApp();
});

describe('checkTargetEntry', () => {
  const ok = { indicator: 'caregivers-know-111', model: 'hn-phu-chau', year: 2020, value: 80, source: 'Kế hoạch 2020' };

  it('takes numbers from JSON or as typed in a form (a comma as decimal point)', () => {
    expect(checkTargetEntry(ok, indicatorCatalogue)).toEqual({ ok: true, entry: { ...ok, baseline: undefined } });
    const typed = checkTargetEntry({ ...ok, year: '2020', value: '0,7', baseline: { value: '0,73', year: '2016' } }, indicatorCatalogue);
    expect(typed).toMatchObject({ ok: true, entry: { year: 2020, value: 0.7, baseline: { value: 0.73, year: 2016 } } });
  });

  it.each([
    [{ indicator: 'no-such' }, 'indicator', 'unknownIndicator'],
    [{ model: undefined }, 'programme', 'oneScope'],
    [{ programme: 'hanoi-2015-2020' }, 'model', 'oneScope'],
    [{ year: 1999 }, 'year', 'yearInvalid'],
    [{ year: 2020.5 }, 'year', 'yearInvalid'],
    [{ value: 'many' }, 'value', 'valueInvalid'],
    [{ value: 101 }, 'value', 'valueOutOfRange'],
    [{ value: -1 }, 'value', 'valueOutOfRange'],
    [{ value: Number.NaN }, 'value', 'valueInvalid'],
    [{ baseline: { value: 50 } }, 'baseline', 'baselineInvalid'],
    [{ baseline: { value: 50, year: 2020 } }, 'baseline', 'baselineYearAfter'],
    [{ source: '  ' }, 'source', 'sourceMissing'],
    [{ source: 'x'.repeat(301) }, 'source', 'sourceTooLong'],
    [{ source: 42 }, 'source', 'malformed'],
  ])('%j → %s: %s', (change, field, problem) => {
    expect(checkTargetEntry({ ...ok, ...change }, indicatorCatalogue)).toEqual({ ok: false, problems: { [field]: problem } });
  });
});

describe('the API', () => {
  it('lists the seeded targets to an admin', async () => {
    const admin = await apiAs(t.app, people.admin);
    const body = (await (await admin.get('/api/v1/targets')).json()) as { targets: { indicator: string }[] };
    expect(body.targets.length).toBeGreaterThanOrEqual(seededTargets.length);
  });

  it('an admin sets a programme target; setting the same year again replaces it; the indicators use it', async () => {
    const admin = await apiAs(t.app, people.admin);
    const before = await storedTargets();
    const target = { indicator: 'caregivers-know-111', programme: 'hanoi-2015-2020', year: 2020, value: 80, baseline: { value: 50, year: 2016 }, source: 'Kế hoạch 2016–2020' };
    expect((await put(admin, target)).status).toBe(200);
    expect((await put(admin, { ...target, value: 85 })).status).toBe(200);
    expect(await storedTargets()).toBe(before + 1);
    // A model without a target of its own (the manager's test below gives Phú Châu one) takes the programme's.
    const series = (await (await admin.get('/api/v1/models/hn-lien-hiep/indicators?indicator=caregivers-know-111')).json()) as { indicators: { target: { value: number } | null }[] };
    expect(series.indicators[0].target).toMatchObject({ value: 85, programme: 'hanoi-2015-2020' });
  });

  it('a manager sets their own model’s target, never a programme’s or another manager’s model', async () => {
    const manager = await apiAs(t.app, people.managerHa);
    const own = { indicator: 'caregivers-know-111', model: 'hn-phu-chau', year: 2020, value: 90, source: 'Kế hoạch xã' };
    expect((await put(manager, own)).status).toBe(200);
    const before = await storedTargets();
    expect((await put(manager, { ...own, model: undefined, programme: 'hanoi-2015-2020' })).status).toBe(403);
    expect((await put(manager, { ...own, model: 'yb-service-pilot' })).status).toBe(403);
    expect(await storedTargets()).toBe(before);
    const series = (await (await manager.get('/api/v1/models/hn-phu-chau/indicators?indicator=caregivers-know-111')).json()) as { indicators: { target: { value: number } | null }[] };
    expect(series.indicators[0].target).toMatchObject({ value: 90, model: 'hn-phu-chau' });
  });

  it('evaluators and sponsors neither read nor set targets here', async () => {
    for (const who of [people.evaluatorLan, people.sponsorWorldVision]) {
      const client = await apiAs(t.app, who);
      expect((await client.get('/api/v1/targets')).status).toBe(403);
      expect((await put(client, { indicator: 'caregivers-know-111', model: 'hn-phu-chau', year: 2020, value: 90, source: 'x' })).status).toBe(403);
    }
  });

  it('bad input is a 422 naming each field, in the reader’s language, and stores nothing', async () => {
    const admin = await apiAs(t.app, people.admin);
    const before = await storedTargets();
    const res = await put(admin, { indicator: 'caregivers-know-111', model: 'hn-phu-chau', year: 'soon', value: 120, source: '' });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { question: string; message: string }[] };
    expect(problem.errors.map((e) => e.question).sort()).toEqual(['source', 'value', 'year']);
    expect(problem.errors.find((e) => e.question === 'source')!.message).toBe('Hãy ghi nguồn của mục tiêu.');
    const unknown = await put(admin, { indicator: 'caregivers-know-111', model: 'no-such-model', year: 2020, value: 50, source: 'x' });
    expect(unknown.status).toBe(422);
    expect((await put(admin, [1, 2])).status).toBe(422);
    expect(await storedTargets()).toBe(before);
  });
});

describe('the page', () => {
  it('shows targets and the form to admins and managers, a 403 to evaluators; the header links to it only for them', async () => {
    const admin = await webAs(t.app, people.admin);
    const page = await admin.get('/targets');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Hanoi plan 2015 (seed 000)');
    expect(html).toContain('name="programme"');
    expect(html).toContain('href="/targets"');
    const manager = await webAs(t.app, people.managerHa);
    const managerPage = await (await manager.get('/targets')).text();
    expect(managerPage).not.toContain('name="programme"');
    const lan = await webAs(t.app, people.evaluatorLan);
    expect((await lan.get('/targets')).status).toBe(403);
    expect(await (await lan.get('/')).text()).not.toContain('href="/targets"');
  });

  it('saves a target from the form (htmx gets the section back) and refuses a bad one with the form’s messages', async () => {
    const manager = await webAs(t.app, people.managerHa);
    const post = (fields: Record<string, string>) =>
      t.app.request('/targets', {
        method: 'POST',
        headers: { cookie: manager.cookie, 'x-csrf-token': manager.csrf, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      });
    const fields = { indicator: 'parents-club-members', model: 'hn-me-linh', year: '2020', value: '40', baselineValue: '10', baselineYear: '2016', source: 'Kế hoạch xã Mê Linh' };
    const saved = await post(fields);
    expect(saved.status).toBe(200);
    const html = await saved.text();
    expect(html.startsWith('<section id="targets"')).toBe(true);
    expect(html).toContain('Kế hoạch xã Mê Linh');
    const before = await storedTargets();
    const refused = await post({ ...fields, value: '140', baselineYear: '' });
    expect(refused.status).toBe(422);
    const form = await refused.text();
    expect(form).toContain('Giá trị nằm ngoài khoảng');
    expect(form).toContain('Giá trị gốc cần một số hợp lệ và một năm.');
    expect(form).toContain('value="140"');
    expect(await storedTargets()).toBe(before);
  });
});
