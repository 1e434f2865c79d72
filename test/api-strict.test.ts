/**
 * Nothing oversized or mistyped is stored (issue 10), through every way a submission comes in: the API, the
 * survey page's POST and a backup import. Each refusal names the question, speaks the reader's language and
 * leaves the database as it was (submissions and kept sums); an id resent in upper case is a replay.
 */
import { asc, count, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorAggregates, submissions } from '../db/schema';
import { errorCatalogue, type ErrorCode, type FieldError } from '../src/domain/errors';
import type { Locale } from '../src/domain/i18n';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';

// The production body limit (1 MB): a household of 5,000 children (~450 KB) must reach validation, not 413.
// Imports up to 12 MB, so that a file holding one 10 MB item reaches the per-item check.
const bodyLimitBytes = 1024 * 1024;
let t: Awaited<ReturnType<typeof freshApp>>;
let lan: Awaited<ReturnType<typeof apiAs>>;
let lanOnWeb: Awaited<ReturnType<typeof webAs>>;

beforeAll(async () => {
  t = await freshApp({ config: { bodyLimitBytes, importLimitBytes: 12 * 1024 * 1024 } });
  lan = await apiAs(t.app, people.evaluatorLan);
  lanOnWeb = await webAs(t.app, people.evaluatorLan);
  // Kept sums to leave unchanged.
  expect((await lan.post('/api/v1/submissions', household())).status).toBe(201);
});
afterAll(() => t.remove());

let seed = 100;
const round = 'hn-phu-chau-midterm';

function household(answers: (base: Record<string, unknown>) => Record<string, unknown> = (a) => a) {
  const base = householdAnswers(seededRng(seed++), { knows111Rate: 0.5 });
  return { id: crypto.randomUUID(), round, commune: '09649', instrument: 'household', version: 1, answers: answers(base) };
}

/** An object nested `depth` levels deep, as JSON text: JSON.stringify itself overflows near 10,000 levels. */
const deepJson = (depth: number) => '{"a":'.repeat(depth - 1) + '{"a":"x"}' + '}'.repeat(depth - 1);
const deepMarker = (depth: number) => `@@deep-${depth}@@`;
/** JSON of a body in which deepMarker(n) strings stand for values nested n levels deep. */
const serialize = (body: unknown) => JSON.stringify(body).replace(/"@@deep-(\d+)@@"/g, (_m, n: string) => deepJson(Number(n)));

const backup = (items: unknown[]) => ({ format: 'moc-backup', formatVersion: 1, exportedBy: people.evaluatorLan, submissions: items });

interface Outcome {
  status: number;
  code?: ErrorCode;
  title?: string;
  errors: FieldError[];
  id?: string;
}

type Channel = 'api' | 'web' | 'imports';
const channels: Channel[] = ['api', 'web', 'imports'];

/**
 * Sends one submission the way a channel does and reads what happened to it: the response for the API and
 * the survey page, the item's outcome for an import (or the whole file's refusal).
 */
