/**
 * The audit log (issue 13, part 4): append-only in the database itself; each recorded action writes its entry
 * (who, what, which object, from which address) over HTTP; the admin page filters it and downloads it as CSV;
 * GET /api/v1/audit pages through it for admins only.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../db/schema';
import { checkAuditFilter, csvLine, userChanges } from '../src/domain/audit';
import { vietnamDayStart, vietnamTime } from '../src/domain/calendar';
import { sha256Hex } from '../src/domain/crypto';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { audit, auditStatement } from '../src/queries/audit';
import { freshApp, people, testPassword } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const rng = seededRng(13);
const ids: Record<string, number> = {};
let addressCount = 0;
/** A new client address per request (documentation range), so each entry can be told apart by it. */
const newAddress = () => `203.0.113.${++addressCount}`;

interface Call {
  method?: string;
  token?: string;
  cookie?: string;
  csrf?: string;
  body?: unknown;
  form?: FormData | URLSearchParams;
  address?: string;
  headers?: Record<string, string>;
}

function call(path: string, o: Call = {}) {
  const headers: Record<string, string> = { 'x-forwarded-for': o.address ?? newAddress(), ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.cookie) headers.cookie = o.cookie;
  if (o.csrf) headers['x-csrf-token'] = o.csrf;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.form instanceof URLSearchParams) headers['content-type'] = 'application/x-www-form-urlencoded';
  return t.app.request(path, { method: o.method ?? (o.body !== undefined || o.form ? 'POST' : 'GET'), headers, body: o.body !== undefined ? JSON.stringify(o.body) : o.form });
}

async function tokenOf(email: string, address?: string) {
  const res = await call('/api/v1/tokens', { body: { email, password: testPassword }, address });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

async function webOf(email: string, address?: string) {
  const res = await call('/signin', { form: new URLSearchParams({ email, password: testPassword, next: '/' }), address });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const home = await (await call('/', { cookie })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(home)![1] };
}

/** The entries written from one address, oldest first. */
async function entriesFrom(address: string) {
  return t.db.select().from(auditLog).where(eq(auditLog.address, address)).orderBy(auditLog.id);
}

async function newest(action: string) {
  const [row] = await t.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1);
  return row;
}

const household = (id = crypto.randomUUID()) => ({ id, round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) });

beforeAll(async () => {
  t = await freshApp({ config: { trustProxyHeader: 'X-Forwarded-For' } });
  for (const [k, email] of Object.entries(people)) {
    const [u] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    ids[k] = u.id;
  }
});

describe('the table', () => {
  it('refuses UPDATE and DELETE (triggers), so an entry stays as written', async () => {
    await audit(t.db, { at: '2026-11-20T09:00:00.000Z', userId: ids.admin, action: 'export', objectType: 'round', objectId: 'hn-phu-chau-midterm', address: '192.0.2.1', detail: { rows: 3 } });
    const [row] = await t.db.select().from(auditLog).where(eq(auditLog.address, '192.0.2.1'));
    // Drizzle wraps the driver's error; the trigger's message is its cause.
    const refusal = (query: ReturnType<typeof sql>) => t.db.run(query).then(() => 'done', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await refusal(sql`UPDATE audit_log SET action = 'signin' WHERE id = ${row.id}`)).toMatch(/audit_log is append-only/);
    expect(await refusal(sql`DELETE FROM audit_log WHERE id = ${row.id}`)).toMatch(/audit_log is append-only/);
    expect(await refusal(sql`DELETE FROM audit_log`)).toMatch(/audit_log is append-only/);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.id, row.id))).toEqual([row]);
    expect(row.detail).toBe('{"rows":3}');
  });
});

