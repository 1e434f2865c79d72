/**
 * Programmes and organisations on Workers + D1 through the API: the insert guarded by the name (raw SQL with
 * RETURNING), the update guarded by the models' periods, the lists.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from './support';
import { hashPassword } from '../../src/domain/crypto';


beforeAll(async () => {
  const hash = await hashPassword('admin-pw-123456', { N: 1024, r: 8, p: 1 });
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO places (id, code, level, name_vi, name_en, parent_id, valid_from, valid_to) VALUES (201, '15', 'province', 'Yên Bái', 'Yen Bai', NULL, '2008-08-01', '2025-06-30'), (202, '15', 'province', 'Lào Cai', 'Lao Cai', NULL, '2025-07-01', NULL)",
    ),
    env.DB.prepare("INSERT INTO model_types (id, name_vi, name_en) VALUES ('svc', 'Dịch vụ', 'Services') ON CONFLICT DO NOTHING"),
    env.DB.prepare("INSERT INTO users (id, email, name, password_hash, role) VALUES (201, 'admin@programmes.example', 'Hoa', ?, 'admin')").bind(hash),
  ]);
});

describe('programmes and organisations on Workers with D1', () => {
  it('creates a sponsor and a programme, refuses the same name and a period leaving out a model', async () => {
    const signedIn = await call('POST', '/api/v1/tokens', { email: 'admin@programmes.example', password: 'admin-pw-123456' });
    const { token } = await signedIn.json<{ token: string }>();

    expect((await call('POST', '/api/v1/organisations', { name: 'Plan International', kind: 'sponsor' }, token)).status).toBe(201);
    expect((await call('POST', '/api/v1/organisations', { name: 'plan international', kind: 'sponsor' }, token)).status).toBe(409);
    const programme = { nameVi: 'Chương trình Lào Cai 2026', nameEn: 'Lao Cai 2026', province: '15', periodStart: '2026-01-01', periodEnd: '2030-12-31' };
    const created = await call('POST', '/api/v1/programmes', programme, token);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'lao-cai-2026', province: { code: '15', nameVi: 'Lào Cai' } });
    expect((await call('POST', '/api/v1/programmes', programme, token)).status).toBe(409);

    await env.DB.prepare("INSERT INTO models (id, programme_id, type_id, name_vi, name_en, period_start, period_end, sponsor_id) VALUES ('lc-1', 'lao-cai-2026', 'svc', 'M', 'M', '2027-01-01', '2029-12-31', 'plan-international')").run();
    expect((await call('PATCH', '/api/v1/programmes/lao-cai-2026', { periodEnd: '2028-12-31' }, token)).status).toBe(422);
    const changed = await call('PATCH', '/api/v1/programmes/lao-cai-2026', { periodEnd: '2029-12-31', source: 'QĐ 1' }, token);
    expect(changed.status).toBe(200);
    expect(await env.DB.prepare("SELECT period_end, source FROM programmes WHERE id = 'lao-cai-2026'").first()).toEqual({ period_end: '2029-12-31', source: 'QĐ 1' });
    const listed = await (await call('GET', '/api/v1/programmes', undefined, token)).json<{ programmes: { id: string }[] }>();
    expect(listed.programmes.map((p) => p.id)).toContain('lao-cai-2026');
    const orgs = await (await call('GET', '/api/v1/organisations', undefined, token)).json<{ organisations: { id: string }[] }>();
    expect(orgs.organisations.map((o) => o.id)).toContain('plan-international');
  });
});
