/**
 * A sponsor given a whole programme on Workers + D1: the scope set in one batch (json_each through
 * statement()), and a programme of more models than D1 binds parameters (100) still listed and summed.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/domain/crypto';
import { call } from './support';

const tokenOf = async (email: string) => (await (await call('POST', '/api/v1/tokens', { email, password: 'scope-pw-123456' })).json<{ token: string }>()).token;
const models = 130;

beforeAll(async () => {
  const hash = await hashPassword('scope-pw-123456', { N: 1024, r: 8, p: 1 });
  await env.DB.batch([
    env.DB.prepare("INSERT INTO places (id, code, level, name_vi, name_en, parent_id, valid_from, valid_to) VALUES (301, '98', 'province', 'Tỉnh thử', 'Test province', NULL, '2008-01-01', NULL)"),
    env.DB.prepare("INSERT INTO model_types (id, name_vi, name_en) VALUES ('svc', 'Dịch vụ', 'Services') ON CONFLICT DO NOTHING"),
    env.DB.prepare("INSERT INTO programmes (id, name_vi, name_en, province_id, period_start, period_end) VALUES ('big', 'Lớn', 'Big', 301, '2026-01-01', '2030-12-31')"),
    env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${models})
       INSERT INTO models (id, programme_id, type_id, name_vi, name_en, period_start, period_end) SELECT 'big-' || i, 'big', 'svc', 'M' || i, 'M' || i, '2026-01-01', '2030-12-31' FROM n`,
    ),
    // Two rounds each: the rounds, their instruments and sums are read for every model too.
    env.DB.prepare(
      "INSERT INTO rounds (id, model_id, kind, planned_start, planned_end, planned_sample, status) SELECT id || '-' || k.kind, id, k.kind, '2026-02-01', '2026-03-01', 10, 'open' FROM models, (SELECT 'baseline' AS kind UNION ALL SELECT 'midterm') AS k WHERE programme_id = 'big'",
    ),
    env.DB.prepare("INSERT INTO users (id, email, name, password_hash, role) VALUES (301, 'admin@scope.example', 'Hoa', ?, 'admin'), (302, 'sponsor@scope.example', 'Plan', ?, 'sponsor')").bind(hash, hash),
  ]);
});

describe('a sponsor given a programme on Workers with D1', () => {
  it('reaches every model of it after the PUT, more than 100 of them', async () => {
    const admin = await tokenOf('admin@scope.example');
    const sponsor = await tokenOf('sponsor@scope.example');
    expect((await (await call('GET', '/api/v1/models', undefined, sponsor)).json<{ models: unknown[] }>()).models).toEqual([]);

    expect((await call('PUT', '/api/v1/users/302/scope', { models: ['big-1', 'nowhere'], programmes: [] }, admin)).status).toBe(422);
    const put = await call('PUT', '/api/v1/users/302/scope', { models: ['big-1'], programmes: ['big'] }, admin);
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ models: ['big-1'], programmes: ['big'] });

    const listed = await call('GET', '/api/v1/models', undefined, sponsor);
    expect(listed.status).toBe(200);
    expect((await listed.json<{ models: unknown[] }>()).models).toHaveLength(models);
    expect((await call('GET', '/api/v1/indicators', undefined, sponsor)).status).toBe(200);
    expect((await call('GET', '/api/v1/models/big-77/indicators', undefined, sponsor)).status).toBe(200);
  });
});
