/**
 * Sign-in that cannot be abused, over HTTP on a real SQLite database: failure limits per account and per
 * address (429 + Retry-After on the form and the API), kept in the database; the same hashing work whether
 * or not an email has an account; re-hashing at the current cost; revoking an API token.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInFailures, users } from '../db/schema';
import { createApp } from '../src/app';
import { hashPassword, nobleScrypt, type ScryptCost, type ScryptFn, SignInBusyError } from '../src/domain/crypto';
import { apiAs, freshApp, people, testConfig, testPassword, type TestApp } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
let now = new Date('2026-11-20T09:00:00.000Z');
/** Moves the clock of every app of this file on. */
function later(seconds: number) {
  now = new Date(now.getTime() + seconds * 1000);
  t.setNow(now);
}

beforeAll(async () => {
  // Behind a trusted proxy, so that each test can come from its own address.
  t = await freshApp({ config: { trustProxyHeader: 'x-forwarded-for' } });
  t.setNow(now);
});

/** Each test its own address, so that their failures do not add up in the per-address count. */
let addresses = 0;
const newAddress = () => `198.51.100.${++addresses}`;

async function token(app: TestApp, email: string, password: string, address: string, headers: Record<string, string> = {}) {
  return app.request('/api/v1/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...headers },
    body: JSON.stringify({ email, password }),
  });
}

async function form(app: TestApp, email: string, password: string, address: string, headers: Record<string, string> = {}) {
  return app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address, ...headers },
    body: new URLSearchParams({ email, password, next: '/' }),
  });
}

async function failTimes(n: number, attempt: () => Promise<Response>, status: number) {
  for (let i = 0; i < n; i++) expect((await attempt()).status).toBe(status);
}

