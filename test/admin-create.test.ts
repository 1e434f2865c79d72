/**
 * `npm run admin:create`: the first admin of an installation without demo data, on Node (a SQLite file) and on
 * Workers (a local D1 that `wrangler dev` then serves, with the demo as `--demo` adds it). The printed link sets
 * the password and the admin signs in.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inlineSql, sqlLiteral } from '../src/cli/d1';
import { createApp } from '../src/app';
import { openNodeDb } from '../src/db-node';
import { prepareDatabase } from '../src/cli/prepare';
import { parseEnv } from '../src/config';
import { programmes, users } from '../db/schema';
import { seedModels } from '../src/seed/programme';
import { testConfig } from './support/app';
import { tempDir } from './support/temp';

const root = join(import.meta.dirname, '..');
const quiet = { WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

function adminCreate(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync('npx', ['tsx', 'src/cli/admin-create.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...quiet, ...env } });
  return { status: run.status, out: run.stdout, err: run.stderr, token: /\/invitations\/([0-9a-f]+)/.exec(run.stdout)?.[1] };
}

const post = (base: (path: string, init: RequestInit) => Response | Promise<Response>, path: string, body: unknown) =>
  base(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('SQL for D1 with the values written in', () => {
  it('quotes text, writes numbers, NULL and booleans, and leaves question marks inside quotes alone', () => {
    expect(sqlLiteral("Chị Hoa's")).toBe("'Chị Hoa''s'");
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(true)).toBe('1');
    expect(inlineSql(`insert into "users?" ("a", "b") values (?, ?) -- 'x?'`.replace(" -- 'x?'", ''), ['a?', 2])).toBe(`insert into "users?" ("a", "b") values ('a?', 2)`);
    expect(() => inlineSql('select ?', [])).toThrow(/placeholders/);
    expect(() => sqlLiteral({})).toThrow(/object/);
  });
});

describe('admin:create on Node', () => {
  it('creates the admin in an empty database, whose link sets the password; the same email again is refused', async () => {
    const databasePath = join(tempDir('moc-admin-'), 'moc.sqlite');
    const first = adminCreate(['hoa@province.example', 'Chị Hoa'], { DATABASE_PATH: databasePath });
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.token).toBeDefined();
    const again = adminCreate(['hoa@province.example', 'Chị Hoa'], { DATABASE_PATH: databasePath });
    expect(again.status).toBe(1);
    expect(again.err).toContain('already has an account');
    expect(adminCreate(['not-an-email'], { DATABASE_PATH: databasePath }).status).toBe(1);

    const { db, close } = await openNodeDb(databasePath);
    try {
      const app = createApp({ db, clock: () => new Date(), config: testConfig });
      expect((await post(app.request, `/api/v1/invitations/${first.token}`, { password: 'hoa-long-password' })).status).toBe(201);
      const signIn = await post(app.request, '/api/v1/tokens', { email: 'hoa@province.example', password: 'hoa-long-password' });
      expect(signIn.status).toBe(201);
      const { token } = (await signIn.json()) as { token: string };
      const { users } = (await (await app.request('/api/v1/users', { headers: { authorization: `Bearer ${token}` } })).json()) as { users: { email: string; role: string }[] };
      expect(users).toEqual([expect.objectContaining({ email: 'hoa@province.example', role: 'admin' })]);
    } finally {
      close();
    }
  });
});

describe('npm start on an installation', () => {
  const start = async (databasePath: string) => {
    const started = await prepareDatabase(parseEnv({ DATABASE_PATH: databasePath, MOC_DEMO_PASSWORD: 'demo-pass-123' }), { seed: 'demo-only' });
    const [accounts, programmeRows] = await Promise.all([started.db.select({ email: users.email }).from(users), started.db.select().from(programmes)]);
    started.close();
    return { demo: started.demo, emails: accounts.map((a) => a.email), programmes: programmeRows.length };
  };

  // Seeding the demo's submissions and their kept sums twice: ~7 s alone, several times that beside a browser test.
  it('seeds the demo into an empty database, and again (changing nothing) at the next start', { timeout: 120_000 }, async () => {
    const databasePath = join(tempDir('moc-start-'), 'moc.sqlite');
    const first = await start(databasePath);
    expect(first).toMatchObject({ demo: true, programmes: 3 });
    expect(first.emails).toContain('admin@example.org');
    expect(await start(databasePath)).toEqual(first);
  });

  it('never seeds demo accounts or programmes where the first admin came from admin:create', async () => {
    const databasePath = join(tempDir('moc-start-'), 'moc.sqlite');
    expect(adminCreate(['hoa@province.example', 'Chị Hoa'], { DATABASE_PATH: databasePath }).status).toBe(0);
    expect(await start(databasePath)).toEqual({ demo: false, emails: ['hoa@province.example'], programmes: 0 });
  });
});

describe('admin:create on Workers + D1', () => {
  const servers: { kill: () => void }[] = [];
  afterAll(() => servers.forEach((s) => s.kill()));

  it('puts the demo on D1 only with --d1', () => {
    const run = adminCreate(['--demo']);
    expect(run.status).toBe(1);
    expect(run.err).toContain('--demo is for D1');
  });

  // wrangler starts eight times (migrate, read, execute, read; again with a second read; dev): a minute or two on a busy machine.
  it(
    'migrates a local D1, adds the demo (--demo) and creates the admin there, again changing nothing; the Worker on that D1 accepts the link, signs in a demo account and shows the demo',
    { timeout: 300_000 },
    async () => {
      const persistTo = tempDir('moc-d1-');
      const demoEnv = { MOC_DEMO_PASSWORD: 'demo-pass-123' };
      const created = adminCreate(['--d1', '--demo', '--persist-to', persistTo, 'hoa@province.example', 'Chị Hoa'], demoEnv);
      expect(created.err).toBe('');
      expect(created.token).toBeDefined();
      expect(created.out).toContain('manager@example.org');
      // Again: the demo check reads the demo accounts on D1, the demo's rows are there already, the email is taken.
      const again = adminCreate(['--d1', '--demo', '--persist-to', persistTo, 'hoa@province.example', 'Chị Hoa'], demoEnv);
      expect(again.err).toContain('already has an account');
      expect(again.status).toBe(1);

      const port = await freePort();
      const dev = spawn('npx', ['wrangler', 'dev', '--local', '--persist-to', persistTo, '--port', String(port), '--ip', '127.0.0.1', '--show-interactive-dev-session=false'], {
        cwd: root,
        env: { ...process.env, ...quiet, CI: '1' },
        stdio: 'ignore',
        detached: true,
      });
      servers.push({ kill: () => process.kill(-dev.pid!, 'SIGTERM') });
      const base = (path: string, init: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init);
      await expect.poll(() => base('/healthz', {}).then((r) => r.status, () => 0), { timeout: 60_000, interval: 500 }).toBe(200);

      expect((await post(base, `/api/v1/invitations/${created.token}`, { password: 'hoa-long-password' })).status).toBe(201);
      const signIn = await post(base, '/api/v1/tokens', { email: 'hoa@province.example', password: 'hoa-long-password' });
      expect(signIn.status).toBe(201);
      // The reference data came along: the admin finds communes to build a model from.
      const { token } = (await signIn.json()) as { token: string };
      const found = await base('/api/v1/places?q=phu%20chau&level=commune', { headers: { authorization: `Bearer ${token}` } });
      expect(found.status).toBe(200);
      expect(JSON.stringify(await found.json())).toContain('09649');

      // The demo's manager signs in with the demo password and reads the Hanoi models, once each, with the demo's answers counted.
      const manager = await post(base, '/api/v1/tokens', { email: 'manager@example.org', password: 'demo-pass-123' });
      expect(manager.status).toBe(201);
      const auth = { headers: { authorization: `Bearer ${((await manager.json()) as { token: string }).token}` } };
      const { models } = (await (await base('/api/v1/models', auth)).json()) as { models: { id: string }[] };
      expect(models.map((m) => m.id).sort()).toEqual(seedModels.filter((m) => m.id.startsWith('hn-')).map((m) => m.id).sort());
      const shown = await base('/api/v1/models/hn-phu-chau/indicators?indicator=caregivers-know-111', auth);
      expect(shown.status).toBe(200);
      const [indicator] = ((await shown.json()) as { indicators: { rounds: { kind: string; denominator?: number }[] }[] }).indicators;
      expect(indicator.rounds.find((r) => r.kind === 'baseline')?.denominator).toBeGreaterThan(0);
    },
  );
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
