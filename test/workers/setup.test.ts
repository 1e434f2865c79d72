/**
 * Running a programme on Workers + D1 through the API: the writes that batch raw SQL (a new account and its
 * invitation, a new round with its pinned instruments, a round's assignments) work on workerd as on Node.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from './support';
import { hashPassword } from '../../src/domain/crypto';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';

const tokenOf = async (email: string, password: string) => {
  const res = await call('POST', '/api/v1/tokens', { email, password });
  expect(res.status).toBe(201);
  return (await res.json<{ token: string }>()).token;
};

beforeAll(async () => {
  const hash = await hashPassword('admin-pw-123456', { N: 1024, r: 8, p: 1 });
  await env.DB.batch([
    env.DB.prepare("INSERT INTO places (id, code, level, name_vi, name_en, parent_id, valid_from) VALUES (1, '01', 'province', 'Hà Nội', 'Hanoi', NULL, '2008-08-01'), (2, '271', 'district', 'Ba Vì', 'Ba Vi', 1, '2008-08-01'), (3, '09649', 'commune', 'Phú Châu', 'Phu Chau', 2, '2008-08-01'), (4, '09652', 'commune', 'Phú Phương', 'Phu Phuong', 2, '2008-08-01')"),
    env.DB.prepare("INSERT INTO programmes (id, name_vi, name_en, province_id, period_start, period_end) VALUES ('p', 'CT', 'P', 1, '2015-01-01', '2020-12-31')"),
    env.DB.prepare("INSERT INTO model_types (id, name_vi, name_en) VALUES ('community-cp', 'BVTE', 'CP')"),
    env.DB.prepare("INSERT INTO models (id, programme_id, type_id, name_vi, name_en, period_start, period_end) VALUES ('ba-vi', 'p', 'community-cp', 'Ba Vì', 'Ba Vi', '2015-01-01', '2020-12-31')"),
    env.DB.prepare('INSERT INTO model_places (model_id, place_id) VALUES (?, 3), (?, 4)').bind('ba-vi', 'ba-vi'),
    env.DB.prepare("INSERT INTO users (id, email, name, password_hash, role) VALUES (1, 'admin@province.example', 'Hoa', ?, 'admin')").bind(hash),
  ]);
});

describe('setting up a round on Workers with D1', () => {
  it('creates an evaluator who sets a password, a round, and an assignment to one commune; the evaluator sends there only', async () => {
    const admin = await tokenOf('admin@province.example', 'admin-pw-123456');

    const created = await call('POST', '/api/v1/users', { email: 'tam@province.example', name: 'Tâm', role: 'evaluator' }, admin);
    expect(created.status).toBe(201);
    const { invitation } = await created.json<{ invitation: { url: string } }>();
    const accepted = await call('POST', `/api/v1/invitations/${invitation.url.split('/invitations/')[1]}`, { password: 'tam-long-password' });
    expect(accepted.status).toBe(201);

    const round = await call('POST', '/api/v1/rounds', { model: 'ba-vi', kind: 'baseline', plannedStart: '2016-03-01', plannedEnd: '2016-04-30', plannedSamplePerCommune: 30, instruments: [{ slug: 'household', version: 1 }] }, admin);
    expect(round.status).toBe(201);
    const { id: roundId } = await round.json<{ id: string }>();
    expect(await env.DB.prepare('SELECT slug, version FROM round_instruments WHERE round_id = ?').bind(roundId).all()).toMatchObject({ results: [{ slug: 'household', version: 1 }] });

    const assigned = await call('PUT', `/api/v1/rounds/${roundId}/assignments`, [{ user: 'tam@province.example', communes: ['09649'] }], admin);
    expect(assigned.status).toBe(200);

    const tam = await tokenOf('tam@province.example', 'tam-long-password');
    const send = (commune: string, seed: number) =>
      call('POST', '/api/v1/submissions', { id: crypto.randomUUID(), round: roundId, commune, instrument: 'household', version: 1, answers: householdAnswers(seededRng(seed), { knows111Rate: 1 }) }, tam);
    expect((await send('09649', 1)).status).toBe(201);
    const elsewhere = await send('09652', 2);
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.json()).toMatchObject({ code: 'not_assigned_commune' });
  });
});
