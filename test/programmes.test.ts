/**
 * Programmes and organisations set up by admins without code (issue 12: what a model needs before it can be
 * created in an empty installation): checks, the JSON API, the pages, and an installation with only the
 * reference data and one admin.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelTypes, organisations, places, placeSuccessions, programmes } from '../db/schema';
import { createApp } from '../src/app';
import { openNodeDb } from '../src/db-node';
import { sha256Hex } from '../src/domain/crypto';
import { checkOrganisationEntry, checkProgrammeEntry, checkProgrammePatch, type ProgrammeEntry } from '../src/domain/programmes';
import type { PlaceNode } from '../src/domain/places';
import { createUserWithInvitation } from '../src/queries/accounts';
import { seedReference } from '../src/seed/reference';
import { apiAs, freshApp, people, testConfig, testPassword, webAs } from './support/app';
import { tempDir } from './support/temp';

const unit = (id: number, code: string, level: PlaceNode['level'], validFrom: string, validTo: string | null, nameVi = code): PlaceNode => ({ id, code, level, nameVi, nameEn: nameVi, parentId: null, validFrom, validTo });
const yenBai = unit(3, '15', 'province', '2008-08-01', '2025-06-30', 'Yên Bái');
const laoCai = unit(9, '15', 'province', '2025-07-01', null, 'Lào Cai');
const entry = { nameVi: 'Chương trình BVTE Yên Bái 2021–2025', nameEn: 'Yen Bai child protection 2021–2025', province: '15', periodStart: '2021-01-01', periodEnd: '2025-06-30' };

describe('checkProgrammeEntry, checkProgrammePatch, checkOrganisationEntry', () => {
  it('makes the id from the English name and picks the province in force at the start of the period', () => {
    expect(checkProgrammeEntry(entry, { places: [yenBai, laoCai] }, 'en')).toEqual({
      ok: true,
      entry: { id: 'yen-bai-child-protection-2021-2025', nameVi: entry.nameVi, nameEn: entry.nameEn, provinceId: 3, periodStart: '2021-01-01', periodEnd: '2025-06-30', source: null },
    });
    expect(checkProgrammeEntry({ ...entry, periodStart: '2026-01-01', periodEnd: '2030-12-31', source: ' QĐ 123 ' }, { places: [yenBai, laoCai] }, 'en')).toMatchObject({ ok: true, entry: { provinceId: 9, source: 'QĐ 123' } });
  });

  it('names every problem at its field, in the reader’s language', () => {
    const bad = checkProgrammeEntry({ nameVi: ' ', nameEn: 'x'.repeat(201), province: '99', periodStart: '2021-02-30', periodEnd: '2020-01-01' }, { places: [] }, 'en');
    expect(!bad.ok && bad.errors.map((e) => e.question)).toEqual(['nameVi', 'nameEn', 'periodStart', 'province']);
    const reversed = checkProgrammeEntry({ ...entry, periodStart: '2022-01-01', periodEnd: '2021-12-31' }, { places: [yenBai] }, 'vi');
    expect(reversed).toEqual({ ok: false, errors: [{ question: 'periodEnd', message: 'Ngày kết thúc không được trước ngày bắt đầu.' }] });
    const district = checkProgrammeEntry({ ...entry, province: '141' }, { places: [unit(5, '141', 'district', '2008-08-01', '2025-06-30')] }, 'en');
    expect(!district.ok && district.errors[0].message).toMatch(/not a province/);
    const gone = checkProgrammeEntry({ ...entry, province: '35', periodStart: '2026-01-01', periodEnd: '2026-12-31' }, { places: [unit(4, '35', 'province', '2008-08-01', '2025-06-30')] }, 'en');
    expect(!gone.ok && gone.errors).toEqual([{ question: 'province', message: "No province with this code existed during the programme's period (35, 1 Jan 2026 – 31 Dec 2026)" }]);
    expect(checkProgrammeEntry({ ...entry, id: 'Bad Id' }, { places: [yenBai] }, 'en')).toMatchObject({ ok: false, errors: [{ question: 'id' }] });
    expect(checkProgrammeEntry({ ...entry, nameEn: '–––' }, { places: [yenBai] }, 'en')).toMatchObject({ ok: false, errors: [{ question: 'id' }] });
  });

  it('a change keeps the province valid and every model within the period; the province stays', () => {
    const stored: ProgrammeEntry = { id: 'yen-bai-2018-2020', nameVi: 'a', nameEn: 'b', provinceId: 3, periodStart: '2018-01-01', periodEnd: '2020-12-31', source: null };
    const known = { province: yenBai, models: [{ id: 'yb-service-pilot', periodStart: '2018-01-01', periodEnd: '2020-12-31' }] };
    expect(checkProgrammePatch({ periodEnd: '2021-12-31', source: 'seed 004' }, stored, known, 'en')).toEqual({ ok: true, entry: { ...stored, periodEnd: '2021-12-31', source: 'seed 004' } });
    const cut = checkProgrammePatch({ periodEnd: '2019-12-31' }, stored, known, 'en');
    expect(cut).toEqual({ ok: false, errors: [{ question: 'periodEnd', message: "The new period no longer contains the model's period (yb-service-pilot: 1 Jan 2018 – 31 Dec 2020)" }] });
    expect(checkProgrammePatch({ periodStart: '2026-01-01', periodEnd: '2026-12-31' }, stored, { ...known, models: [] }, 'en')).toMatchObject({ ok: false, errors: [{ question: 'periodStart' }] });
    expect(checkProgrammePatch({ province: '10' }, stored, known, 'en')).toMatchObject({ ok: false, errors: [{ question: 'province' }] });
    expect(checkProgrammePatch({}, stored, known, 'en')).toMatchObject({ ok: false, errors: [{ question: '(body)' }] });
  });

  it('an organisation is a named sponsor or government body', () => {
    expect(checkOrganisationEntry({ name: ' Plan  International ', kind: 'sponsor' }, 'en')).toEqual({ ok: true, entry: { id: 'plan-international', name: 'Plan International', kind: 'sponsor' } });
    expect(checkOrganisationEntry({ name: 'Sở LĐTB&XH Lào Cai', kind: 'government' }, 'en')).toMatchObject({ ok: true, entry: { id: 'so-ldtb-xh-lao-cai' } });
    const bad = checkOrganisationEntry({ name: '', kind: 'donor' }, 'vi');
    expect(!bad.ok && bad.errors.map((e) => e.question)).toEqual(['name', 'kind']);
  });
});

describe('the JSON API, over the demo data', () => {
  let t: Awaited<ReturnType<typeof freshApp>>;
  const send = (token: string, method: string, path: string, body: unknown) =>
    t.app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify(body) });
  const rows = async (table: typeof programmes | typeof organisations) => (await t.db.select({ n: count() }).from(table))[0].n;
  const ids = async (res: Response, key: 'programmes' | 'organisations') => ((await res.json()) as Record<string, { id: string }[]>)[key].map((p) => p.id);
  beforeAll(async () => {
    t = await freshApp();
  });

  it('an admin creates a programme (201); a taken id is 409; bad fields are one 422 listing each; nothing half-made', async () => {
    const admin = await apiAs(t.app, people.admin);
    const before = await rows(programmes);
    const created = await send(admin.token, 'POST', '/api/v1/programmes', { ...entry, source: 'QĐ 45/2021' });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      id: 'yen-bai-child-protection-2021-2025',
      nameVi: entry.nameVi,
      nameEn: entry.nameEn,
      province: { code: '15', nameVi: 'Yên Bái', nameEn: 'Yen Bai' },
      periodStart: '2021-01-01',
      periodEnd: '2025-06-30',
      source: 'QĐ 45/2021',
    });
    expect((await send(admin.token, 'POST', '/api/v1/programmes', entry)).status).toBe(409);
    const refused = await send(admin.token, 'POST', '/api/v1/programmes', { nameVi: '', nameEn: 'Later', province: '004', periodStart: '2024-12-31', periodEnd: '2024-01-01' });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { errors: { question: string }[] }).errors.map((e) => e.question)).toEqual(['nameVi', 'periodEnd', 'province']);
    expect((await send(admin.token, 'POST', '/api/v1/programmes', { ...entry, nameEn: 'Ha Nam 2026', province: '35', periodStart: '2026-01-01', periodEnd: '2026-12-31' })).status).toBe(422);
    expect((await send(admin.token, 'POST', '/api/v1/programmes', [entry])).status).toBe(422);
    expect(await rows(programmes)).toBe(before + 1);
  });

  it('only admins set programmes up (403, nothing written); each role reads the programmes of its models', async () => {
    const [manager, sponsor, lan, admin] = await Promise.all([apiAs(t.app, people.managerHa), apiAs(t.app, people.sponsorWorldVision), apiAs(t.app, people.evaluatorLan), apiAs(t.app, people.admin)]);
    const before = await rows(programmes);
    expect((await send(manager.token, 'POST', '/api/v1/programmes', { ...entry, id: 'by-manager' })).status).toBe(403);
    expect((await send(sponsor.token, 'PATCH', '/api/v1/programmes/yen-bai-2018-2020', { nameEn: 'x' })).status).toBe(403);
    expect(await rows(programmes)).toBe(before);
    expect(await ids(await manager.get('/api/v1/programmes'), 'programmes')).toEqual(['hanoi-2015-2020']);
    expect(await ids(await sponsor.get('/api/v1/programmes'), 'programmes')).toEqual(['yen-bai-2018-2020']);
    expect((await lan.get('/api/v1/programmes')).status).toBe(403);
    expect(await ids(await admin.get('/api/v1/programmes'), 'programmes')).toEqual(expect.arrayContaining(['ha-nam-2014', 'hanoi-2015-2020', 'yen-bai-2018-2020']));
  });

  it('PATCH changes names, period and source; a period leaving out a model is 422 and changes nothing', async () => {
    const admin = await apiAs(t.app, people.admin);
    const stored = async () => (await t.db.select().from(programmes).where(eq(programmes.id, 'hanoi-2015-2020')))[0];
    const was = await stored();
    const cut = await send(admin.token, 'PATCH', '/api/v1/programmes/hanoi-2015-2020', { nameEn: 'Renamed', periodEnd: '2019-12-31' });
    expect(cut.status).toBe(422);
    expect(JSON.stringify(await cut.json())).toContain('hn-phu-chau: 1 Jan 2015 – 31 Dec 2020');
    expect(await stored()).toEqual(was);
    const changed = await send(admin.token, 'PATCH', '/api/v1/programmes/hanoi-2015-2020', { nameEn: 'Hanoi child protection programme 2015–2021', periodEnd: '2021-12-31', source: '' });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ nameEn: 'Hanoi child protection programme 2015–2021', periodEnd: '2021-12-31', source: null, province: { code: '01' } });
    expect((await send(admin.token, 'PATCH', '/api/v1/programmes/no-such', { nameEn: 'x' })).status).toBe(404);
  });

  it('organisations: an admin adds one (201); the same name again is 409, a bad kind 422, a manager 403; each role reads its own', async () => {
    const [admin, manager, sponsor] = await Promise.all([apiAs(t.app, people.admin), apiAs(t.app, people.managerHa), apiAs(t.app, people.sponsorWorldVision)]);
    const before = await rows(organisations);
    const created = await send(admin.token, 'POST', '/api/v1/organisations', { name: 'Plan International', kind: 'sponsor' });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ id: 'plan-international', name: 'Plan International', kind: 'sponsor' });
    expect((await send(admin.token, 'POST', '/api/v1/organisations', { name: ' plan  INTERNATIONAL', kind: 'government' })).status).toBe(409);
    expect((await send(admin.token, 'POST', '/api/v1/organisations', { name: 'World Vision', kind: 'sponsor' })).status).toBe(409);
    expect((await send(admin.token, 'POST', '/api/v1/organisations', { name: 'UNICEF', kind: 'donor' })).status).toBe(422);
    expect((await send(manager.token, 'POST', '/api/v1/organisations', { name: 'UNICEF', kind: 'sponsor' })).status).toBe(403);
    expect(await rows(organisations)).toBe(before + 1);
    expect(await ids(await admin.get('/api/v1/organisations'), 'organisations')).toEqual(expect.arrayContaining(['hanoi-dolisa', 'plan-international', 'world-vision']));
    expect(await ids(await manager.get('/api/v1/organisations'), 'organisations')).toEqual(['hanoi-dolisa']);
    expect(await ids(await sponsor.get('/api/v1/organisations'), 'organisations')).toEqual(['world-vision']);
  });
});

describe('the pages', () => {
  let t: Awaited<ReturnType<typeof freshApp>>;
  beforeAll(async () => {
    t = await freshApp();
  });
  const post = (web: Awaited<ReturnType<typeof webAs>>, path: string, fields: Record<string, string>) =>
    t.app.request(path, { method: 'POST', headers: { cookie: web.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: web.csrf, ...fields }) });

  it('an admin finds the programmes from the header, picks a province from the places table, and a refused form says why in Vietnamese (422)', async () => {
    const admin = await webAs(t.app, people.admin);
    expect(await (await admin.get('/')).text()).toContain('href="/programmes"');
    const form = await (await admin.get('/programmes/new')).text();
    expect(form).toContain('<option value="15">15 · Yên Bái (đến 2025-06-30) / Lào Cai (từ 2025-07-01)</option>');
    const before = (await t.db.select({ n: count() }).from(programmes))[0].n;
    const refused = await post(admin, '/programmes', { nameVi: '', nameEn: 'Lao Cai 2026', province: '', periodStart: '2026-01-01', periodEnd: '2025-01-01', source: '' });
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('Hãy ghi tên tiếng Việt');
    expect(page).toContain('Ngày kết thúc không được trước ngày bắt đầu.');
    expect(page).toContain('Chọn tỉnh/thành');
    expect(page).toContain('value="Lao Cai 2026"');
    expect((await t.db.select({ n: count() }).from(programmes))[0].n).toBe(before);
    const saved = await post(admin, '/programmes', { nameVi: 'Chương trình BVTE Lào Cai 2026', nameEn: 'Lao Cai 2026', province: '15', periodStart: '2026-01-01', periodEnd: '2026-12-31', source: '' });
    expect(saved.status).toBe(303);
    expect(await (await admin.get('/programmes')).text()).toContain('Lào Cai');
    const edit = await post(admin, '/programmes/lao-cai-2026', { nameVi: 'Chương trình BVTE Lào Cai 2026', nameEn: 'Lao Cai 2026', periodStart: '2020-01-01', periodEnd: '2024-12-31', source: '' });
    expect(edit.status).toBe(422);
    expect(await edit.text()).toContain('Tỉnh/thành mang mã này không tồn tại trong giai đoạn của chương trình');
    expect((await admin.get('/programmes/lao-cai-2026/edit')).status).toBe(200);
  });

  it('organisations: listed, added by an admin, refused with the reason; managers read theirs and set nothing up', async () => {
    const admin = await webAs(t.app, people.admin);
    expect((await post(admin, '/organisations', { name: 'UNICEF Việt Nam', kind: 'sponsor' })).status).toBe(303);
    const again = await post(admin, '/organisations', { name: 'unicef việt nam', kind: 'sponsor' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Đã có tổ chức mang tên hoặc mã này. (UNICEF Việt Nam (unicef-viet-nam))');
    const manager = await webAs(t.app, people.managerHa);
    const seen = await (await manager.get('/organisations')).text();
    expect(seen).toContain('data-organisation="hanoi-dolisa"');
    expect(seen).not.toContain('unicef-viet-nam');
    expect(seen).not.toContain('action="/organisations"');
    expect((await manager.get('/programmes/new')).status).toBe(403);
    expect((await post(manager, '/organisations', { name: 'X', kind: 'sponsor' })).status).toBe(403);
    expect(await (await manager.get('/')).text()).not.toContain('href="/programmes"');
  });
});

describe('an empty installation: reference data and one admin', () => {
  let close = () => {};
  afterAll(() => close());

  it('has the places and model types to choose from, and the admin sets up a programme and a sponsor through the API', async () => {
    const opened = await openNodeDb(join(tempDir('moc-empty-'), 'moc.sqlite'));
    close = opened.close;
    const { db } = opened;
    await seedReference(db);
    await seedReference(db); // a second run (npm run db:migrate again) adds nothing
    const counted = async (table: typeof places | typeof placeSuccessions | typeof modelTypes | typeof programmes | typeof organisations) => (await db.select({ n: count() }).from(table))[0].n;
    expect(await counted(programmes)).toBe(0);
    expect(await counted(organisations)).toBe(0);
    expect(await counted(modelTypes)).toBe(6);
    expect(await counted(placeSuccessions)).toBe(4);
    const placeCount = await counted(places);
    expect(placeCount).toBeGreaterThan(30);

    const token = 'first-admin-link';
    await createUserWithInvitation(db, { email: 'hoa@province.example', name: 'Chị Hoa', role: 'admin', locale: 'vi', organisationId: null }, { tokenHash: sha256Hex(token), expiresAt: '2030-01-01T00:00:00.000Z', createdBy: null, createdAt: '2026-11-20T09:00:00.000Z' });
    const app = createApp({ db, clock: () => new Date('2026-11-20T09:00:00.000Z'), config: testConfig });
    const json = { 'content-type': 'application/json' };
    expect((await app.request(`/api/v1/invitations/${token}`, { method: 'POST', headers: json, body: JSON.stringify({ password: testPassword }) })).status).toBe(201);
    const admin = await apiAs(app, 'hoa@province.example');
    expect(await (await admin.get('/api/v1/programmes')).json()).toEqual({ programmes: [] });

    expect((await admin.post('/api/v1/organisations', { name: 'World Vision', kind: 'sponsor' })).status).toBe(201);
    const created = await admin.post('/api/v1/programmes', { id: 'ha-noi-2026-2030', nameVi: 'Chương trình BVTE Hà Nội 2026–2030', nameEn: 'Hanoi child protection 2026–2030', province: '01', periodStart: '2026-01-01', periodEnd: '2030-12-31' });
    expect(created.status).toBe(201);
    expect(await (await admin.get('/api/v1/programmes')).json()).toEqual({
      programmes: [{ id: 'ha-noi-2026-2030', nameVi: 'Chương trình BVTE Hà Nội 2026–2030', nameEn: 'Hanoi child protection 2026–2030', province: { code: '01', nameVi: 'Hà Nội', nameEn: 'Hanoi' }, periodStart: '2026-01-01', periodEnd: '2030-12-31', source: null }],
    });
    expect(await (await admin.get('/api/v1/organisations')).json()).toEqual({ organisations: [{ id: 'world-vision', name: 'World Vision', kind: 'sponsor' }] });
    expect(await counted(places)).toBe(placeCount);
  });
});

describe('npm run db:migrate and npm run admin:create', () => {
  const cli = (script: string, args: string[], databasePath: string) =>
    spawnSync('npx', ['tsx', `src/cli/${script}`, ...args], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8', env: { ...process.env, DATABASE_PATH: databasePath } });

  // Two CLI runs through tsx: seconds each on a busy machine.
  it('each leaves the reference data (places, successions, model types) and nothing of the demo', { timeout: 120_000 }, async () => {
    const migrated = join(tempDir('moc-migrate-'), 'moc.sqlite');
    const created = join(tempDir('moc-admin-'), 'moc.sqlite');
    expect(cli('migrate.ts', [], migrated).status).toBe(0);
    const admin = cli('admin-create.ts', ['hoa@province.example', 'Chị Hoa'], created);
    expect(admin.stderr).toBe('');
    expect(admin.status).toBe(0);
    for (const path of [migrated, created]) {
      const { db, close } = await openNodeDb(path);
      try {
        const n = async (table: typeof places | typeof modelTypes | typeof programmes | typeof placeSuccessions) => (await db.select({ n: count() }).from(table))[0].n;
        expect([await n(modelTypes), await n(placeSuccessions), await n(programmes)]).toEqual([6, 4, 0]);
        expect(await db.select({ code: places.code }).from(places).where(eq(places.level, 'province'))).toHaveLength(7);
      } finally {
        close();
      }
    }
  });
});