describe('what is recorded', () => {
  it('a sign-in on the form (signin) and through the API (token.create): who, the account, the address', async () => {
    const web = newAddress();
    await webOf(people.managerHa, web);
    const [signin] = await entriesFrom(web);
    expect(signin).toMatchObject({ action: 'signin', userId: ids.managerHa, objectType: 'user', objectId: String(ids.managerHa), at: '2026-11-20T09:00:00.000Z' });
    expect(JSON.parse(signin.detail!)).toEqual({ via: 'web' });
    const api = newAddress();
    await tokenOf(people.evaluatorLan, api);
    const [created] = await entriesFrom(api);
    expect(created).toMatchObject({ action: 'token.create', userId: ids.evaluatorLan, objectType: 'user', objectId: String(ids.evaluatorLan) });
    expect(JSON.parse(created.detail!)).toMatchObject({ via: 'api' });
  });

  it('a failed sign-in: nobody, the account tried when the email has one, the email only hashed, never the password', async () => {
    const web = newAddress();
    const wrong = 'not-the-password-42';
    expect((await call('/signin', { form: new URLSearchParams({ email: 'Manager@Example.org', password: wrong, next: '/' }), address: web })).status).toBe(422);
    const [failed] = await entriesFrom(web);
    expect(failed).toMatchObject({ action: 'signin.failed', userId: null, objectType: 'user', objectId: String(ids.managerHa) });
    expect(JSON.parse(failed.detail!)).toEqual({ via: 'web', emailHash: sha256Hex(people.managerHa) });
    expect(JSON.stringify(failed)).not.toContain(wrong);
    expect(JSON.stringify(failed)).not.toContain('example.org');

    const api = newAddress();
    expect((await call('/api/v1/tokens', { body: { email: 'nobody@example.org', password: wrong }, address: api })).status).toBe(401);
    const [unknown] = await entriesFrom(api);
    expect(unknown).toMatchObject({ action: 'signin.failed', userId: null, objectType: null, objectId: null });
    expect(JSON.parse(unknown.detail!)).toEqual({ via: 'api', emailHash: sha256Hex('nobody@example.org') });
  });

  it('a wrong current password on /account is not a failed sign-in', async () => {
    const token = await tokenOf(people.sponsorWorldVision);
    const address = newAddress();
    expect((await call('/api/v1/users/me/password', { token, body: { current: 'wrong-password-1', password: 'a-new-password-123' }, address })).status).toBe(422);
    expect(await entriesFrom(address)).toEqual([]);
  });

  it('signing out, on the web and by revoking the API token', async () => {
    const ha = await webOf(people.managerHa);
    const web = newAddress();
    expect((await call('/signout', { form: new URLSearchParams({ _csrf: ha.csrf }), cookie: ha.cookie, address: web })).status).toBe(303);
    expect((await entriesFrom(web)).map((e) => [e.action, e.userId, e.objectId, e.detail])).toEqual([['signout', ids.managerHa, String(ids.managerHa), '{"via":"web"}']]);
    const token = await tokenOf(people.managerHa);
    const api = newAddress();
    expect((await call('/api/v1/tokens/current', { method: 'DELETE', token, address: api })).status).toBe(204);
    expect((await entriesFrom(api)).map((e) => [e.action, e.userId, e.detail])).toEqual([['signout', ids.managerHa, '{"via":"api"}']]);
  });

  it('opening a submission’s page (submission.view); a refused one records nothing', async () => {
    const lan = await tokenOf(people.evaluatorLan);
    const sent = household();
    expect((await call('/api/v1/submissions', { token: lan, body: sent })).status).toBe(201);
    const ha = await webOf(people.managerHa);
    const address = newAddress();
    expect((await call(`/submissions/${sent.id}`, { cookie: ha.cookie, address })).status).toBe(200);
    expect((await entriesFrom(address)).map((e) => [e.action, e.userId, e.objectType, e.objectId, e.detail])).toEqual([['submission.view', ids.managerHa, 'submission', sent.id, '{"via":"web"}']]);

    const minh = await webOf(people.evaluatorMinh);
    const wv = await webOf(people.sponsorWorldVision);
    const refused = newAddress();
    expect((await call(`/submissions/${sent.id}`, { cookie: minh.cookie, address: refused })).status).toBe(404);
    expect((await call(`/submissions/${sent.id}`, { cookie: wv.cookie, address: refused })).status).toBe(403);
    expect(await entriesFrom(refused)).toEqual([]);
  });

  it('an import through the API and on the web: counts and the ids it stored', async () => {
    const lan = await tokenOf(people.evaluatorLan);
    const items = [household(), household()];
    const file = { format: 'moc-backup', formatVersion: 1, exportedAt: '2026-11-19T09:00:00.000Z', exportedBy: people.evaluatorLan, submissions: [...items, { ...household(), round: 'no-such-round' }] };
    const api = newAddress();
    expect((await call('/api/v1/imports', { token: lan, body: file, address: api })).status).toBe(200);
    const [byApi] = await entriesFrom(api);
    expect(byApi).toMatchObject({ action: 'import', userId: ids.evaluatorLan });
    expect(JSON.parse(byApi.detail!)).toEqual({ via: 'api', stored: 2, alreadyThere: 0, refused: 1, storedIds: items.map((i) => i.id) });

    const ha = await webOf(people.managerHa);
    const again = { ...file, submissions: [items[0], { ...household(), evaluator: people.evaluatorLan, startedAt: '2026-11-19T08:00:00.000Z' }] };
    const form = new FormData();
    form.set('_csrf', ha.csrf);
    form.set('file', new File([JSON.stringify({ ...again, submissions: again.submissions.map((s) => ({ ...s, evaluator: people.evaluatorLan, startedAt: '2026-11-19T08:00:00.000Z' })) })], 'lan-backup.json', { type: 'application/json' }));
    const web = newAddress();
    expect((await call('/imports', { form, cookie: ha.cookie, address: web })).status).toBe(200);
    const [byWeb] = await entriesFrom(web);
    expect(byWeb).toMatchObject({ action: 'import', userId: ids.managerHa });
    expect(JSON.parse(byWeb.detail!)).toMatchObject({ via: 'web', file: 'lan-backup.json', stored: 1, alreadyThere: 1, refused: 0 });
  });

  it('accounts: creation, role change, deactivation, reactivation, reset link, scope, own password, a link used', async () => {
    const admin = await tokenOf(people.admin);
    const created = newAddress();
    const res = await call('/api/v1/users', { token: admin, body: { email: 'audit-hoa@example.org', name: 'Hoa', role: 'evaluator' }, address: created });
    expect(res.status).toBe(201);
    const { id, invitation } = (await res.json()) as { id: number; invitation: { url: string } };
    expect((await entriesFrom(created)).map((e) => [e.action, e.userId, e.objectType, e.objectId, JSON.parse(e.detail!)])).toEqual([
      ['user.create', ids.admin, 'user', String(id), { email: 'audit-hoa@example.org', name: 'Hoa', role: 'evaluator', organisationId: null }],
    ]);
    // A taken email creates nothing, and records nothing.
    const taken = newAddress();
    expect((await call('/api/v1/users', { token: admin, body: { email: 'audit-hoa@example.org', name: 'Hoa', role: 'evaluator' }, address: taken })).status).toBe(409);
    expect(await entriesFrom(taken)).toEqual([]);

    const used = newAddress();
    expect((await call(`/api/v1/invitations/${invitation.url.split('/invitations/')[1]}`, { body: { password: 'hoa-password-123' }, address: used })).status).toBe(201);
    expect((await entriesFrom(used)).map((e) => [e.action, e.userId, e.objectId, e.detail])).toEqual([['user.password', null, String(id), '{"via":"link"}']]);

    const changed = newAddress();
    expect((await call(`/api/v1/users/${id}`, { method: 'PATCH', token: admin, body: { role: 'manager', active: false, name: 'Hoa' }, address: changed })).status).toBe(200);
    expect((await entriesFrom(changed)).map((e) => [e.action, e.userId, e.objectId, JSON.parse(e.detail!)])).toEqual([
      ['user.role', ids.admin, String(id), { from: 'evaluator', to: 'manager' }],
      ['user.deactivate', ids.admin, String(id), { from: true, to: false }],
    ]);
    const unchanged = newAddress();
    expect((await call(`/api/v1/users/${id}`, { method: 'PATCH', token: admin, body: { name: 'Hoa' }, address: unchanged })).status).toBe(200);
    expect(await entriesFrom(unchanged)).toEqual([]);

    // On the web page: reactivate, then a reset link (the entry never holds the link).
    const web = await webOf(people.admin);
    const reactivated = newAddress();
    expect((await call(`/users/${id}`, { form: new URLSearchParams({ _csrf: web.csrf, active: 'true' }), cookie: web.cookie, address: reactivated })).status).toBe(200);
    expect((await entriesFrom(reactivated)).map((e) => [e.action, e.objectId])).toEqual([['user.activate', String(id)]]);
    const reset = newAddress();
    const page = await call(`/users/${id}/reset`, { form: new URLSearchParams({ _csrf: web.csrf }), cookie: web.cookie, address: reset });
    expect(page.status).toBe(200);
    const link = /\/invitations\/([A-Za-z0-9]+)/.exec(await page.text())![1];
    const [resetEntry] = await entriesFrom(reset);
    expect(resetEntry).toMatchObject({ action: 'user.reset', userId: ids.admin, objectId: String(id) });
    expect(resetEntry.detail).not.toContain(link);

    const scoped = newAddress();
    expect((await call(`/api/v1/users/${id}/scope`, { method: 'PUT', token: admin, body: { models: ['hn-phu-chau'], programmes: [] }, address: scoped })).status).toBe(200);
    expect((await entriesFrom(scoped)).map((e) => [e.action, e.userId, e.objectId, JSON.parse(e.detail!)])).toEqual([
      ['user.scope', ids.admin, String(id), { from: { models: [], programmes: [] }, to: { models: ['hn-phu-chau'], programmes: [] } }],
    ]);

    const own = newAddress();
    // Hoa's own password, set through the link above.
    const hoaToken = ((await (await call('/api/v1/tokens', { body: { email: 'audit-hoa@example.org', password: 'hoa-password-123' } })).json()) as { token: string }).token;
    expect((await call('/api/v1/users/me/password', { token: hoaToken, body: { current: 'hoa-password-123', password: 'hoa-password-456' }, address: own })).status).toBe(204);
    expect((await entriesFrom(own)).map((e) => [e.action, e.userId, e.objectId, e.detail])).toEqual([['user.password', id, String(id), '{"via":"own"}']]);
  });
});

