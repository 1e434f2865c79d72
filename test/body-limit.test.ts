/**
 * BODY_LIMIT_BYTES on both paths of the body-limit middleware: a body that declares its length (judged by
 * the header, so the request is never turned into a web stream) and a body without one (counted as read).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, testConfig } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
let token: string;
const rng = seededRng(5);

beforeAll(async () => {
  t = await freshApp();
  token = (await apiAs(t.app, people.evaluatorLan)).token;
});

afterAll(() => t.remove());

function send(body: string, declareLength: boolean) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  if (declareLength) headers['content-length'] = String(Buffer.byteLength(body));
  return t.app.request('/api/v1/submissions', { method: 'POST', headers, body });
}

const submission = (answers: Record<string, unknown>) =>
  JSON.stringify({ id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers });

it.each([true, false])('stores a body within the limit and refuses one over it with 413 (length declared: %s)', async (declareLength) => {
  expect((await send(submission(householdAnswers(rng, { knows111Rate: 0.5 })), declareLength)).status).toBe(201);
  const over = await send(submission({ comments: 'x'.repeat(testConfig.bodyLimitBytes) }), declareLength);
  expect(over.status).toBe(413);
  expect((await over.json()).code).toBe('too_large');
});
