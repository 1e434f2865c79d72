/**
 * Models run without code (issue 12, part 3): admins create models with their communes, found by a search
 * without accents or by code; admins and a model's managers change it; a refused request changes nothing.
 */
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignmentCommunes, modelPlaces, models, placeSuccessions, places, submissions, userModels, users } from '../db/schema';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const rng = seededRng(33);

const send = (token: string, method: 'POST' | 'PATCH', path: string, body: unknown) =>
  t.app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

const newModel = {
  name: { vi: 'Mô hình bảo vệ trẻ em Ba Vì mở rộng', en: 'Ba Vi child protection extension' },
  type: 'community-cp',
  programme: 'hanoi-2015-2020',
  period: { start: '2017-01-01', end: '2020-12-31' },
  communes: ['09649', '09781'],
};

/** Every row a model write could touch, to compare before and after a refused request. */
async function snapshot() {
  const [m, p, a] = await Promise.all([t.db.select().from(models), t.db.select().from(modelPlaces), t.db.select().from(assignmentCommunes)]);
  const sort = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
  return { models: sort(m), places: sort(p), assignments: sort(a) };
}

beforeAll(async () => {
  t = await freshApp();
});

describe('GET /api/v1/places', () => {
  it('finds communes without accents, with their district and province, the exact code first', async () => {
    const admin = await apiAs(t.app, people.admin);
    const found = (await (await admin.get('/api/v1/places?q=phu%20chau&level=commune')).json()) as { places: { code: string; district: unknown; province: unknown }[] };
    expect(found.places).toEqual([
      {
        code: '09649',
        level: 'commune',
        name: { vi: 'Phú Châu', en: 'Phu Chau' },
        district: { code: '271', name: { vi: 'Ba Vì', en: 'Ba Vi' } },
        province: { code: '01', name: { vi: 'Hà Nội', en: 'Hanoi' } },
        validFrom: '2008-08-01',
        validTo: '2025-06-30',
        successors: [],
      },
    ]);
    const byCode = (await (await admin.get('/api/v1/places?q=09649')).json()) as { places: { code: string }[] };
    expect(byCode.places.map((p) => p.code)).toEqual(['09649']);
    const duc = (await (await admin.get(`/api/v1/places?q=${encodeURIComponent('ĐỨC')}&level=commune`)).json()) as { places: { code: string }[] };
    expect(duc.places.map((p) => p.code).sort()).toEqual(['00124', '09847']);
    // Without a level: communes, then districts (Hoài Đức, Mỹ Đức).
    const both = (await (await admin.get(`/api/v1/places?q=duc`)).json()) as { places: { code: string; level: string }[] };
    expect(both.places.map((p) => p.level)).toEqual(['commune', 'commune', 'district', 'district']);
    const districts = (await (await admin.get('/api/v1/places?q=binh&level=district')).json()) as { places: { code: string }[] };
    expect(districts.places.map((p) => p.code)).toEqual(['352', '141']);
    // Units valid on a date: the old communes ended with the 2025 reorganisation.
    expect(((await (await admin.get('/api/v1/places?q=phu%20chau&validAt=2026-01-01')).json()) as { places: unknown[] }).places).toEqual([]);
    expect((await admin.get('/api/v1/places?q=phu&level=province')).status).toBe(422);
    expect((await admin.get('/api/v1/places?q=')).status).toBe(422);
    expect((await admin.get('/api/v1/places?q=phu&validAt=2026-02-30')).status).toBe(422);
  });

  it('shows what a unit ended by the 2025 reorganisation became', async () => {
    const [old] = await t.db.select().from(places).where(eq(places.code, '09781'));
    const [province] = await t.db.select().from(places).where(eq(places.validFrom, '2025-07-01'));
    const [successor] = await t.db
      .insert(places)
      .values({ code: '09784', level: 'commune', nameVi: 'Phúc Thọ', nameEn: 'Phuc Tho', parentId: province.id, validFrom: '2025-07-01', validTo: null })
      .returning();
    await t.db.insert(placeSuccessions).values({ predecessorId: old.id, successorId: successor.id, effective: '2025-07-01' });
    const admin = await apiAs(t.app, people.admin);
    const found = (await (await admin.get('/api/v1/places?q=lien%20hiep')).json()) as { places: { code: string; successors: unknown[] }[] };
    expect(found.places[0]).toMatchObject({ code: '09781', successors: [{ code: '09784', level: 'commune', name: { vi: 'Phúc Thọ', en: 'Phuc Tho' }, validFrom: '2025-07-01', effective: '2025-07-01' }] });
    const today = (await (await admin.get('/api/v1/places?q=phuc%20tho&validAt=2026-01-01')).json()) as { places: { code: string; district: unknown; province: unknown }[] };
    expect(today.places).toMatchObject([{ code: '09784', district: null, province: { code: '01' } }]);
  });
});

