/**
 * Personal questions on Workers + D1: survey-core in the Worker knows the `personal` property (household v3 passes
 * the release checks through the API and its personal questions are listed), and answers read back from D1 are
 * masked for an admin and shown to the model's manager.
 */
import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from './support';
import * as schema from '../../db/schema';
import type { Db } from '../../src/db';
import { everything } from '../../src/domain/access';
import { hashPassword } from '../../src/domain/crypto';
import { personalMask } from '../../src/domain/personal';
import { answersShownTo } from '../../src/workflows/personal';
import householdV2 from '../../surveys/household.v2.json';
import householdV3 from '../../surveys/household.v3.json';

let token = '';
beforeAll(async () => {
  const hash = await hashPassword('admin-pw-123456', { N: 1024, r: 8, p: 1 });
  await env.DB.prepare("INSERT INTO users (id, email, name, password_hash, role) VALUES (31, 'root@personal.example', 'Hoa', ?, 'admin')").bind(hash).run();
  const res = await call('POST', '/api/v1/tokens', { email: 'root@personal.example', password: 'admin-pw-123456' });
  token = (await res.json<{ token: string }>()).token;
});

describe('personal questions on Workers with D1', () => {
  it('household v3 is released after v2 with its personal questions listed, and masks answers stored on v1 for an admin only', async () => {
    const renamed = { hotline_111: 'knows_111' };
    expect((await call('POST', '/api/v1/instruments', { slug: 'household', version: 2, json: householdV2, renamed, release: true }, token)).status).toBe(201);
    const v3 = await call('POST', '/api/v1/instruments', { slug: 'household', version: 3, json: householdV3, renamed, release: true }, token);
    expect(v3.status).toBe(201);
    // The same bytes as surveys/household.v3.json (surveys/released.json).
    expect(await v3.json()).toMatchObject({ hash: 'e68437157707e229e5cf44afdbc1d46730b33d53c9bc595429e2206df32d906e', personal: ['hamlet', 'household_number', 'comments'] });

    const db = drizzle(env.DB, { schema }) as unknown as Db;
    const stored = { evaluatorId: 41, instrumentSlug: 'household', instrumentVersion: 1, answers: JSON.stringify({ hamlet: 'Xóm Gốc Gạo', household_number: '0427', household_size: 4 }) };
    const round = { id: 'r', modelId: 'm' };
    const admin = { id: 31, role: 'admin' as const, name: 'Hoa', email: 'root@personal.example' };
    const manager = { id: 32, role: 'manager' as const, name: 'Hà', email: 'ha@personal.example' };
    expect(await answersShownTo({ db, actor: admin, scope: everything }, round, stored)).toEqual({ answers: { hamlet: personalMask, household_number: personalMask, household_size: 4 }, masked: true });
    const managerScope = { models: new Set(['m']), rounds: 'all' as const, communes: 'all' as const };
    expect((await answersShownTo({ db, actor: manager, scope: managerScope }, round, stored)).answers).toMatchObject({ hamlet: 'Xóm Gốc Gạo' });
  });
});
