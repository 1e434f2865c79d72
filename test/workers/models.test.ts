/**
 * Models on Workers + D1 through the API: creating one with its communes (raw SQL in a batch, prepared for D1),
 * finding communes without accents, and changing its communes, where a commune with data stays.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from './support';
import { hashPassword } from '../../src/domain/crypto';


beforeAll(async () => {
  const hash = await hashPassword('admin-pw-123456', { N: 1024, r: 8, p: 1 });
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO places (id, code, level, name_vi, name_en, parent_id, valid_from, valid_to) VALUES (101, '01', 'province', 'Hà Nội', 'Hanoi', NULL, '2008-08-01', '2025-06-30'), (102, '271', 'district', 'Ba Vì', 'Ba Vi', 101, '2008-08-01', '2025-06-30'), (103, '09649', 'commune', 'Phú Châu', 'Phu Chau', 102, '2008-08-01', '2025-06-30'), (104, '09652', 'commune', 'Phú Phương', 'Phu Phuong', 102, '2008-08-01', '2025-06-30')",
    ),
    env.DB.prepare("INSERT INTO programmes (id, name_vi, name_en, province_id, period_start, period_end) VALUES ('hn', 'CT', 'P', 101, '2015-01-01', '2020-12-31')"),
    env.DB.prepare("INSERT INTO model_types (id, name_vi, name_en) VALUES ('cp', 'BVTE', 'CP')"),
    env.DB.prepare("INSERT INTO users (id, email, name, password_hash, role) VALUES (101, 'admin@models.example', 'Hoa', ?, 'admin')").bind(hash),
  ]);
});

describe('models on Workers with D1', () => {
  it('creates a model with two communes found without accents, then keeps the one with data when both are dropped', async () => {
    const signedIn = await call('POST', '/api/v1/tokens', { email: 'admin@models.example', password: 'admin-pw-123456' });
    const { token } = await signedIn.json<{ token: string }>();

    const found = await call('GET', '/api/v1/places?q=phu%20phuong', undefined, token);
    expect(await found.json()).toMatchObject({ places: [{ code: '09652', district: { code: '271' }, province: { code: '01' } }] });

    const model = { id: 'ba-vi-2', name: { vi: 'Ba Vì 2', en: 'Ba Vi 2' }, type: 'cp', programme: 'hn', period: { start: '2016-01-01', end: '2018-12-31' }, communes: ['09649', '09652'] };
    const created = await call('POST', '/api/v1/models', model, token);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'ba-vi-2', communes: [{ code: '09649' }, { code: '09652' }] });
    expect((await call('POST', '/api/v1/models', model, token)).status).toBe(409);

    await env.DB.batch([
      env.DB.prepare("INSERT INTO rounds (id, model_id, kind, planned_start, planned_end, planned_sample, status) VALUES ('ba-vi-2-baseline', 'ba-vi-2', 'baseline', '2016-03-01', '2016-04-30', 60, 'open')"),
      env.DB.prepare(
        "INSERT INTO submissions (id, round_id, commune_id, instrument_slug, instrument_version, evaluator_id, answers, content_hash, received_at) VALUES ('s1', 'ba-vi-2-baseline', 103, 'household', 1, 101, '{}', 'h', '2016-03-02T00:00:00Z')",
      ),
    ]);
    const refused = await call('PATCH', '/api/v1/models/ba-vi-2', { communes: ['09652'] }, token);
    expect(refused.status).toBe(422);
    const changed = await call('PATCH', '/api/v1/models/ba-vi-2', { communes: ['09649'], name: { en: 'Ba Vi two' } }, token);
    expect(changed.status).toBe(200);
    expect(await env.DB.prepare("SELECT place_id FROM model_places WHERE model_id = 'ba-vi-2'").all()).toMatchObject({ results: [{ place_id: 103 }] });
  });
});