describe('the filter', () => {
  it('reads Vietnam dates, both days included, and names each bad parameter', () => {
    expect(vietnamDayStart('2026-11-20')).toBe('2026-11-19T17:00:00.000Z');
    expect(vietnamTime('2026-11-19T17:00:00.000Z')).toBe('2026-11-20 00:00');
    expect(checkAuditFilter({ from: '2026-11-20', to: '2026-11-20', action: 'user.role', user: '3', limit: '10' }, 'en')).toEqual({
      ok: true,
      filter: { from: '2026-11-20', to: '2026-11-20', atFrom: '2026-11-19T17:00:00.000Z', atBefore: '2026-11-20T17:00:00.000Z', action: 'user.role', userId: 3, limit: 10 },
    });
    const bad = checkAuditFilter({ from: '2026-02-30', to: 'yesterday', user: 'me', action: 'DROP TABLE', limit: '0', before: '-1', objectType: 'User!' }, 'en');
    expect(!bad.ok && bad.errors.map((e) => e.question)).toEqual(['user', 'action', 'objectType', 'from', 'to', 'before', 'limit']);
    const backwards = checkAuditFilter({ from: '2026-11-21', to: '2026-11-20' }, 'vi');
    expect(!backwards.ok && backwards.errors).toEqual([{ question: 'from', message: 'Ngày bắt đầu không được sau ngày kết thúc.' }]);
  });

  it('a change makes one entry per kind, none for a value sent unchanged', () => {
    expect(userChanges({ role: 'manager', active: true, name: 'Hà' }, { role: 'admin', name: 'Hà' })).toEqual([{ action: 'user.role', detail: { from: 'manager', to: 'admin' } }]);
    expect(userChanges({ role: 'manager', active: true, name: 'Hà' }, { active: true })).toEqual([]);
  });

  it('CSV cells: quoted when they must be, never read as a formula', () => {
    expect(csvLine([1, '=HYPERLINK("x")', 'a,b', null, '-1+2', 'Nguyễn Văn A'])).toBe(`1,"'=HYPERLINK(""x"")","a,b",,'-1+2,Nguyễn Văn A\r\n`);
  });
});

