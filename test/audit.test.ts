/**
 * The audit log (issue 13, part 4): append-only in the database itself; each recorded action writes its entry
 * (who, what, which object, from which address) over HTTP; the admin page filters it and downloads it as CSV;
 * GET /api/v1/audit pages through it for admins only.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../db/schema';
import { checkAuditFilter, csvLine, userChanges, vietnamDayStart } from '../src/domain/audit';
import { sha256Hex } from '../src/domain/crypto';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { audit } from '../src/queries/audit';
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