describe('POST /api/v1/models', () => {
  it('an admin creates a model with its communes (201); it is listed, takes rounds, and its communes are what assignments offer', async () => {
    const admin = await apiAs(t.app, people.admin);
    const created = await send(admin.token, 'POST', '/api/v1/models', newModel);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id: 'ba-vi-child-protection-extension',
      name: newModel.name,
      type: 'community-cp',
      programme: 'hanoi-2015-2020',
      province: '01',
      period: newModel.period,
      sponsor: null,
      communes: [
        { code: '09649', name: 'Phú Châu' },
        { code: '09781', name: 'Liên Hiệp' },
      ],
      rounds: [],
    });
    const listed = (await (await admin.get('/api/v1/models')).json()) as { models: { id: string }[] };
    expect(listed.models.map((m) => m.id)).toContain('ba-vi-child-protection-extension');

    const round = await send(admin.token, 'POST', '/api/v1/rounds', {
      model: 'ba-vi-child-protection-extension',
      kind: 'baseline',
      plannedStart: '2017-03-01',
      plannedEnd: '2017-05-31',
      plannedSamplePerCommune: 30,
      instruments: [{ slug: 'household', version: 1 }],
    });
    expect(round.status).toBe(201);
    expect(await round.json()).toMatchObject({ plannedSample: 60 });
    const assigned = await t.app.request('/api/v1/rounds/ba-vi-child-protection-extension-baseline/assignments', {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ user: people.evaluatorLan, communes: ['09781'] }]),
    });
    expect(assigned.status).toBe(200);
    const lan = await apiAs(t.app, people.evaluatorLan);
    const sent = await lan.post('/api/v1/submissions', { id: crypto.randomUUID(), round: 'ba-vi-child-protection-extension-baseline', commune: '09781', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 1 }) });
    expect(sent.status).toBe(201);

    // The manager sees it once assigned to it, on the home page and in the API.
    const manager = await apiAs(t.app, people.managerHa);
    const before = (await (await manager.get('/api/v1/models')).json()) as { models: { id: string }[] };
    expect(before.models.map((m) => m.id)).not.toContain('ba-vi-child-protection-extension');
    const [ha] = await t.db.select().from(users).where(eq(users.email, people.managerHa));
    await t.db.insert(userModels).values({ userId: ha.id, modelId: 'ba-vi-child-protection-extension' });
    const after = (await (await manager.get('/api/v1/models')).json()) as { models: { id: string }[] };
    expect(after.models.map((m) => m.id)).toContain('ba-vi-child-protection-extension');
    const home = await (await (await webAs(t.app, people.managerHa)).get('/')).text();
    expect(home).toContain('Mô hình bảo vệ trẻ em Ba Vì mở rộng');
  });

  it('a taken id is a 409, bad fields a 422 naming each, others than admins a 403; nothing is stored', async () => {
    const admin = await apiAs(t.app, people.admin);
    // A commune that began with the 2025 reorganisation (did not exist during a 2020 model's period).
    const [hanoi] = await t.db.select().from(places).where(eq(places.validFrom, '2025-07-01'));
    await t.db.insert(places).values({ code: '99001', level: 'commune', nameVi: 'Xã Mới', nameEn: 'Xa Moi', parentId: hanoi.id, validFrom: '2025-07-01', validTo: null });
    const before = await snapshot();
    const taken = await send(admin.token, 'POST', '/api/v1/models', { ...newModel, id: 'hn-phu-chau' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ code: 'model_taken', title: 'Đã có mô hình mang mã này; hãy ghi một mã khác.' });
    const bad = await send(admin.token, 'POST', '/api/v1/models', { name: { vi: '', en: 'x' }, type: 'nope', programme: 'hanoi-2015-2020', period: { start: '2014-01-01', end: '2016-01-01' }, sponsor: 'hanoi-dolisa', communes: ['09649', '12345', '04663'] });
    expect(bad.status).toBe(422);
    const problem = (await bad.json()) as { errors: { question: string; message: string }[] };
    expect(problem.errors.map((e) => e.question)).toEqual(['name.vi', 'type', 'period.start', 'sponsor', 'communes.1']);
    expect(problem.errors[0].message).toBe('Hãy ghi tên tiếng Việt (tối đa 200 ký tự).');
    const notYet = await send(admin.token, 'POST', '/api/v1/models', { ...newModel, id: 'later', period: { start: '2020-01-01', end: '2020-12-31' }, communes: ['09649', '99001'] });
    expect(notYet.status).toBe(422);
    expect(await notYet.json()).toMatchObject({ errors: [{ question: 'communes.1', message: 'Đơn vị này không tồn tại trong giai đoạn của mô hình (Xã Mới 99001: 01/07/2025 – …)' }] });
    expect((await send(admin.token, 'POST', '/api/v1/models', [newModel])).status).toBe(422);
    const manager = await apiAs(t.app, people.managerHa);
    expect((await send(manager.token, 'POST', '/api/v1/models', { ...newModel, id: 'by-manager' })).status).toBe(403);
    const sponsor = await apiAs(t.app, people.sponsorWorldVision);
    expect((await send(sponsor.token, 'POST', '/api/v1/models', { ...newModel, id: 'by-sponsor' })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('PATCH /api/v1/models/{id}', () => {
  it('a manager changes names, period and communes of their model; not its programme, type or sponsor (403)', async () => {
    const manager = await apiAs(t.app, people.managerHa);
    const changed = await send(manager.token, 'PATCH', '/api/v1/models/hn-phu-chau', { name: { en: 'Phu Chau model (renamed)' }, period: { start: '2015-03-01' }, communes: ['09649', '09010'] });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ id: 'hn-phu-chau', name: { en: 'Phu Chau model (renamed)' }, period: { start: '2015-03-01', end: '2020-12-31' }, communes: [{ code: '09010' }, { code: '09649' }] });
    const before = await snapshot();
    const moved = await send(manager.token, 'PATCH', '/api/v1/models/hn-phu-chau', { programme: 'yen-bai-2018-2020', period: { start: '2018-01-01', end: '2020-12-31' } });
    expect(moved.status).toBe(403);
    expect(await moved.json()).toMatchObject({ code: 'forbidden', errors: [{ question: 'programme' }] });
    expect((await send(manager.token, 'PATCH', '/api/v1/models/hn-phu-chau', { sponsor: 'world-vision' })).status).toBe(403);
    expect((await send(manager.token, 'PATCH', '/api/v1/models/hn-phu-chau', { type: 'abuse-violence' })).status).toBe(403);
    // The same values as stored change nothing and are allowed.
    expect((await send(manager.token, 'PATCH', '/api/v1/models/hn-phu-chau', { programme: 'hanoi-2015-2020' })).status).toBe(200);
    // Beyond the manager's models, or no such model: 404; a sponsor who sees a model may not change it: 403.
    expect((await send(manager.token, 'PATCH', '/api/v1/models/yb-service-pilot', { name: { en: 'x' } })).status).toBe(404);
    expect((await send(manager.token, 'PATCH', '/api/v1/models/no-such-model', { name: { en: 'x' } })).status).toBe(404);
    const sponsor = await apiAs(t.app, people.sponsorWorldVision);
    expect((await send(sponsor.token, 'PATCH', '/api/v1/models/yb-service-pilot', { name: { en: 'x' } })).status).toBe(403);
    const lan = await apiAs(t.app, people.evaluatorLan);
    expect((await send(lan.token, 'PATCH', '/api/v1/models/hn-phu-chau', { name: { en: 'x' } })).status).toBe(403);
    // A role that never edits models: 403 also for a model it cannot see.
    expect((await send(lan.token, 'PATCH', '/api/v1/models/yb-service-pilot', { name: { en: 'x' } })).status).toBe(403);
    expect((await send(manager.token, 'PATCH', '/api/v1/models/hn-phu-chau', { period: { end: '2021-01-01' } })).status).toBe(422);
    expect((await send(manager.token, 'PATCH', '/api/v1/models/hn-phu-chau', {})).status).toBe(422);
    expect(await snapshot()).toEqual(before);
  });

  it('an admin moves a model to another programme with a period and places valid there', async () => {
    const admin = await apiAs(t.app, people.admin);
    const moved = await send(admin.token, 'PATCH', '/api/v1/models/hnam-juvenile-justice', { programme: 'yen-bai-2018-2020', period: { start: '2018-01-01', end: '2019-12-31' }, communes: ['04663'], sponsor: 'world-vision' });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ programme: 'yen-bai-2018-2020', province: '15', sponsor: 'World Vision', sponsorId: 'world-vision', communes: [{ code: '04663' }], districts: [] });
  });

  it('removing a commune that already has submissions in the model’s rounds is refused (422); one without is removed, with its assignments', async () => {
    const admin = await apiAs(t.app, people.admin);
    const lan = await apiAs(t.app, people.evaluatorLan);
    const sent = await lan.post('/api/v1/submissions', { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) });
    expect(sent.status).toBe(201);
    expect((await send(admin.token, 'PATCH', '/api/v1/models/hn-phu-chau', { communes: ['09649', '09010'] })).status).toBe(200);
    const before = await snapshot();
    const refused = await send(admin.token, 'PATCH', '/api/v1/models/hn-phu-chau', { communes: ['09010'] });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      errors: [{ question: 'communes', message: 'Không thể bỏ đơn vị này: đã có phiếu hoặc số liệu của nó trong một đợt đánh giá của mô hình (Phú Châu 09649).' }],
    });
    expect(await snapshot()).toEqual(before);

    // Lan works in every commune of the open round, so in Mê Linh too.
    const [meLinh] = await t.db.select().from(places).where(eq(places.code, '09010'));
    const assigned = await t.db.select().from(assignmentCommunes).where(eq(assignmentCommunes.roundId, 'hn-phu-chau-midterm'));
    await t.db.insert(assignmentCommunes).values(assigned.map((a) => ({ ...a, placeId: meLinh.id }))).onConflictDoNothing();
    expect((await t.db.select({ n: count() }).from(assignmentCommunes).where(eq(assignmentCommunes.placeId, meLinh.id)))[0].n).toBeGreaterThan(0);
    const removed = await send(admin.token, 'PATCH', '/api/v1/models/hn-phu-chau', { communes: ['09649'] });
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ communes: [{ code: '09649' }] });
    const left = await t.db.select().from(assignmentCommunes).where(eq(assignmentCommunes.roundId, 'hn-phu-chau-midterm'));
    expect(left.some((a) => a.placeId === meLinh.id)).toBe(false);
    expect(left.length).toBeGreaterThan(0);
    expect((await t.db.select({ n: count() }).from(submissions).where(eq(submissions.roundId, 'hn-phu-chau-midterm')))[0].n).toBeGreaterThan(0);
  });
});

