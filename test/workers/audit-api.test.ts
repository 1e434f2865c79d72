/**
 * The audit log on Workers + D1: entries written through the app (a sign-in, a failed one with the client's
 * CF-Connecting-IP, an account created in the same batch as its entry through statement()), read back through
 * GET /api/v1/audit page by page and downloaded from /audit.csv as a stream.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/crypto';
import { base, call, fetchWorker } from './support';

const password = 'audit-pw-123456';
const tokenOf = async (email: string) => (await (await call('POST', '/api/v1/tokens', { email, password })).json<{ token: string }>()).token;

beforeAll(async () => {
  const hash = await hashPassword(password, { N: 1024, r: 8, p: 1 });
  await env.DB.prepare("INSERT INTO users (id, email, name, password_hash, role) VALUES (401, 'admin@audit.example', 'Hoa', ?, 'admin'), (402, 'manager@audit.example', 'Hà', ?, 'manager')").bind(hash, hash).run();
});

describe('the audit log on Workers with D1', () => {
  it('records through the app and pages through the API; 403 for a manager', async () => {
    const wrong = await fetchWorker('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.44' }, body: JSON.stringify({ email: 'manager@audit.example', password: 'not-it-at-all' }) });
    expect(wrong.status).toBe(401);
    const admin = await tokenOf('admin@audit.example');
    const created = await call('POST', '/api/v1/users', { email: 'lan@audit.example', name: 'Lan', role: 'evaluator' }, admin);
    expect(created.status).toBe(201);
    const { id } = await created.json<{ id: number }>();

    type Page = { entries: { action: string; user: { id: number } | null; object: { type: string; id: string } | null; address: string | null }[]; next: string | null };
    const seen: Page['entries'] = [];
    let next: string | null = null;
    do {
      const res = await call('GET', `/api/v1/audit?limit=1${next ? `&before=${next}` : ''}`, undefined, admin);
      expect(res.status).toBe(200);
      const page: Page = await res.json<Page>();
      seen.push(...page.entries);
      next = page.next;
    } while (next !== null);
    expect(seen.map((e) => [e.action, e.user?.id ?? null, e.object?.id ?? null])).toEqual([
      ['user.create', 401, String(id)],
      ['token.create', 401, '401'],
      ['signin.failed', null, '402'],
    ]);
    expect(seen[2].address).toBe('203.0.113.44');

    const manager = await tokenOf('manager@audit.example');
    expect((await call('GET', '/api/v1/audit', undefined, manager)).status).toBe(403);
    expect((await call('GET', '/api/v1/audit?from=2026-02-30', undefined, admin)).status).toBe(422);
  });

  it('streams /audit.csv to a signed-in admin', async () => {
    const signin = await fetchWorker('/signin', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }, body: new URLSearchParams({ email: 'admin@audit.example', password, next: '/' }) });
    expect(signin.status).toBe(303);
    const cookie = signin.headers.get('set-cookie')!.split(';')[0];
    const res = await fetchWorker('/audit.csv?action=signin', { headers: { cookie } });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\d+,[^,]+,401,admin@audit\.example,Hoa,signin,user,401,,"\{""via"":""web""\}"$/);
  });
});
