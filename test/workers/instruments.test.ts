/**
 * Instruments on Workers + D1: the first versions come with the migrations, an admin releases household v2 (with
 * its renamed question) through the API from an installation without demo data, a draft is released by its
 * batch (raw SQL prepared for D1), and a round pins the new version.
 */
import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from './support';
import * as schema from '../../db/schema';
import type { Db } from '../../src/db';
import { hashPassword } from '../../src/domain/crypto';
import { releaseDraftById, receiveInstrument } from '../../src/workflows/instruments';
import householdV2 from '../../surveys/household.v2.json';


let token = '';
beforeAll(async () => {
  const hash = await hashPassword('admin-pw-123456', { N: 1024, r: 8, p: 1 });
  await env.DB.batch([
    env.DB.prepare("INSERT INTO places (id, code, level, name_vi, name_en, parent_id, valid_from) VALUES (11, '01', 'province', 'Hà Nội', 'Hanoi', NULL, '2008-08-01'), (12, '09649', 'commune', 'Phú Châu', 'Phu Chau', 11, '2008-08-01')"),
    env.DB.prepare("INSERT INTO programmes (id, name_vi, name_en, province_id, period_start, period_end) VALUES ('pi', 'CT', 'P', 11, '2015-01-01', '2020-12-31')"),
    env.DB.prepare("INSERT INTO models (id, programme_id, type_id, name_vi, name_en, period_start, period_end) VALUES ('mi', 'pi', 'community-cp', 'Phú Châu', 'Phu Chau', '2015-01-01', '2020-12-31')"),
    env.DB.prepare("INSERT INTO rounds (id, model_id, kind, planned_start, planned_end, planned_sample, status) VALUES ('ri', 'mi', 'final', '2020-10-01', '2020-12-31', 60, 'open')"),
    env.DB.prepare("INSERT INTO round_instruments (round_id, slug, version) VALUES ('ri', 'household', 1)"),
    env.DB.prepare("INSERT INTO users (id, email, name, password_hash, role) VALUES (21, 'root@instruments.example', 'Hoa', ?, 'admin')").bind(hash),
  ]);
  const res = await call('POST', '/api/v1/tokens', { email: 'root@instruments.example', password: 'admin-pw-123456' });
  token = (await res.json<{ token: string }>()).token;
});

describe('instruments on Workers with D1', () => {
  it('has the first versions from the migrations; an admin releases household v2 with its renamed question and pins it', async () => {
    const first = await env.DB.prepare('SELECT slug, version, hash FROM instruments ORDER BY slug').all();
    expect(first.results).toEqual([
      { slug: 'commune-checklist', version: 1, hash: '83c82aaceddcb430f3451aea778662cb90db43f6e8933ea8932cc4d488b5ed89' },
      { slug: 'household', version: 1, hash: 'efe2e7d0a1e9911b7a5dc3328a3a72fdb728c68b7b12c1a2b61fcabebf919854' },
    ]);
    const released = await call('POST', '/api/v1/instruments', { slug: 'household', version: 2, json: householdV2, renamed: { hotline_111: 'knows_111' }, release: true }, token);
    expect(released.status).toBe(201);
    // The same bytes as surveys/household.v2.json (surveys/released.json).
    expect(await released.json()).toMatchObject({ hash: '4eea83e146a7fb7dbabaac132087987f9beb639d43cee521115976d9b654f81a', diff: { renamed: [{ from: 'knows_111', to: 'hotline_111' }] } });
    const pinned = await call('PATCH', '/api/v1/rounds/ri', { instruments: [{ slug: 'household', version: 2 }] }, token);
    expect(pinned.status).toBe(200);
    expect(await pinned.json()).toMatchObject({ instruments: [{ slug: 'household', version: 2 }] });
    const served = await call('GET', '/api/v1/instruments/household/2', undefined, token);
    expect(await served.json()).toEqual(householdV2);
  });

  it('releases a draft in one batch and deletes it', async () => {
    const db = drizzle(env.DB, { schema }) as unknown as Db;
    const ctx = { db, locale: 'en' as const, now: new Date(), by: 21 };
    const v3 = { ...householdV2, title: { default: 'Caregiver household survey (v3)', vi: 'Phiếu hộ gia đình (v3)' } };
    const draft = await receiveInstrument(ctx, { slug: 'household', version: 3, json: v3, renamed: { hotline_111: 'knows_111' } });
    expect(draft).toMatchObject({ status: 201, released: false });
    expect(await releaseDraftById(ctx, draft.draft!)).toMatchObject({ status: 201, released: true, version: 3 });
    expect((await env.DB.prepare('SELECT count(*) AS n FROM instrument_drafts').first<{ n: number }>())!.n).toBe(0);
    expect((await env.DB.prepare("SELECT released_by FROM instruments WHERE slug = 'household' AND version = 3").first<{ released_by: number }>())!.released_by).toBe(21);
  });
});