describe('the model pages', () => {
  const form = (who: Awaited<ReturnType<typeof webAs>>, path: string, fields: [string, string][], headers: Record<string, string> = {}) =>
    t.app.request(path, {
      method: 'POST',
      headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams([['_csrf', who.csrf], ...fields]),
    });

  it('a refused new model comes back (422) with the messages in Vietnamese and what was typed; nothing is stored', async () => {
    const admin = await webAs(t.app, people.admin);
    const before = await snapshot();
    const refused = await form(admin, '/models/new', [
      ['nameVi', ''],
      ['nameEn', 'Thach That extension'],
      ['type', 'community-cp'],
      ['programme', 'hanoi-2015-2020'],
      ['periodStart', '2019-01-01'],
      ['periodEnd', '2018-01-01'],
      ['sponsor', ''],
      ['communes', '09958'],
    ]);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Chưa lưu được mô hình:');
    expect(html).toContain('Hãy ghi tên tiếng Việt (tối đa 200 ký tự).');
    expect(html).toContain('Ngày kết thúc không được trước ngày bắt đầu.');
    expect(html).toContain('value="Thach That extension"');
    expect(html).toMatch(/name="communes" value="09958"/);
    expect(await snapshot()).toEqual(before);
  });

  it('the picker adds and removes communes and searches without saving; then the model is created', async () => {
    const admin = await webAs(t.app, people.admin);
    const fields: [string, string][] = [
      ['id', 'hn-thach-that-2'],
      ['nameVi', 'Mô hình Thạch Thất 2'],
      ['nameEn', 'Thach That 2'],
      ['type', 'community-cp'],
      ['programme', 'hanoi-2015-2020'],
      ['periodStart', '2018-01-01'],
      ['periodEnd', '2019-12-31'],
      ['sponsor', ''],
    ];
    const before = await snapshot();
    const searched = await (await form(admin, '/models/new', [...fields, ['q', 'dai dong'], ['find', '1']])).text();
    expect(searched).toMatch(/<button type="submit" name="add" value="09958"/);
    const added = await form(admin, '/models/new', [...fields, ['communes', '09958'], ['add', '09997']], { 'hx-request': 'true' });
    expect(added.status).toBe(200);
    const html = await added.text();
    expect(html).toMatch(/name="communes" value="09958"/);
    expect(html).toMatch(/name="communes" value="09997"/);
    const removed = await (await form(admin, '/models/new', [...fields, ['communes', '09958'], ['communes', '09997'], ['remove', '09958']])).text();
    expect(removed).not.toMatch(/name="communes" value="09958"/);
    expect(await snapshot()).toEqual(before);
    const fragment = await admin.get(`/places/search?q=${encodeURIComponent('phung xa')}&periodStart=2018-01-01&periodEnd=2019-12-31&for=%2Fmodels%2Fnew`, { 'hx-request': 'true' });
    const results = await fragment.text();
    expect(results.startsWith('<div id="place-results"')).toBe(true);
    expect(results).toContain('Thạch Thất');
    expect(results).toContain('Mỹ Đức');
    expect(results).toContain('hx-post="/models/new"');

    const saved = await form(admin, '/models/new', [...fields, ['communes', '09997'], ['save', '1']]);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/models/hn-thach-that-2');
    const page = await (await admin.get('/models/hn-thach-that-2')).text();
    expect(page).toContain('Phùng Xá');
    expect(page).toContain('href="/models/hn-thach-that-2/edit"');
    expect((await admin.get('/models/hn-thach-that-2/rounds/new')).status).toBe(200);
    expect(await (await admin.get('/')).text()).toContain('href="/models/new"');
  });

  it('a manager edits their model’s names, period and communes, not its programme; may not create models', async () => {
    const manager = await webAs(t.app, people.managerHa);
    expect((await manager.get('/models/new')).status).toBe(403);
    expect(await (await manager.get('/')).text()).not.toContain('href="/models/new"');
    const page = await manager.get('/models/hn-dai-dong/edit');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('name="programme"');
    expect(html).toContain('Loại mô hình, chương trình và nhà tài trợ do quản trị viên sửa.');
    expect((await manager.get('/models/yb-service-pilot/edit')).status).toBe(404);
    const saved = await form(manager, '/models/hn-dai-dong/edit', [
      ['nameVi', 'Mô hình xã Đại Đồng (đổi tên)'],
      ['nameEn', 'Dai Dong model'],
      ['programme', 'yen-bai-2018-2020'],
      ['periodStart', '2015-01-01'],
      ['periodEnd', '2019-12-31'],
      ['communes', '09958'],
      ['save', '1'],
    ]);
    expect(saved.status).toBe(303);
    const [model] = await t.db.select().from(models).where(eq(models.id, 'hn-dai-dong'));
    expect(model).toMatchObject({ nameVi: 'Mô hình xã Đại Đồng (đổi tên)', programmeId: 'hanoi-2015-2020', periodEnd: '2019-12-31' });
  });
});
