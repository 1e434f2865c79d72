/**
 * Evaluators see their own (issue 11, part 6): two evaluators assigned to the same round each read only the
 * submissions they sent; a manager of the model reads both.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const round = 'hn-phu-chau-midterm';
const ids = { lan: '6f1c2a3b-0000-4000-8000-00000000000a', minh: '6f1c2a3b-0000-4000-8000-00000000000b' };

beforeAll(async () => {
  t = await freshApp();
  const rng = seededRng(11);
  for (const [who, id] of [[people.evaluatorLan, ids.lan], [people.evaluatorMinh, ids.minh]] as const) {
    const api = await apiAs(t.app, who);
    const res = await api.post('/api/v1/submissions', { id, round, commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) });
    expect(res.status).toBe(201);
  }
});

describe('an evaluator reads only the submissions they sent', () => {
  it('opens their own submission page, not a colleague’s (404, as if it did not exist)', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    expect((await lan.get(`/submissions/${ids.lan}`)).status).toBe(200);
    expect((await lan.get(`/submissions/${ids.minh}`)).status).toBe(404);
    const minh = await webAs(t.app, people.evaluatorMinh);
    expect((await minh.get(`/submissions/${ids.minh}`)).status).toBe(200);
    expect((await minh.get(`/submissions/${ids.lan}`)).status).toBe(404);
  });

  it('the round page lists only their own, while the round still counts everything received', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    const html = await (await lan.get(`/rounds/${round}`)).text();
    expect(html).toContain(`/submissions/${ids.lan}`);
    expect(html).not.toContain(`/submissions/${ids.minh}`);
  });

  it('a manager of the model reads both', async () => {
    const manager = await webAs(t.app, people.managerHa);
    const html = await (await manager.get(`/rounds/${round}`)).text();
    expect(html).toContain(`/submissions/${ids.lan}`);
    expect(html).toContain(`/submissions/${ids.minh}`);
    expect((await manager.get(`/submissions/${ids.minh}`)).status).toBe(200);
  });
});