describe('failure limits', () => {
  it('API: 5 wrong passwords, then 429 with Retry-After and a problem in the caller’s language; the wait grows', async () => {
    const address = newAddress();
    await failTimes(5, () => token(t.app, 'lockout-api@example.org', 'wrong', address), 401);
    const refused = await token(t.app, 'lockout-api@example.org', 'wrong', address);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(await refused.json()).toMatchObject({ code: 'too_many_sign_ins', status: 429, title: 'Đã nhập sai mật khẩu quá nhiều lần. Hãy chờ một lát rồi thử lại.' });
    const english = await token(t.app, 'lockout-api@example.org', 'wrong', address, { cookie: 'moc_lang=en' });
    expect((await english.json()).title).toBe('Too many wrong passwords. Wait a while, then try again.');

    later(10);
    expect((await token(t.app, 'lockout-api@example.org', 'wrong', address)).headers.get('retry-after')).toBe('20');
    later(20);
    // Waited out: one more try, wrong again, and the next wait is twice as long.
    expect((await token(t.app, 'lockout-api@example.org', 'wrong', address)).status).toBe(401);
    const again = await token(t.app, 'lockout-api@example.org', 'wrong', address);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('60');
  });

  it('web form: the form again with the message, 429 and Retry-After, as a page and as an htmx fragment', async () => {
    const address = newAddress();
    await failTimes(5, () => form(t.app, 'lockout-web@example.org', 'wrong', address), 422);
    const page = await form(t.app, 'lockout-web@example.org', 'wrong', address);
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toBe('30');
    const html = await page.text();
    expect(html).toContain('Đã nhập sai mật khẩu quá nhiều lần.');
    expect(html).toContain('<form id="signin"');
    const fragment = await form(t.app, 'lockout-web@example.org', 'wrong', address, { 'hx-request': 'true', cookie: 'moc_lang=en' });
    expect(fragment.status).toBe(429);
    const fragmentHtml = await fragment.text();
    expect(fragmentHtml.startsWith('<form')).toBe(true);
    expect(fragmentHtml).toContain('Too many wrong passwords.');
  });

  it('a locked account refuses even the right password until the wait is over (from any address)', async () => {
    const app = (await freshApp({ config: { trustProxyHeader: 'x-forwarded-for' } })).app; // its own accounts: this one locks the manager
    await failTimes(5, () => token(app, people.managerHa, 'wrong', '192.0.2.1'), 401);
    expect((await token(app, people.managerHa, testPassword, '192.0.2.1')).status).toBe(429);
    expect((await token(app, people.managerHa, testPassword, '192.0.2.99')).status).toBe(429);
  });

  it('counts failures per address across different emails (20, then 429 for any email from it)', async () => {
    const address = newAddress();
    for (let i = 0; i < 20; i++) expect((await token(t.app, `spray${i}@example.org`, 'wrong', address)).status).toBe(401);
    const refused = await token(t.app, 'spray-next@example.org', 'wrong', address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not held up.
    expect((await token(t.app, 'spray-next@example.org', 'wrong', newAddress())).status).toBe(401);
  });

  it('a success resets the account’s count, not the address’s', async () => {
    const address = newAddress();
    await failTimes(4, () => token(t.app, people.evaluatorLan, 'wrong', address), 401);
    expect((await token(t.app, people.evaluatorLan, testPassword, address)).status).toBe(201);
    // Four more wrong ones are allowed again before the fifth locks the account.
    await failTimes(4, () => token(t.app, people.evaluatorLan, 'wrong', address), 401);
    expect((await token(t.app, people.evaluatorLan, testPassword, address)).status).toBe(201);
    const addressRow = await addressFailures(address);
    expect(addressRow).toBe(8);
  });

  it('holds in the database: a new app instance over the same database still refuses', async () => {
    const address = newAddress();
    await failTimes(5, () => token(t.app, 'two-processes@example.org', 'wrong', address), 401);
    const other = createApp({ db: t.db, clock: () => now, config: { ...testConfig, trustProxyHeader: 'x-forwarded-for' } });
    const refused = await token(other, 'two-processes@example.org', 'wrong', newAddress());
    expect(refused.status).toBe(429);
  });

  it('lets no more than 5 of 30 wrong passwords sent at once reach the password check', async () => {
    const { scrypt, costs } = recording();
    const app = createApp({ db: t.db, clock: () => now, config: { ...testConfig, trustProxyHeader: 'x-forwarded-for' }, scrypt });
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => token(app, 'burst@example.org', 'wrong', `203.0.113.${i + 1}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true);
    expect(costs.length).toBeLessThanOrEqual(5);
  });

  it('answers 503 with Retry-After when more password checks wait than the hasher takes', async () => {
    const app = createApp({ db: t.db, clock: () => now, config: testConfig, scrypt: () => Promise.reject(new SignInBusyError()) });
    const api = await token(app, 'busy@example.org', 'wrong', newAddress());
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect((await api.json()).code).toBe('sign_in_busy');
    const page = await form(app, 'busy@example.org', 'wrong', newAddress(), { cookie: 'moc_lang=en' });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('The server is busy checking many sign-ins.');
  });

  it('deletes records once they are forgotten, as sign-ins come', async () => {
    await failTimes(1, () => token(t.app, 'forgotten@example.org', 'wrong', newAddress()), 401);
    const before = (await t.db.select().from(signInFailures)).length;
    expect(before).toBeGreaterThan(0);
    later(2 * 24 * 3600); // past every record's forgetting time (a day after the last wait)
    await failTimes(1, () => token(t.app, 'next-day@example.org', 'wrong', newAddress()), 401);
    expect(await t.db.select().from(signInFailures)).toHaveLength(2); // the new attempt's account and address
  });
});

async function addressFailures(address: string) {
  const { signInKeys } = await import('../src/domain/sign-in-limits');
  const key = signInKeys('x@example.org', address)[1].key;
  const [row] = await t.db.select().from(signInFailures).where(eq(signInFailures.key, key));
  return row?.failures ?? 0;
}

/** A ScryptFn that records the costs it derives at, around the real one. */
function recording(): { scrypt: ScryptFn; costs: ScryptCost[] } {
  const costs: ScryptCost[] = [];
  return { costs, scrypt: (pw, salt, cost, dkLen) => (costs.push(cost), nobleScrypt(pw, salt, cost, dkLen)) };
}

describe('the same work whether or not the email exists', () => {
  it('hashes once at the configured cost for an unknown email, a known one, and a disabled account', async () => {
    const costsOf = async (email: string) => {
      const { scrypt, costs } = recording();
      const app = createApp({ db: t.db, clock: () => now, config: { ...testConfig, trustProxyHeader: 'x-forwarded-for' }, scrypt });
      expect((await token(app, email, 'wrong', newAddress())).status).toBe(401);
      return costs;
    };
    const known = await costsOf(people.sponsorWorldVision);
    expect(known).toEqual([testConfig.scrypt]);
    expect(await costsOf('nobody-here@example.org')).toEqual(known);
    expect(await costsOf('synthetic@example.invalid')).toEqual(known);
  });
});

describe('re-hashing at the current cost', () => {
  it('a hash made at an older cost still signs in, and is stored again at the current cost', async () => {
    const old = await hashPassword(testPassword, { N: 2 ** 9, r: 8, p: 1 });
    await t.db.update(users).set({ passwordHash: old }).where(eq(users.email, people.admin));
    expect((await token(t.app, people.admin, testPassword, newAddress())).status).toBe(201);
    const [row] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, people.admin));
    const { N, r, p } = testConfig.scrypt;
    expect(row.hash.startsWith(`scrypt$${N}$${r}$${p}$`)).toBe(true);
    expect((await token(t.app, people.admin, testPassword, newAddress())).status).toBe(201);
  });
});

describe('re-hashing when the hasher is busy', () => {
  it('signs in all the same and leaves the old hash for next time', async () => {
    const old = await hashPassword(testPassword, { N: 2 ** 9, r: 8, p: 1 });
    await t.db.update(users).set({ passwordHash: old }).where(eq(users.email, people.evaluatorMinh));
    let calls = 0;
    const busyAfterOne: ScryptFn = (...args) => (++calls === 1 ? nobleScrypt(...args) : Promise.reject(new SignInBusyError()));
    const app = createApp({ db: t.db, clock: () => now, config: testConfig, scrypt: busyAfterOne });
    expect((await token(app, people.evaluatorMinh, testPassword, newAddress())).status).toBe(201);
    const [row] = await t.db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, people.evaluatorMinh));
    expect(row.hash).toBe(old);
  });
});

describe('DELETE /api/v1/tokens/current', () => {
  it('revokes the token it is sent with: 204, then 401 with it; other tokens live on', async () => {
    const first = await apiAs(t.app, people.managerHa);
    const second = await apiAs(t.app, people.managerHa);
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const revoked = await t.app.request('/api/v1/tokens/current', { method: 'DELETE', headers: auth(first.token) });
    expect(revoked.status).toBe(204);
    const after = await first.get('/api/v1/models');
    expect(after.status).toBe(401);
    expect((await after.json()).code).toBe('bad_token');
    expect((await second.get('/api/v1/models')).status).toBe(200);
    expect((await t.app.request('/api/v1/tokens/current', { method: 'DELETE' })).status).toBe(401);
  });
});
