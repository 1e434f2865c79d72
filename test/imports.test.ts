/** Backup files of unsent submissions, imported through the API and the web: each submission stored once. */
import { count, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { submissions, users } from '../db/schema';
import { backupFile, itemEvaluator, itemId, maxBackupItems } from '../src/domain/backup';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
const rng = seededRng(11);

function item(overrides: Record<string, unknown> = {}) {
  return {
    id: crypto.randomUUID(),
    round: 'hn-phu-chau-midterm',
    commune: '09649',
    instrument: 'household',
    version: 1,
    answers: householdAnswers(rng, { knows111Rate: 0.5 }),
    startedAt: '2026-11-19T08:00:00.000Z',
    evaluator: people.evaluatorLan,
    ...overrides,
  };
}

const backup = (items: unknown[]) => ({ format: 'moc-backup', formatVersion: 1, exportedAt: '2026-11-19T09:00:00.000Z', exportedBy: people.evaluatorLan, submissions: items });
const rowsOf = async (ids: string[]) => t.db.select().from(submissions).where(inArray(submissions.id, ids));
const allRows = async () => (await t.db.select({ n: count() }).from(submissions))[0].n;

beforeAll(async () => {
  t = await freshApp();
});

describe('the backup format', () => {
  it('accepts the file field.js writes and refuses anything else', () => {
    expect(backupFile.safeParse(backup([item()])).success).toBe(true);
    expect(backupFile.safeParse({ ...backup([]), format: 'other' }).success).toBe(false);
    expect(backupFile.safeParse({ ...backup([]), submissions: {} }).success).toBe(false);
    expect(backupFile.safeParse([]).success).toBe(false);
    expect(backupFile.safeParse({ ...backup([]), formatVersion: 2 }).success).toBe(false);
    expect(backupFile.safeParse(backup(Array.from({ length: maxBackupItems + 1 }, () => ({})))).success).toBe(false);
  });

  it('reads who collected an item and its id, whatever the item looks like', () => {
    expect(itemEvaluator({ evaluator: ' Evaluator@Example.org ' })).toBe('evaluator@example.org');
    expect(itemEvaluator({ evaluator: 7 })).toBeNull();
    expect(itemEvaluator('not an object')).toBeNull();
    expect(itemId({ id: 'abc' })).toBe('abc');
    // As stored: lower case; an id far longer than a UUID is cut short in the report.
    expect(itemId({ id: '9B2F0C3E-5A1D-4C2B-8E7F-0123456789AB' })).toBe('9b2f0c3e-5a1d-4c2b-8e7f-0123456789ab');
    expect(itemId({ id: 'x'.repeat(100_000) })).toBe(`${'x'.repeat(64)}…`);
    expect(itemId({ id: 1 })).toBeNull();
    expect(itemId(null)).toBeNull();
  });
});

describe('POST /api/v1/imports', () => {
  it('stores an evaluator’s file once, however often it is imported', async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    const items = [item(), item(), item({ round: 'hn-me-linh-midterm', commune: '09010' })];
    const first = await lan.post('/api/v1/imports', backup(items));
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ stored: 3, alreadyThere: 0, refused: 0 });
    const again = await (await lan.post('/api/v1/imports', backup(items))).json();
    expect(again).toMatchObject({ stored: 0, alreadyThere: 3, refused: 0 });
    expect(again.results.map((r: { status: number }) => r.status)).toEqual([200, 200, 200]);
    expect(await rowsOf(items.map((i) => i.id))).toHaveLength(3);
  });

  it('answers per item: a conflict and an invalid item are refused, the others stored, nothing partial', async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    const known = item();
    expect((await lan.post('/api/v1/submissions', known)).status).toBe(201);
    const conflicting = { ...known, answers: { ...known.answers, household_number: 'khác-1' } };
    const invalid = item({ answers: { ...item().answers, respondent_age: 7 } });
    const good = item();
    const before = await allRows();
    const report = await (await lan.post('/api/v1/imports', backup([conflicting, invalid, good, 'not an object']))).json();
    expect(report.results.map((r: { status: number }) => r.status)).toEqual([409, 422, 201, 422]);
    expect(report.results[1].errors).toEqual([expect.objectContaining({ question: 'respondent_age' })]);
    expect(report).toMatchObject({ stored: 1, alreadyThere: 0, refused: 3 });
    expect(await allRows()).toBe(before + 1);
    expect(await rowsOf([invalid.id])).toHaveLength(0);
  });

  it('refuses an evaluator importing another evaluator’s items', async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    const report = await (await lan.post('/api/v1/imports', backup([item({ evaluator: 'someone@example.org' })]))).json();
    expect(report.results[0]).toMatchObject({ status: 403, code: 'other_evaluator' });
  });

  it('lets a manager upload on behalf of the assigned evaluator, stored as that evaluator', async () => {
    const ha = await apiAs(t.app, people.managerHa);
    const items = [item(), item({ evaluator: people.managerHa }), item({ evaluator: undefined })];
    const report = await (await ha.post('/api/v1/imports', backup(items))).json();
    expect(report.results.map((r: { status: number; code?: string }) => [r.status, r.code])).toEqual([
      [201, undefined],
      [422, 'unknown_evaluator'],
      [422, 'unknown_evaluator'],
    ]);
    const [lan] = await t.db.select().from(users).where(eq(users.email, people.evaluatorLan));
    const [row] = await rowsOf([items[0].id]);
    expect(row.evaluatorId).toBe(lan.id);
  });

  it('refuses an evaluator who is not assigned to the round, and a round outside the manager’s models', async () => {
    // Minh is an evaluator, but of no round.
    await t.db.insert(users).values({ email: 'minh@example.org', name: 'Lê Văn Minh', role: 'evaluator', passwordHash: 'disabled$test' }).onConflictDoNothing();
    const ha = await apiAs(t.app, people.managerHa);
    const unassigned = item({ evaluator: 'minh@example.org' });
    // The Yên Bái pilot is not one of Hà's models, even with Lan named.
    const elsewhere = item({ round: 'yb-service-pilot-midterm', commune: '04771' });
    const good = item({ evaluator: people.evaluatorLan.toUpperCase() });
    const report = await (await ha.post('/api/v1/imports', backup([unassigned, elsewhere, good]))).json();
    expect(report.results.map((r: { status: number; code?: string }) => [r.status, r.code])).toEqual([
      [422, 'unknown_evaluator'],
      [403, 'not_assigned'],
      [201, undefined],
    ]);
    expect(report).toMatchObject({ stored: 1, alreadyThere: 0, refused: 2 });
    expect(await rowsOf([unassigned.id, elsewhere.id])).toHaveLength(0);
  });

  it('lets an admin upload for the assigned evaluator, with per-item titles in the caller’s language', async () => {
    const admin = await apiAs(t.app, people.admin);
    const items = [item(), item({ round: 'yb-service-pilot-midterm', commune: '04771' })];
    const res = await t.app.request('/api/v1/imports', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify(backup(items)),
    });
    const report = await res.json();
    expect(report.results[0]).toEqual({ id: items[0].id, status: 201 });
    // Lan is not assigned to the Yên Bái pilot, whoever uploads.
    expect(report.results[1]).toMatchObject({ id: items[1].id, status: 422, code: 'unknown_evaluator', title: 'No such evaluator, or not assigned to the round.' });
    const [lan] = await t.db.select().from(users).where(eq(users.email, people.evaluatorLan));
    expect((await rowsOf([items[0].id]))[0].evaluatorId).toBe(lan.id);
  });

  it('refuses sponsors and malformed files, storing nothing', async () => {
    const before = await allRows();
    const wv = await apiAs(t.app, people.sponsorWorldVision);
    expect((await wv.post('/api/v1/imports', backup([item()]))).status).toBe(403);
    const lan = await apiAs(t.app, people.evaluatorLan);
    expect((await lan.post('/api/v1/imports', { format: 'moc-backup', formatVersion: 2, submissions: [item()] })).status).toBe(422);
    expect((await lan.post('/api/v1/imports', [item()])).status).toBe(422);
    const broken = await t.app.request('/api/v1/imports', { method: 'POST', headers: { authorization: `Bearer ${lan.token}`, 'content-type': 'application/json' }, body: '{"format":' });
    expect(broken.status).toBe(400);
    const asText = await t.app.request('/api/v1/imports', { method: 'POST', headers: { authorization: `Bearer ${lan.token}`, 'content-type': 'text/plain' }, body: JSON.stringify(backup([item()])) });
    expect(asText.status).toBe(415);
    const huge = await lan.post('/api/v1/imports', { ...backup([item()]), padding: 'x'.repeat(2.1 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(await allRows()).toBe(before);
  });
});

describe('the /imports page', () => {
  it('uploads a file through the form with its CSRF token and shows the results in Vietnamese', async () => {
    const ha = await webAs(t.app, people.managerHa);
    expect((await ha.get('/imports')).status).toBe(200);
    const items = [item(), item()];
    const form = new FormData();
    form.set('_csrf', ha.csrf);
    form.set('file', new File([JSON.stringify(backup(items))], 'moc-backup.json', { type: 'application/json' }));
    const res = await t.app.request('/imports', { method: 'POST', headers: { cookie: ha.cookie, 'hx-request': 'true' }, body: form });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Đã lưu 2 phiếu mới, 0 phiếu đã có từ trước, 0 phiếu bị từ chối.');
    // The fragment is the results section itself, which htmx swaps for the old one (outerHTML).
    expect(html.startsWith('<section id="import-results"')).toBe(true);
    expect(await (await ha.get('/imports')).text()).toContain('hx-swap="outerHTML"');
    expect(await rowsOf(items.map((i) => i.id))).toHaveLength(2);

    const forged = new FormData();
    forged.set('_csrf', 'forged');
    forged.set('file', new File([JSON.stringify(backup([item()]))], 'b.json'));
    expect((await t.app.request('/imports', { method: 'POST', headers: { cookie: ha.cookie }, body: forged })).status).toBe(403);

    const notJson = new FormData();
    notJson.set('_csrf', ha.csrf);
    notJson.set('file', new File(['not json'], 'b.json'));
    const bad = await t.app.request('/imports', { method: 'POST', headers: { cookie: ha.cookie }, body: notJson });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Tệp không phải JSON hợp lệ.');
  });

  it('works without JavaScript: the whole page comes back with the results', async () => {
    const lan = await webAs(t.app, people.evaluatorLan);
    expect(await (await lan.get('/')).text()).toContain('href="/imports"');
    const page = await lan.get('/imports');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('enctype="multipart/form-data"');
    const items = [item(), item({ evaluator: 'someone@example.org' })];
    const form = new FormData();
    form.set('_csrf', lan.csrf);
    form.set('file', new File([JSON.stringify(backup(items))], 'moc-backup.json', { type: 'application/json' }));
    const res = await t.app.request('/imports', { method: 'POST', headers: { cookie: lan.cookie }, body: form });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html');
    expect(html).toContain('Đã lưu 1 phiếu mới, 0 phiếu đã có từ trước, 1 phiếu bị từ chối.');
    expect(html).toContain('Phiếu này do người đánh giá khác thu thập.');
    expect(await rowsOf(items.map((i) => i.id))).toHaveLength(1);
  });

  it('shows the results in English for an English reader', async () => {
    const ha = await webAs(t.app, people.managerHa);
    const cookie = `${ha.cookie}; moc_lang=en`;
    expect(await (await t.app.request('/imports', { headers: { cookie } })).text()).toContain('Import a backup of submissions');
    const form = new FormData();
    form.set('_csrf', ha.csrf);
    form.set('file', new File([JSON.stringify(backup([item()]))], 'moc-backup.json'));
    const html = await (await t.app.request('/imports', { method: 'POST', headers: { cookie, 'hx-request': 'true' }, body: form })).text();
    expect(html).toContain('Stored 1 new submissions, 0 were already there, 0 refused.');
  });

  it('is not for sponsors', async () => {
    const wv = await webAs(t.app, people.sponsorWorldVision);
    expect((await wv.get('/imports')).status).toBe(403);
    expect(await (await wv.get('/')).text()).not.toContain('href="/imports"');
    const form = new FormData();
    form.set('_csrf', wv.csrf);
    form.set('file', new File([JSON.stringify(backup([item()]))], 'moc-backup.json'));
    const refused = await t.app.request('/imports', { method: 'POST', headers: { cookie: wv.cookie }, body: form });
    expect(refused.status).toBe(403);
    // Forbidden, not a CSRF failure (sponsors read English by default).
    expect(await refused.text()).toContain('Your account may not see or do this.');
  });
});

describe('a long import shares the server', () => {
  it('a request that arrives while 300 known items are replayed is answered before the import ends', async () => {
    const lan = await apiAs(t.app, people.evaluatorLan);
    const items = Array.from({ length: 300 }, () => item());
    expect((await lan.post('/api/v1/imports', backup(items))).status).toBe(200);
    // Replays wait on no I/O: without pacing they ran to the end before any other request got a turn.
    const order: string[] = [];
    const again = (async () => {
      await lan.post('/api/v1/imports', backup(items));
      order.push('import');
    })();
    const other = new Promise((resolve) => setTimeout(resolve, 0))
      .then(async () => await t.app.request('/healthz'))
      .then(() => order.push('healthz'));
    await Promise.all([again, other]);
    expect(order).toEqual(['healthz', 'import']);
  });
});