/** Entries written straight to the table for the reading tests: `n` of them about one object, oldest first. */
async function seedEntries(objectId: string, n: number, at = (i: number) => new Date(Date.UTC(2026, 10, 18, 3, 0, i)).toISOString()) {
  const rows = Array.from({ length: n }, (_, i) => auditStatement(t.db, { at: at(i), userId: ids.admin, action: 'export', objectType: 'round', objectId, address: '198.51.100.7', detail: { n: i } }));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await t.db.batch(chunk as [(typeof chunk)[0], ...typeof chunk]);
  }
  return t.db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.objectType, 'round'), eq(auditLog.objectId, objectId))).orderBy(desc(auditLog.id));
}

const listedIds = (html: string) => [...html.matchAll(/data-audit-id="(\d+)"/g)].map((m) => Number(m[1]));

describe('the admin page /audit', () => {
  it('is linked from the header for admins only, and refused (403) to everyone else', async () => {
    const admin = await webOf(people.admin);
    expect(await (await call('/', { cookie: admin.cookie })).text()).toContain('<a href="/audit">');
    for (const email of [people.managerHa, people.evaluatorLan, people.sponsorWorldVision]) {
      const other = await webOf(email);
      expect(await (await call('/', { cookie: other.cookie })).text()).not.toContain('href="/audit"');
      expect((await call('/audit', { cookie: other.cookie })).status).toBe(403);
      expect((await call('/audit.csv', { cookie: other.cookie })).status).toBe(403);
    }
  });

  it('filters by who, action, object and Vietnam dates, newest first', async () => {
    const admin = await webOf(people.admin);
    await webOf(people.evaluatorMinh);
    const byMinh = listedIds(await (await call(`/audit?user=${ids.evaluatorMinh}`, { cookie: admin.cookie })).text());
    const minhRows = await t.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.userId, ids.evaluatorMinh)).orderBy(desc(auditLog.id));
    expect(byMinh.length).toBeGreaterThan(0);
    expect(byMinh).toEqual(minhRows.map((r) => r.id).slice(0, 50));

    expect((await call('/api/v1/tokens', { body: { email: people.evaluatorMinh, password: 'wrong-password-9' } })).status).toBe(401);
    const html = await (await call('/audit?action=signin.failed', { cookie: admin.cookie })).text();
    const failed = await t.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, 'signin.failed')).orderBy(desc(auditLog.id));
    expect(listedIds(html)).toEqual(failed.map((r) => r.id));
    expect(html).toContain('(chưa đăng nhập)');

    // 16:59 UTC on the 19th is still the 19th in Vietnam; 17:00 UTC is the 20th.
    await audit(t.db, { at: '2026-11-19T16:59:59.000Z', userId: ids.admin, action: 'export', objectType: 'model', objectId: 'dates', address: null });
    await audit(t.db, { at: '2026-11-19T17:00:00.000Z', userId: ids.admin, action: 'export', objectType: 'model', objectId: 'dates', address: null });
    const [late, early] = await t.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.objectId, 'dates')).orderBy(desc(auditLog.id));
    const on = async (q: string) => listedIds(await (await call(`/audit?objectType=model&objectId=dates&${q}`, { cookie: admin.cookie })).text());
    expect(await on('from=2026-11-20&to=2026-11-20')).toEqual([late.id]);
    expect(await on('to=2026-11-19')).toEqual([early.id]);
    expect(await on('from=2026-11-19')).toEqual([late.id, early.id]);
    expect(listedIds(await (await call('/audit?objectType=user&objectId=dates', { cookie: admin.cookie })).text())).toEqual([]);
  });

  it('pages through by cursor (Older →), the CSV link keeps the filter', async () => {
    const admin = await webOf(people.admin);
    const all = (await seedEntries('page-test', 60)).map((r) => r.id);
    const first = await (await call('/audit?objectId=page-test', { cookie: admin.cookie })).text();
    expect(listedIds(first)).toEqual(all.slice(0, 50));
    expect(first).toContain('href="/audit.csv?objectId=page-test"');
    const older = /href="(\/audit\?objectId=page-test&amp;before=\d+)"/.exec(first)![1].replace(/&amp;/g, '&');
    const second = await (await call(older, { cookie: admin.cookie })).text();
    expect(listedIds(second)).toEqual(all.slice(50));
    expect(second).not.toContain('rel="next"');
  });

  it('a bad filter is 422 with its messages, as the page or the fragment htmx swaps in', async () => {
    const admin = await webOf(people.admin);
    const page = await call('/audit?from=2026-02-30&user=me', { cookie: admin.cookie, headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain('Ngày bắt đầu có dạng YYYY-MM-DD.');
    expect(html).toContain('value="2026-02-30"');
    const fragment = await call('/audit?to=tomorrow', { cookie: admin.cookie, headers: { 'hx-request': 'true' } });
    expect(fragment.status).toBe(422);
    const text = await fragment.text();
    expect(text.startsWith('<div id="audit-results"')).toBe(true);
    expect(text).toContain('Ngày kết thúc có dạng YYYY-MM-DD.');
  });
});