async function send(channel: Channel, body: Record<string, unknown>, locale: Locale = 'vi'): Promise<Outcome> {
  let res: Response;
  if (channel === 'web') {
    const cookie = locale === 'en' ? `${lanOnWeb.cookie}; moc_lang=en` : lanOnWeb.cookie;
    res = await t.app.request(`/rounds/${round}/submissions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': lanOnWeb.csrf },
      body: serialize(body),
    });
  } else {
    const path = channel === 'api' ? '/api/v1/submissions' : '/api/v1/imports';
    const payload = channel === 'api' ? body : backup([{ ...body, evaluator: people.evaluatorLan }]);
    const headers: Record<string, string> = { authorization: `Bearer ${lan.token}`, 'content-type': 'application/json' };
    if (locale === 'en') headers['accept-language'] = 'en';
    res = await t.app.request(path, { method: 'POST', headers, body: serialize(payload) });
  }
  const json = await res.json();
  if (channel === 'imports' && res.status === 200) {
    expect(json.results).toHaveLength(1);
    return { errors: [], ...json.results[0] };
  }
  return { status: res.status, code: json.code, title: json.title, errors: json.errors ?? [], id: json.id };
}

/** The submissions and the kept sums, to compare before and after a refusal. */
async function snapshot() {
  const [{ n }] = await t.db.select({ n: count() }).from(submissions);
  const sums = await t.db
    .select()
    .from(indicatorAggregates)
    .orderBy(asc(indicatorAggregates.roundId), asc(indicatorAggregates.dimension), asc(indicatorAggregates.indicatorId), asc(indicatorAggregates.category), asc(indicatorAggregates.communeId));
  return { submissions: n, sums };
}

const vietnamese = /[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]/i;

/** The refusal's title and every message are in the reader's language. */
function expectLanguage(outcome: Outcome, locale: Locale) {
  expect(outcome.title).toBe(errorCatalogue[outcome.code!][locale]);
  expect(outcome.errors.length).toBeGreaterThan(0);
  for (const e of outcome.errors) {
    expect(e.message.trim()).not.toBe('');
    if (locale === 'vi') expect(e.message, e.question).toMatch(vietnamese);
    else expect(e.message, e.question).not.toMatch(vietnamese);
  }
}

/** An error names the question, alone ('children') or as part of a path ('answers.hamlet.a.a…'). */
const names = (errors: FieldError[], question: string) => errors.some((e) => new RegExp(`(^|[.\\]])${question}($|[.\\[…])`).test(e.question));

/** Each refused case, with the question it must name. */
const refused: { name: string; question: string; answers: (a: Record<string, unknown>) => Record<string, unknown> }[] = [
  {
    name: 'a household with 5,000 children (at most 15)',
    question: 'children',
    answers: (a) => ({ ...a, children: Array.from({ length: 5000 }, (_, i) => (a.children as unknown[])[i % (a.children as unknown[]).length]) }),
  },
  { name: 'a hamlet of 101 characters (at most 100)', question: 'hamlet', answers: (a) => ({ ...a, hamlet: 'x'.repeat(101) }) },
  { name: 'comments of 2,001 characters (at most 2,000)', question: 'comments', answers: (a) => ({ ...a, comments: 'ấ'.repeat(2001) }) },
  { name: 'an age sent as a string', question: 'respondent_age', answers: (a) => ({ ...a, respondent_age: '43' }) },
  { name: 'a hamlet that is an object with its own toString', question: 'hamlet', answers: (a) => ({ ...a, hamlet: { toString: 'x' } }) },
  // Refused where the body is parsed, before anything walks it (more than 64 levels).
  { name: 'an object nested 3,000 levels deep in a text answer', question: 'hamlet', answers: (a) => ({ ...a, hamlet: deepMarker(3000) }) },
  // Under that limit, refused by validation.
  { name: 'an object nested 50 levels deep in a text answer', question: 'hamlet', answers: (a) => ({ ...a, hamlet: deepMarker(50) }) },
];

describe.each(channels)('through %s', (channel) => {
  it.each(refused)('refuses $name naming the question, in Vietnamese and in English, storing nothing', async ({ question, answers }) => {
    for (const locale of ['vi', 'en'] as const) {
      const body = household(answers);
      const before = await snapshot();
      const outcome = await send(channel, body, locale);
      expect(outcome.status, JSON.stringify(outcome).slice(0, 500)).toBe(422);
      expect(names(outcome.errors, question), JSON.stringify(outcome.errors).slice(0, 500)).toBe(true);
      expectLanguage(outcome, locale);
      expect(await snapshot()).toEqual(before);
    }
  });

  it('answers an object nested 10,000 levels deep with a 4xx and stores nothing', async () => {
    const before = await snapshot();
    for (const where of ['hamlet', 'comments', 'not_a_question']) {
      const outcome = await send(channel, household((a) => ({ ...a, [where]: deepMarker(10_000) })));
      expect(outcome.status).toBeGreaterThanOrEqual(400);
      expect(outcome.status).toBeLessThan(500);
      expectLanguage(outcome, 'vi');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('stores answers at their limits: 15 children, a hamlet of 100 and comments of 2,000 characters', async () => {
    const body = household((a) => ({ ...a, hamlet: 'x'.repeat(100), comments: 'ấ'.repeat(2000), children: Array.from({ length: 15 }, () => (a.children as unknown[])[0]) }));
    expect((await send(channel, body)).status).toBe(201);
  });

  it('answers the same submission resent with its id in upper case as a replay: 200 and one row', async () => {
    const body = household();
    expect((await send(channel, body)).status).toBe(201);
    const before = await snapshot();
    const again = await send(channel, { ...body, id: body.id.toUpperCase() });
    expect(again.status).toBe(200);
    expect(again.id).toBe(body.id);
    expect(await snapshot()).toEqual(before);
    const [{ n }] = await t.db.select({ n: count() }).from(submissions).where(sql`lower(${submissions.id}) = ${body.id}`);
    expect(n).toBe(1);
  });

  it('stores a submission first sent with its id in upper case under the lower-case id', async () => {
    const body = household();
    const upper = body.id.toUpperCase();
    const first = await send(channel, { ...body, id: upper });
    expect(first.status).toBe(201);
    expect(first.id).toBe(body.id);
    expect((await send(channel, body)).status).toBe(200);
    const stored = await t.db.select({ id: submissions.id }).from(submissions).where(sql`lower(${submissions.id}) = ${body.id}`);
    expect(stored).toEqual([{ id: body.id }]);
  });
});

describe('an import holding an item larger than one submission may be', () => {
  const tenMegabytes = () => household((a) => ({ ...a, comments: 'x'.repeat(10 * 1024 * 1024) }));

  it('refuses that item with 413 naming it, in the reader’s language, and stores nothing of it', async () => {
    for (const locale of ['vi', 'en'] as const) {
      const big = tenMegabytes();
      const before = await snapshot();
      const outcome = await send('imports', big, locale);
      expect(outcome).toMatchObject({ id: big.id, status: 413, code: 'too_large' });
      expect(outcome.errors).toEqual([expect.objectContaining({ question: 'submissions[0]' })]);
      expect(outcome.errors[0].message).toContain(String(bodyLimitBytes / 1024));
      expectLanguage(outcome, locale);
      expect(await snapshot()).toEqual(before);
    }
  });

  it('still stores the other items of the file', async () => {
    const big = tenMegabytes();
    const good = household();
    const res = await lan.post('/api/v1/imports', backup([good, big, good].map((i) => ({ ...i, evaluator: people.evaluatorLan }))));
    const report = await res.json();
    expect(report.results.map((r: Outcome) => r.status)).toEqual([201, 413, 200]);
    expect(report).toMatchObject({ stored: 1, alreadyThere: 1, refused: 1 });
    const ids = (await t.db.select({ id: submissions.id }).from(submissions)).map((r) => r.id);
    expect(ids).toContain(good.id);
    expect(ids).not.toContain(big.id);
  });
});

describe('the /imports page', () => {
  it('answers a file nested 10,000 levels deep with 422 and its message, in the reader’s language', async () => {
    const before = await snapshot();
    for (const [locale, message] of [
      ['vi', 'Dữ liệu lồng nhau sâu quá 64 tầng.'],
      ['en', 'Nested more than 64 levels deep.'],
    ] as const) {
      const form = new FormData();
      form.set('_csrf', lanOnWeb.csrf);
      form.set('file', new File([serialize(backup([{ ...household((a) => ({ ...a, hamlet: deepMarker(10_000) })), evaluator: people.evaluatorLan }]))], 'moc-backup.json'));
      const cookie = locale === 'en' ? `${lanOnWeb.cookie}; moc_lang=en` : lanOnWeb.cookie;
      const res = await t.app.request('/imports', { method: 'POST', headers: { cookie, 'hx-request': 'true' }, body: form });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(`submissions[0].answers.hamlet…: ${message}`);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('shows an item larger than one submission as refused, and stores the others', async () => {
    const big = household((a) => ({ ...a, comments: 'x'.repeat(2 * bodyLimitBytes) }));
    const good = household();
    const form = new FormData();
    form.set('_csrf', lanOnWeb.csrf);
    form.set('file', new File([JSON.stringify(backup([big, good].map((i) => ({ ...i, evaluator: people.evaluatorLan }))))], 'moc-backup.json'));
    const res = await t.app.request('/imports', { method: 'POST', headers: { cookie: lanOnWeb.cookie, 'hx-request': 'true' }, body: form });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Đã lưu 1 phiếu mới, 0 phiếu đã có từ trước, 1 phiếu bị từ chối.');
    expect(html).toContain('413 Dữ liệu gửi lên quá lớn.');
    expect(html).toContain('submissions[0]: Phiếu này lớn hơn 1024 KB');
  });
});
