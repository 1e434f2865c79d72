import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '../db/schema';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, testConfig } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
let lan: Awaited<ReturnType<typeof apiAs>>;
const rng = seededRng(7);

const rows = async () => (await t.db.select({ n: count() }).from(submissions))[0].n;

function submission(overrides: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    round: 'hn-phu-chau-midterm',
    commune: '09649',
    instrument: 'household',
    version: 1,
    answers: householdAnswers(rng, { knows111Rate: 0.5 }),
    ...overrides,
  };
}

beforeAll(async () => {
  t = await freshApp();
  lan = await apiAs(t.app, people.evaluatorLan);
});

describe('POST /api/v1/submissions', () => {
  it('stores a valid submission once: 201, then 200 with the same body, one row', async () => {
    const body = submission();
    const before = await rows();
    const first = await lan.post('/api/v1/submissions', body);
    expect(first.status).toBe(201);
    const stored = await first.json();
    expect(stored).toMatchObject({ id: body.id, round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1 });
    expect(stored.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await lan.post('/api/v1/submissions', body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(stored);
    expect(await rows()).toBe(before + 1);
  });

  it('keeps only the instrument’s own question keys', async () => {
    const body = submission();
    body.answers = { ...body.answers, not_a_question: 'x', __proto_pollution: { a: 1 } };
    const res = await lan.post('/api/v1/submissions', body);
    expect(res.status).toBe(201);
    const plain = submission({ id: body.id });
    plain.answers = Object.fromEntries(Object.entries(body.answers).filter(([k]) => !['not_a_question', '__proto_pollution'].includes(k)));
    // The unknown keys were dropped before hashing, so the clean body is the same content.
    expect((await lan.post('/api/v1/submissions', plain)).status).toBe(200);
  });

  it('answers 409 for the same id with other content and stores nothing', async () => {
    const body = submission();
    expect((await lan.post('/api/v1/submissions', body)).status).toBe(201);
    const before = await rows();
    const other = { ...body, answers: { ...body.answers, household_number: 'other-999' } };
    const res = await lan.post('/api/v1/submissions', other);
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await rows()).toBe(before);
  });

  it('answers 422 problem+json with per-question errors in Vietnamese for invalid answers', async () => {
    const before = await rows();
    const body = submission();
    body.answers = { ...body.answers, respondent_age: 12 };
    delete (body.answers as Record<string, unknown>).hamlet;
    const res = await lan.post('/api/v1/submissions', body);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = await res.json();
    expect(problem.code).toBe('invalid_answers');
    const questions = problem.errors.map((e: { question: string }) => e.question);
    expect(questions).toContain('respondent_age');
    expect(questions).toContain('hamlet');
    expect(problem.errors.find((e: { question: string }) => e.question === 'hamlet').message).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵêệềếểễôộồốổỗơợờớởỡưựừứửữđ]/i);
    expect(await rows()).toBe(before);
  });

  it('rejects a choice outside the instrument’s choices', async () => {
    const res = await lan.post('/api/v1/submissions', submission({ answers: { ...householdAnswers(rng, { knows111Rate: 1 }), knows_111: 'maybe' } }));
    expect(res.status).toBe(422);
    expect((await res.json()).errors.map((e: { question: string }) => e.question)).toContain('knows_111');
  });

  it.each([
    ['unknown round', { round: 'no-such-round' }, 'unknown_round'],
    ['commune outside the model', { commune: '09010' }, 'unknown_commune'],
    ['unknown instrument version', { version: 9 }, 'unknown_instrument'],
    ['missing id', { id: undefined }, 'invalid_request'],
    ['id that is not a UUID', { id: 'abc' }, 'invalid_request'],
    ['answers that are not an object', { answers: [1, 2] }, 'invalid_request'],
  ])('answers 422 for %s and stores nothing', async (_name, overrides, code) => {
    const before = await rows();
    const res = await lan.post('/api/v1/submissions', submission(overrides));
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe(code);
    expect(await rows()).toBe(before);
  });

  it('answers 400 for malformed JSON and 413 for a body over the limit', async () => {
    const headers = { authorization: `Bearer ${lan.token}`, 'content-type': 'application/json' };
    const malformed = await t.app.request('/api/v1/submissions', { method: 'POST', headers, body: '{"id": ' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).code).toBe('malformed_json');
    const big = submission({ answers: { comments: 'x'.repeat(testConfig.bodyLimitBytes + 10) } });
    const tooLarge = await t.app.request('/api/v1/submissions', { method: 'POST', headers, body: JSON.stringify(big) });
    expect(tooLarge.status).toBe(413);
  });

  it('answers 401 without a token or with a bad one', async () => {
    const body = JSON.stringify(submission());
    const none = await t.app.request('/api/v1/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(none.status).toBe(401);
    const bad = await t.app.request('/api/v1/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer deadbeef' },
      body,
    });
    expect(bad.status).toBe(401);
  });

  it('answers 403 for a round the evaluator is not assigned to, even in a model they work on', async () => {
    const before = await rows();
    const closedBaseline = await lan.post('/api/v1/submissions', submission({ round: 'hn-me-linh-baseline', commune: '09010' }));
    expect(closedBaseline.status).toBe(403);
    const otherModel = await lan.post('/api/v1/submissions', submission({ round: 'hn-hoa-lam-midterm', commune: '10402' }));
    expect(otherModel.status).toBe(403);
    expect(await rows()).toBe(before);
  });

  it('answers 403 to a sponsor', async () => {
    const sponsor = await apiAs(t.app, people.sponsorWorldVision);
    const res = await sponsor.post('/api/v1/submissions', submission({ round: 'yb-service-pilot-midterm', commune: '04771' }));
    expect(res.status).toBe(403);
  });

  it('stores the same id only once when two sends race', async () => {
    const body = submission();
    const before = await rows();
    const results = await Promise.all([1, 2, 3, 4].map(() => lan.post('/api/v1/submissions', body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(await rows()).toBe(before + 1);
  });
});
