/**
 * The scale-out path: the same createApp on workerd over a local D1 (migrated by the setup file) answers
 * /healthz, limits wrong passwords per CF-Connecting-IP, and gives a programme's yearly report (its XLSX 501: no
 * writer on Workers). Submissions, their replays and kept sums are in the contract suite (test/contract/).
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/crypto';
import { fetchWorker } from './support';

const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetchWorker(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

beforeAll(async () => {
  const hash = await hashPassword('pw-123456', { N: 1024, r: 8, p: 1 });
  await env.DB.batch([
    env.DB.prepare("INSERT INTO places (id, code, level, name_vi, name_en, parent_id, valid_from) VALUES (1, '01', 'province', 'Hà Nội', 'Hanoi', NULL, '2008-08-01'), (2, '271', 'district', 'Ba Vì', 'Ba Vi', 1, '2008-08-01'), (3, '09649', 'commune', 'Phú Châu', 'Phu Chau', 2, '2008-08-01')"),
    env.DB.prepare("INSERT INTO programmes (id, name_vi, name_en, province_id, period_start, period_end) VALUES ('p', 'CT', 'P', 1, '2015-01-01', '2020-12-31')"),
    env.DB.prepare("INSERT INTO model_types (id, name_vi, name_en) VALUES ('community-cp', 'BVTE', 'CP')"),
    env.DB.prepare("INSERT INTO models (id, programme_id, type_id, name_vi, name_en, period_start, period_end) VALUES ('m', 'p', 'community-cp', 'Phú Châu', 'Phu Chau', '2015-01-01', '2020-12-31')"),
    env.DB.prepare('INSERT INTO model_places (model_id, place_id) VALUES (?, 3)').bind('m'),
    env.DB.prepare("INSERT INTO rounds (id, model_id, kind, planned_start, planned_end, planned_sample, status) VALUES ('r1', 'm', 'midterm', '2017-10-01', '2017-12-31', 60, 'open')"),
    env.DB.prepare("INSERT INTO round_instruments (round_id, slug, version) VALUES ('r1', 'household', 1)"),
    env.DB.prepare("INSERT INTO users (id, email, name, password_hash, role) VALUES (1, 'lan@example.org', 'Lan', ?, 'evaluator')").bind(hash),
    env.DB.prepare("INSERT INTO users (id, email, name, password_hash, role) VALUES (2, 'hoa@example.org', 'Hoa', ?, 'admin')").bind(hash),
    env.DB.prepare("INSERT INTO round_assignments (user_id, round_id) VALUES (1, 'r1')"),
    env.DB.prepare("INSERT INTO assignment_communes (user_id, round_id, place_id) VALUES (1, 'r1', 3)"),
  ]);
});

describe('Mốc on Workers with D1', () => {
  it('limits wrong passwords in D1: 2 (SIGNIN_FAILURES_PER_ACCOUNT in vitest.workers.config.ts), then 429 with Retry-After, from any address', async () => {
    const attempt = (address: string) => postJson('/api/v1/tokens', { email: 'nobody@example.org', password: 'wrong-password' }, { 'cf-connecting-ip': address });
    for (let i = 1; i <= 2; i++) expect((await attempt(`203.0.113.${i}`)).status).toBe(401);
    const refused = await attempt('203.0.113.99');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ code: 'too_many_sign_ins' });
    const { n } = (await env.DB.prepare('SELECT count(*) AS n FROM sign_in_failures').first<{ n: number }>())!;
    expect(n).toBe(3); // the account's record and one per address that was counted (CF-Connecting-IP)
  });

  it('answers /healthz', async () => {
    const res = await fetchWorker('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it("gives a programme's yearly report from D1, its districts and communes, and 501 for its XLSX", async () => {
    const tokenRes = await postJson('/api/v1/tokens', { email: 'hoa@example.org', password: 'pw-123456' });
    const auth = { authorization: `Bearer ${(await tokenRes.json<{ token: string }>()).token}` };
    const res = await fetchWorker('/api/v1/programmes/p/report?year=2017', { headers: auth });
    expect(res.status).toBe(200);
    const report = await res.json<{ districts: { unit: { code: string }; communes: { unit: { code: string } }[] }[]; rounds: { id: string }[] }>();
    expect(report.districts.map((d) => [d.unit.code, d.communes.map((c) => c.unit.code)])).toEqual([['271', ['09649']]]);
    expect(report.rounds.map((r) => r.id)).toEqual(['r1']);
    const xlsx = await fetchWorker('/api/v1/programmes/p/report.xlsx?year=2017', { headers: auth });
    expect(xlsx.status).toBe(501);
    expect(await xlsx.json()).toMatchObject({ code: 'xlsx_unavailable' });
  });
});
