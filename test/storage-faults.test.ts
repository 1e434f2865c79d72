/**
 * The database refusing writes for a while — its disk full, or read-only — is answered 503 with `Retry-After`
 * in the asker's language (problem+json for the API, a page for the browser), never 500; the refused batch
 * leaves nothing behind, and the first request after the fault ends succeeds. The faults are SQLite's own:
 * `max_page_count` capped at the file's size gives SQLITE_FULL, `query_only` gives SQLITE_READONLY.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '../db/schema';
import { errorCatalogue } from '../src/domain/errors';
import { isStorageFault } from '../src/middleware/errors';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, testPassword } from './support/app';
import { keptAndRecounted } from './support/kept-sums';

let t: Awaited<ReturnType<typeof freshApp>>;
let lan: Awaited<ReturnType<typeof apiAs>>;
const rng = seededRng(16);

beforeAll(async () => {
  t = await freshApp();
  lan = await apiAs(t.app, people.evaluatorLan);
});

function submission() {
  return { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: 0.5 }) };
}

const pragma = (statement: string) => t.db.run(sql.raw(`PRAGMA ${statement}`));
const storedIds = async () => new Set((await t.db.select({ id: submissions.id }).from(submissions)).map((r) => r.id));

/** The kept sums equal those counted again from scratch from the stored submissions. */
async function expectKeptSumsRecomputable() {
  const { kept, recounted, counted } = await keptAndRecounted(t.db);
  expect(counted).toBe((await storedIds()).size);
  expect(recounted).toEqual(kept);
}

async function expectProblem(res: Response, locale: 'vi' | 'en') {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('60');
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(await res.json()).toMatchObject({ status: 503, code: 'storage_unavailable', title: errorCatalogue.storage_unavailable[locale] });
}

describe('a full disk', () => {
  it('answers 503 with Retry-After, keeps nothing of the refused submission, and stores it once space is back', async () => {
    const [{ page_count: pages }] = (await t.db.all(sql.raw('PRAGMA page_count'))) as { page_count: number }[];
    await pragma(`max_page_count = ${pages}`);
    const acknowledged: string[] = [];
    let refused: { body: ReturnType<typeof submission>; res: Response } | undefined;
    // The file may still have free pages: submissions are stored until they run out.
    for (let i = 0; i < 500 && !refused; i++) {
      const body = submission();
      const res = await lan.post('/api/v1/submissions', body);
      if (res.status === 201) acknowledged.push(body.id);
      else refused = { body, res };
    }
    expect(refused).toBeDefined();
    await expectProblem(refused!.res, 'vi');
    const during = await storedIds();
    expect(during.has(refused!.body.id)).toBe(false);
    expect(acknowledged.filter((id) => !during.has(id))).toEqual([]);

    await pragma('max_page_count = 1073741823');
    expect((await lan.post('/api/v1/submissions', refused!.body)).status).toBe(201);
    expect((await lan.post('/api/v1/submissions', refused!.body)).status).toBe(200);
    expect((await storedIds()).size).toBe(during.size + 1);
    await expectKeptSumsRecomputable();
  });
});

describe('a read-only database', () => {
  const signIn = (headers: Record<string, string> = {}) =>
    t.app.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ email: people.evaluatorLan, password: testPassword, next: '/' }),
    });

  it('answers the API 503 in English when asked, the sign-in form a 503 page in Vietnamese or English, still reads, and works again once writable', async () => {
    const before = await storedIds();
    const body = submission();
    await pragma('query_only = ON');
    try {
      const res = await t.app.request('/api/v1/submissions', {
        method: 'POST',
        headers: { authorization: `Bearer ${lan.token}`, 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify(body),
      });
      await expectProblem(res, 'en');

      for (const [locale, headers] of [['vi', {}], ['en', { cookie: 'moc_lang=en' }]] as const) {
        const page = await signIn(headers);
        expect(page.status).toBe(503);
        expect(page.headers.get('retry-after')).toBe('60');
        expect(page.headers.get('content-type')).toContain('text/html');
        expect(await page.text()).toContain(errorCatalogue.storage_unavailable[locale]);
      }
      // The sign-in form swaps its answer in place of itself: the form again, with the message and the email kept.
      const fragment = await signIn({ 'hx-request': 'true' });
      expect(fragment.status).toBe(503);
      const form = await fragment.text();
      expect(form).toContain('id="signin"');
      expect(form).toContain(`value="${people.evaluatorLan}"`);
      expect(form).toContain(errorCatalogue.storage_unavailable.vi);
      expect(await storedIds()).toEqual(before);
      expect((await lan.get('/api/v1/models')).status).toBe(200); // reads go on
    } finally {
      await pragma('query_only = OFF');
    }
    expect((await signIn()).status).toBe(303);
    expect((await lan.post('/api/v1/submissions', body)).status).toBe(201);
    await expectKeptSumsRecomputable();
  });
});

describe('isStorageFault', () => {
  it('knows the faults by their SQLite code, through the errors that wrap them, and by the message D1 gives', () => {
    const driver = Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
    expect(isStorageFault(new Error('Failed query: insert …', { cause: driver }))).toBe(true);
    expect(isStorageFault(Object.assign(new Error('x'), { code: 'SQLITE_READONLY' }))).toBe(true);
    expect(isStorageFault(new Error('D1_ERROR: attempt to write a readonly database: SQLITE_READONLY'))).toBe(true);
    expect(isStorageFault(Object.assign(new Error('UNIQUE constraint failed: submissions.id'), { code: 'SQLITE_CONSTRAINT' }))).toBe(false);
    expect(isStorageFault(new Error('D1_ERROR: too many SQL variables'))).toBe(false);
    expect(isStorageFault('SQLITE_FULL')).toBe(false);
  });
});
