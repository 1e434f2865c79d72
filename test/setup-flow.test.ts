/**
 * Issue 12's acceptance flow through the JSON API alone, from an installation with one admin and no demo data:
 * a programme, a model of two communes, a round on household v1, an evaluator on one commune who sets a password
 * and sends there only; household v2 (a renamed question) released and pinned; the round closed, and the next
 * send refused with a clear message.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { emptyInstallation } from './support/app';

const surveys = join(import.meta.dirname, '..', 'surveys');

describe('running a programme from an empty installation, through the API', () => {
  it('sets up, collects in the assigned commune only, releases and pins v2, closes, and refuses the next send', async () => {
    const { app, adminEmail, adminLink } = await emptyInstallation();
    const call = async (token: string | null, method: string, path: string, body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: { 'content-type': 'application/json', 'accept-language': 'vi', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const signIn = async (email: string, password: string) => {
      const res = await call(null, 'POST', '/api/v1/tokens', { email, password });
      expect(res.status).toBe(201);
      return res.body.token as string;
    };
    const expectStatus = async (status: number, pending: Promise<{ status: number; body: Record<string, any> }>) => {
      const res = await pending;
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      return res.body;
    };

    // The first admin sets a password through the link admin:create printed.
    await expectStatus(201, call(null, 'POST', `/api/v1${adminLink}`, { password: 'hoa-long-password' }));
    const admin = await signIn(adminEmail, 'hoa-long-password');
    expect((await expectStatus(200, call(admin, 'GET', '/api/v1/models'))).models).toEqual([]);

    await expectStatus(201, call(admin, 'POST', '/api/v1/organisations', { name: 'World Vision', kind: 'sponsor' }));
    await expectStatus(201, call(admin, 'POST', '/api/v1/programmes', { id: 'ha-noi-2021-2025', nameVi: 'Chương trình BVTE Hà Nội 2021–2025', nameEn: 'Hanoi child protection 2021–2025', province: '01', periodStart: '2021-01-01', periodEnd: '2025-06-30' }));
    const places = await expectStatus(200, call(admin, 'GET', '/api/v1/places?q=lien%20hiep&level=commune'));
    expect(JSON.stringify(places)).toContain('09781');
    await expectStatus(201, call(admin, 'POST', '/api/v1/models', { id: 'ba-vi-phuc-tho', name: { vi: 'Mô hình Ba Vì – Phúc Thọ', en: 'Ba Vi – Phuc Tho model' }, type: 'community-cp', programme: 'ha-noi-2021-2025', period: { start: '2021-06-01', end: '2025-06-30' }, sponsor: 'world-vision', communes: ['09649', '09781'] }));
    const round = await expectStatus(201, call(admin, 'POST', '/api/v1/rounds', { model: 'ba-vi-phuc-tho', kind: 'baseline', plannedStart: '2021-09-01', plannedEnd: '2021-12-31', plannedSamplePerCommune: 30, instruments: [{ slug: 'household', version: 1 }] }));
    const roundId = round.id as string;

    const invited = await expectStatus(201, call(admin, 'POST', '/api/v1/users', { email: 'tam@province.example', name: 'Tâm', role: 'evaluator' }));
    await expectStatus(200, call(admin, 'PUT', `/api/v1/rounds/${roundId}/assignments`, [{ user: 'tam@province.example', communes: ['09649'] }]));

    // The evaluator opens the invitation, sets a password, signs in, and reaches only Phú Châu.
    const link = new URL(invited.invitation.url as string).pathname;
    await expectStatus(201, call(null, 'POST', `/api/v1${link}`, { password: 'tam-long-password' }));
    await expectStatus(410, call(null, 'POST', `/api/v1${link}`, { password: 'tam-other-password' }));
    const tam = await signIn('tam@province.example', 'tam-long-password');
    const seen = await expectStatus(200, call(tam, 'GET', '/api/v1/models'));
    expect(seen.models.map((m: { id: string }) => m.id)).toEqual(['ba-vi-phuc-tho']);
    expect(seen.models[0].rounds.map((r: { id: string }) => r.id)).toEqual([roundId]);
    expect(seen.models[0].communes).toEqual([{ code: '09649', name: 'Phú Châu', role: 'treated' }]);
    const send = (commune: string, version: number, seed: number) => {
      const answers: Record<string, unknown> = householdAnswers(seededRng(seed), { knows111Rate: 1 });
      if (version === 2) {
        answers.hotline_111 = answers.knows_111;
        delete answers.knows_111;
        if (answers.hotline_111 === 'yes') answers.called_111 = false;
      }
      return call(tam, 'POST', '/api/v1/submissions', { id: crypto.randomUUID(), round: roundId, commune, instrument: 'household', version, answers });
    };
    await expectStatus(201, send('09649', 1, 1));
    expect((await expectStatus(403, send('09781', 1, 2))).code).toBe('not_assigned_commune');
    const households = await expectStatus(200, call(tam, 'GET', `/api/v1/rounds/${roundId}/households`));
    expect(JSON.stringify(households)).not.toContain('09781');

    // Household v2, with hotline_111 where v1 asked knows_111, released from its file and pinned to the round.
    expect((await send('09649', 2, 3)).status).toBe(422);
    const v2 = await expectStatus(201, call(admin, 'POST', '/api/v1/instruments', { slug: 'household', version: 2, json: readFileSync(join(surveys, 'household.v2.json'), 'utf8'), renamed: { hotline_111: 'knows_111' }, release: true }));
    expect(v2.diff.renamed).toEqual([{ from: 'knows_111', to: 'hotline_111' }]);
    await expectStatus(200, call(admin, 'PATCH', `/api/v1/rounds/${roundId}`, { instruments: [{ slug: 'household', version: 2 }] }));
    await expectStatus(201, send('09649', 2, 4));
    // Both households count for the same indicator, whichever version asked (v2's hotline_111 is v1's knows_111).
    const know111 = async () => {
      const { indicators } = await expectStatus(200, call(admin, 'GET', '/api/v1/models/ba-vi-phuc-tho/indicators'));
      return indicators.find((i: { id: string }) => i.id === 'caregivers-know-111').rounds[0];
    };
    expect(await know111()).toMatchObject({ round: roundId, numerator: 2, denominator: 2, n: 2 });

    // The admin closes the round; the evaluator's next send is refused with the reason, and not stored.
    await expectStatus(200, call(admin, 'PATCH', `/api/v1/rounds/${roundId}`, { status: 'closed' }));
    const refused = await expectStatus(422, send('09649', 2, 5));
    expect(refused).toMatchObject({ code: 'round_closed', title: 'Đợt đánh giá đã đóng.' });
    expect(await know111()).toMatchObject({ numerator: 2, denominator: 2, n: 2 });
  });
});