describe('the CSV download', () => {
  it('streams every filtered entry, newest first, UTF-8 with a byte-order mark, page after page', async () => {
    const admin = await webOf(people.admin);
    const all = (await seedEntries('csv-test', 1100)).map((r) => r.id);
    const res = await call('/audit.csv?objectType=round&objectId=csv-test', { cookie: admin.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="moc-audit-2026-11-20.csv"');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
    expect(lines[0]).toBe('id,at,user_id,user_email,user_name,action,object_type,object_id,address,detail');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1);
    expect(rows.map((l) => Number(l.split(',')[0]))).toEqual(all);
    expect(rows[0]).toBe(`${all[0]},2026-11-18T03:18:19.000Z,${ids.admin},admin@example.org,${csvName(rows[0])},export,round,csv-test,198.51.100.7,"{""n"":1099}"`);
  });

  it('an empty filter result is the header alone; a bad filter is 422', async () => {
    const admin = await webOf(people.admin);
    const res = await call('/audit.csv?objectId=nothing-here', { cookie: admin.cookie });
    // Response.text() drops the byte-order mark; the bytes keep it.
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())).toBe('\uFEFFid,at,user_id,user_email,user_name,action,object_type,object_id,address,detail\r\n');
    expect((await call('/audit.csv?from=x', { cookie: admin.cookie })).status).toBe(422);
  });
});

