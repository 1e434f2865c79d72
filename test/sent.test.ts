/**
 * The confirmation after sending a survey (issue 14, part 4): household, commune, the time on Vietnam's clock as
 * dd/mm/yyyy HH:mm, the instrument's title (not its slug), no content hash; "Next household" opens the survey
 * of the same round and commune with that commune chosen.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const round = 'hn-phu-chau-midterm';
let id: string;

beforeAll(async () => {
  // 2026-11-20 17:30 UTC is 21/11/2026 00:30 in Vietnam: the date moves too.
  t = await freshApp({ now: new Date('2026-11-20T17:30:00.000Z') });
  const lan = await apiAs(t.app, people.evaluatorLan);
  id = crypto.randomUUID();
  const answers = householdAnswers(seededRng(4), { knows111Rate: 0.5, hamlet: 'Thôn 7', householdNumber: '042' });
  expect((await lan.post('/api/v1/submissions', { id, round, commune: '09649', instrument: 'household', version: 1, answers })).status).toBe(201);
});

describe('GET /submissions/:id/sent', () => {
  it('confirms the household, the commune and the time in Vietnam, with the way to the next household', async () => {
    const res = await (await webAs(t.app, people.evaluatorLan)).get(`/submissions/${id}/sent`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<dd data-sent="household">Thôn 7, hộ số 042</dd>');
    expect(html).toContain('<dd data-sent="commune">Phú Châu</dd>');
    expect(html).toMatch(/data-sent="time"[^>]*>21\/11\/2026 00:30</);
    expect(html).toContain(`href="/rounds/${round}/survey/household?commune=09649"`);
    expect(html).toContain('Hộ tiếp theo');
    expect(html).not.toContain('household v1');
    expect(html.replace(/datetime="[^"]*"/g, '')).not.toContain('2026-11-20T17:30'); // the ISO instant only as <time datetime>
    expect(html).not.toMatch(/class="hash"/);
  });

  it('speaks English to an English reader', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const html = await (await lan.get(`/submissions/${id}/sent`, { cookie: `${lan.cookie}; moc_lang=en` })).text();
    expect(html).toContain('Thôn 7, household 042');
    expect(html).toMatch(/data-sent="time"[^>]*>21 Nov 2026, 00:30</);
    expect(html).toContain('Next household');
  });

  it('is refused to whoever may not see the submission', async () => {
    const minh = await webAs(t.app, people.evaluatorMinh);
    expect((await minh.get(`/submissions/${id}/sent`)).status).toBe(404);
    const sponsor = await webAs(t.app, people.sponsorWorldVision);
    expect((await sponsor.get(`/submissions/${id}/sent`)).status).toBe(403);
  });
});

describe('the survey page opened by "Next household"', () => {
  it('has the commune of ?commune= chosen', async () => {
    const html = await (await (await webAs(t.app, people.evaluatorLan)).get(`/rounds/${round}/survey/household?commune=09649`)).text();
    expect(html).toMatch(/<option value="09649" selected="">/);
    const plain = await (await (await webAs(t.app, people.evaluatorLan)).get(`/rounds/${round}/survey/household`)).text();
    expect(plain).not.toMatch(/<option value="09649" selected/);
  });
});
