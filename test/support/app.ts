/**
 * A fresh app over a fresh migrated SQLite file, seeded with the programmes and the named demo people.
 * Each test file calls `freshApp()` once; nothing is shared between files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import type { AppConfig } from '../../src/config';
import { openNodeDb } from '../../src/db-node';
import { seedReference } from '../../src/seed/reference';
import { checkNewUser } from '../../src/domain/accounts';
import { randomToken, sha256Hex } from '../../src/domain/crypto';
import { createUserWithInvitation } from '../../src/queries/accounts';
import { defaultSignInLimits } from '../../src/domain/sign-in-limits';
import { defaultAnswerLimits } from '../../src/domain/validation/limits';
import { nodeXlsx } from '../../src/xlsx-node';
import { nodePdf } from '../../src/pdf-node';
import { seedForTests, testPassword, testScrypt } from './seeded';

export { people, testPassword } from './seeded';

export const testConfig: AppConfig = {
  bodyLimitBytes: 256 * 1024,
  importLimitBytes: 2 * 1024 * 1024,
  sessionTtlHours: 12,
  apiTokenTtlDays: 30,
  secureCookies: false,
  scrypt: testScrypt,
  suppressionThreshold: 5,
  answerLimits: defaultAnswerLimits,
  signInLimits: defaultSignInLimits,
  importSliceItems: 10,
};

const made: (() => void)[] = [];

/** Removes every fresh app this test file made: run after each file (test/support/cleanup.ts). */
export function removeFreshApps() {
  for (const remove of made.splice(0)) remove();
}

/** `config` overrides testConfig's settings, e.g. `{ importLimitBytes: 12 * 1024 * 1024 }`. */
export async function freshApp(opts: { now?: Date; config?: Partial<AppConfig> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'moc-test-'));
  const { db, close } = await openNodeDb(join(dir, 'moc.sqlite'));
  await seedForTests(db);
  let now = opts.now ?? new Date('2026-11-20T09:00:00.000Z');
  const app = createApp({ db, clock: () => now, config: { ...testConfig, ...opts.config }, xlsx: nodeXlsx, pdf: nodePdf });
  const remove = () => {
    close();
    rmSync(dir, { recursive: true, force: true });
  };
  made.push(remove);
  return {
    app,
    db,
    close,
    /** Closes the database and deletes its temporary folder (also done after every test file, see removeFreshApps). */
    remove,
    setNow: (d: Date) => {
      now = d;
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof freshApp>>['app'];

/** An API client acting as one person: `const lan = await apiAs(app, people.evaluatorLan)`. */
export async function apiAs(app: TestApp, email: string) {
  const res = await app.request('/api/v1/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: testPassword }),
  });
  if (res.status !== 201) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  const { token } = (await res.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  return {
    token,
    get: (path: string) => app.request(path, { headers }),
    post: (path: string, body: unknown) =>
      app.request(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
}

/** A browser-like client with a session cookie and the page's CSRF token. */
export async function webAs(app: TestApp, email: string) {
  const res = await app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password: testPassword, next: '/' }),
  });
  if (res.status !== 303) throw new Error(`web sign-in of ${email} failed: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const home = await (await app.request('/', { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home)?.[1] ?? '';
  return {
    cookie,
    csrf,
    get: (path: string, headers: Record<string, string> = {}) => app.request(path, { headers: { cookie, ...headers } }),
    postJson: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request(path, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf, ...headers },
        body: JSON.stringify(body),
      }),
  };
}

/**
 * An installation without demo data, as `npm run admin:create` leaves it: migrated, the reference data (places,
 * model types, the first instrument versions) and one admin who has not yet set a password; `adminLink` is the
 * path of the admin's one-time link, e.g. `/invitations/4f…`.
 */
export async function emptyInstallation(opts: { now?: () => Date } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'moc-empty-'));
  const { db, close } = await openNodeDb(join(dir, 'moc.sqlite'));
  await seedReference(db);
  const token = randomToken();
  const now = new Date();
  const check = checkNewUser({ email: 'hoa@province.example', name: 'Chị Hoa', role: 'admin', locale: 'vi' }, 'en');
  if (!check.ok) throw new Error('the empty installation’s admin is invalid');
  await createUserWithInvitation(db, check.user, { tokenHash: sha256Hex(token), expiresAt: new Date(now.getTime() + 72 * 3600_000).toISOString(), createdBy: null, createdAt: now.toISOString() });
  const remove = () => {
    close();
    rmSync(dir, { recursive: true, force: true });
  };
  made.push(remove);
  return { db, close, remove, adminEmail: check.user.email, adminLink: `/invitations/${token}`, app: createApp({ db, clock: opts.now ?? (() => new Date()), config: testConfig }) };
}