/** The admin's name as its CSV cell (the demo's, whatever it is). */
const csvName = (line: string) => line.split(',')[4];

describe('GET /api/v1/audit', () => {
  it('pages through a filter by cursor, newest first, for admins', async () => {
    const admin = await tokenOf(people.admin);
    const all = (await seedEntries('api-test', 7)).map((r) => r.id);
    const seen: number[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const res = await call(`/api/v1/audit?objectId=api-test&limit=3${next ? `&before=${next}` : ''}`, { token: admin });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { entries: { id: number; at: string; user: { id: number; email: string } | null; action: string; object: { type: string; id: string } | null; address: string | null; detail: unknown }[]; next: string | null };
      seen.push(...body.entries.map((e) => e.id));
      if (pages === 0) {
        expect(body.entries[0]).toEqual({ id: all[0], at: '2026-11-18T03:00:06.000Z', user: { id: ids.admin, email: people.admin, name: expect.any(String) }, action: 'export', object: { type: 'round', id: 'api-test' }, address: '198.51.100.7', detail: { n: 6 } });
      }
      next = body.next;
      pages++;
    } while (next !== null);
    expect(seen).toEqual(all);
    expect(pages).toBe(3);
  });

  it('filters by who, action and dates; a failed sign-in has no user', async () => {
    const admin = await tokenOf(people.admin);
    await tokenOf(people.evaluatorLan);
    expect((await call('/api/v1/tokens', { body: { email: people.evaluatorLan, password: 'wrong-password-9' } })).status).toBe(401);
    const res = await call('/api/v1/audit?action=signin.failed&from=2026-11-20&to=2026-11-20', { token: admin });
    const { entries } = (await res.json()) as { entries: { user: unknown; action: string }[] };
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.action === 'signin.failed' && e.user === null)).toBe(true);
    const none = (await (await call('/api/v1/audit?action=signin.failed&to=2026-11-19', { token: admin })).json()) as { entries: unknown[] };
    expect(none.entries).toEqual([]);
    const byLan = (await (await call(`/api/v1/audit?user=${ids.evaluatorLan}`, { token: admin })).json()) as { entries: { user: { id: number } }[] };
    expect(byLan.entries.length).toBeGreaterThan(0);
    expect(byLan.entries.every((e) => e.user.id === ids.evaluatorLan)).toBe(true);
  });

  it('a bad filter is 422 naming each parameter (JSON problem)', async () => {
    const admin = await tokenOf(people.admin);
    const res = await call('/api/v1/audit?from=2026-13-01&limit=1000&user=abc&before=x', { token: admin, headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { code: string; errors: { question: string; message: string }[] };
    expect(body.code).toBe('invalid_request');
    expect(body.errors.map((e) => e.question)).toEqual(['user', 'from', 'before', 'limit']);
    expect(body.errors[1].message).toBe('The from date reads YYYY-MM-DD.');
  });

  it('is 403 for managers, evaluators and sponsors (before the filter is read), 401 without a token', async () => {
    for (const email of [people.managerHa, people.evaluatorLan, people.sponsorWorldVision]) {
      const token = await tokenOf(email);
      expect((await call('/api/v1/audit', { token })).status).toBe(403);
      expect((await call('/api/v1/audit?from=bad', { token })).status).toBe(403);
    }
    expect((await call('/api/v1/audit')).status).toBe(401);
  });
});
