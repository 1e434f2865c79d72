/**
 * No input of any kind produces a 5xx or a partial row: valid submissions mutated at random (wrong types,
 * nested garbage, missing and extra keys, odd envelopes) must each get a 4xx or be stored whole.
 */
import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '../db/schema';
import { householdAnswers, type Rng, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
let lan: Awaited<ReturnType<typeof apiAs>>;

beforeAll(async () => {
  t = await freshApp();
  lan = await apiAs(t.app, people.evaluatorLan);
});

const oddValues = [null, true, false, 0, -1, 1e308, Number.MAX_SAFE_INTEGER, '', ' ', 'yes', '<script>', 'x'.repeat(5000), [], [null], [{}], {}, { yes: 1 }, { __proto__: { admin: true } }, [[[[]]]], '12', 'NaN', '9'.repeat(400)];

function mutate(rng: Rng, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(value);
  const keys = Object.keys(out);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  for (let i = 0; i < 1 + Math.floor(rng() * 3); i++) {
    const key = pick(keys);
    const r = rng();
    if (r < 0.6) out[key] = pick(oddValues);
    else if (r < 0.75) delete out[key];
    else if (r < 0.9 && Array.isArray(out.children)) (out.children as unknown[])[0] = pick(oddValues);
    else out[`extra_${i}`] = pick(oddValues);
  }
  return out;
}

describe('garbage in', () => {
  it('never answers 5xx and stores exactly the submissions it answers 201 for', async () => {
    const rng = seededRng(99);
    let stored = 0;
    const statuses = new Map<number, number>();
    for (let i = 0; i < 250; i++) {
      const answers = mutate(rng, householdAnswers(rng, { knows111Rate: 0.5 }));
      const envelope: Record<string, unknown> = { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers };
      if (rng() < 0.2) envelope[pick(rng, Object.keys(envelope))] = pick(rng, oddValues);
      const res = await lan.post('/api/v1/submissions', envelope);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      expect(res.status, JSON.stringify(envelope).slice(0, 300)).toBeLessThan(500);
      expect(res.headers.get('content-type')).toMatch(/json/);
      if (res.status === 201) stored++;
    }
    const [{ n }] = await t.db.select({ n: count() }).from(submissions);
    expect(n).toBe(stored);
    // The mutations must actually reach validation, or this test proves nothing.
    expect(statuses.get(422)).toBeGreaterThan(100);
  });

  it('answers raw garbage bodies with 4xx', async () => {
    const headers = { authorization: `Bearer ${lan.token}`, 'content-type': 'application/json' };
    for (const body of ['', 'null', '[]', '"text"', '42', '{"answers": {"a": 1}}', '\u0000', '{"id": "' + 'a'.repeat(10000) + '"}']) {
      const res = await t.app.request('/api/v1/submissions', { method: 'POST', headers, body });
      expect(res.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, body.slice(0, 40)).toBeLessThan(500);
    }
    const notJson = await t.app.request('/api/v1/submissions', { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: '{}' });
    expect(notJson.status).toBe(415);
  });
});

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)];
}
