/**
 * Review of submissions over HTTP (issue 13, parts 1 and 2): every state change and who may make it, the
 * history and audit entries each writes, which kept sums each state counts in (the sponsor's figure moves only
 * on approval, rejected counts nowhere), and a stale review refused with 409.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../db/schema';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { submissionById } from '../src/queries/submissions';
import { applyReview, type ReviewContext } from '../src/workflows/review';
import { everything } from '../src/domain/access';
import { apiAs, freshApp, people, webAs } from './support/app';

let t: Awaited<ReturnType<typeof freshApp>>;
type Api = Awaited<ReturnType<typeof apiAs>>;
let admin: Api, ha: Api, lan: Api, sponsor: Api;
const rng = seededRng(13);

const phuChau = { round: 'hn-phu-chau-midterm', commune: '09649' };
const yenBai = { round: 'yb-service-pilot-midterm', commune: '04771', model: 'yb-service-pilot' };

async function send(as: Api, at: { round: string; commune: string }, knows = 0.5) {
  const id = crypto.randomUUID();
  const res = await as.post('/api/v1/submissions', { id, round: at.round, commune: at.commune, instrument: 'household', version: 1, answers: householdAnswers(rng, { knows111Rate: knows }) });
  expect(res.status).toBe(201);
  return id;
}

const review = (as: Api, id: string, body: unknown) => as.post(`/api/v1/submissions/${id}/reviews`, body);

/** The households counted in Yên Bái's midterm for `caregivers-know-111`, as `as` reads them (null: suppressed). */
async function counted(as: Api, basis?: 'received' | 'approved') {
  const res = await as.get(`/api/v1/models/${yenBai.model}/indicators?round=midterm&indicator=caregivers-know-111${basis ? `&counted=${basis}` : ''}`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { counted: string; indicators: { rounds: { suppressed: boolean; n?: number }[] }[] };
  const r = body.indicators[0]?.rounds[0];
  return { counted: body.counted, n: r && !r.suppressed ? (r.n ?? null) : null };
}

const auditOf = (id: string) => t.db.select().from(s.auditLog).where(and(eq(s.auditLog.objectType, 'submission'), eq(s.auditLog.objectId, id))).orderBy(s.auditLog.id);
const historyOf = (id: string) => t.db.select().from(s.submissionReviews).where(eq(s.submissionReviews.submissionId, id)).orderBy(s.submissionReviews.id);

beforeAll(async () => {
  t = await freshApp();
  [admin, ha, lan, sponsor] = await Promise.all([people.admin, people.managerHa, people.evaluatorLan, people.sponsorWorldVision].map((e) => apiAs(t.app, e)));
});

describe('POST /api/v1/submissions/{id}/reviews', () => {
  it('moves a submission through every state the rules allow, each with a history row and an audit entry', async () => {
    const id = await send(lan, phuChau);
    const moves = [
      { status: 'has_issues', comment: 'Câu 12 thiếu' },
      { status: 'approved' },
      { status: 'rejected', comment: 'Trùng hộ' },
      { status: 'received' },
      { status: 'approved', comment: 'OK' },
      { status: 'has_issues', comment: 'Kiểm tra lại' },
      { status: 'rejected', comment: 'Không dùng' },
      { status: 'removed', comment: 'Phiếu thử' },
    ];
    let from = 'received';
    for (const move of moves) {
      const res = await review(ha, id, move);
      expect(res.status, JSON.stringify(move)).toBe(201);
      expect(await res.json()).toMatchObject({ id, status: move.status, previous: from, comment: move.comment ?? null, revision: 1 });
      expect((await submissionById(t.db, id))!.reviewState).toBe(move.status);
      from = move.status;
    }
    const history = await historyOf(id);
    expect(history.map((h) => [h.fromState, h.state, h.comment])).toEqual(moves.map((m, i) => [i === 0 ? 'received' : moves[i - 1].status, m.status, m.comment ?? null]));
    const entries = await auditOf(id);
    expect(entries.map((e) => e.action)).toEqual([...moves.slice(0, -1).map(() => 'submission.review'), 'submission.remove']);
    expect(JSON.parse(entries.at(-1)!.detail!)).toMatchObject({ from: 'rejected', to: 'removed', comment: 'Phiếu thử' });
    // Removed is final, and the row is still there.
    const again = await review(ha, id, { status: 'received' });
    expect(again.status).toBe(422);
    expect((await submissionById(t.db, id))!.reviewState).toBe('removed');
  });

  it('refuses a move the rules do not allow and a missing comment with 422 in the reader’s language, writing nothing', async () => {
    const id = await send(lan, phuChau);
    const noComment = await review(ha, id, { status: 'has_issues' });
    expect(noComment.status).toBe(422);
    const problem = (await noComment.json()) as { errors: { question: string; message: string }[] };
    expect(problem.errors).toEqual([{ question: 'comment', message: expect.stringContaining('Cần sửa') }]);
    const en = await t.app.request(`/api/v1/submissions/${id}/reviews`, { method: 'POST', headers: { authorization: `Bearer ${ha.token}`, 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify({ status: 'rejected', comment: '  ' }) });
    expect(en.status).toBe(422);
    expect(JSON.stringify(await en.json())).toContain('a comment is needed for “Rejected”');
    expect((await review(ha, id, { status: 'received' })).status).toBe(422);
    expect((await review(ha, id, { status: 'deleted' })).status).toBe(422);
    expect((await review(ha, id, { status: 'approved', comment: 'x'.repeat(1001) })).status).toBe(422);
    expect((await review(ha, id, { status: 'approved', from: 'seen' })).status).toBe(422);
    expect((await review(ha, id, 'approved')).status).toBe(422);
    expect(await historyOf(id)).toEqual([]);
    expect(await auditOf(id)).toEqual([]);
    expect((await submissionById(t.db, id))!.reviewState).toBe('received');
  });

  it('is for admins and the model’s managers: another model’s manager 404, evaluators and sponsors 403, unknown 404', async () => {
    const inHanoi = await send(lan, phuChau);
    const inYenBai = await send(admin, yenBai);
    expect((await review(lan, inHanoi, { status: 'approved' })).status).toBe(403);
    expect((await review(sponsor, inYenBai, { status: 'approved' })).status).toBe(403);
    expect((await review(ha, inYenBai, { status: 'approved' })).status).toBe(404);
    expect((await review(ha, crypto.randomUUID(), { status: 'approved' })).status).toBe(404);
    expect((await submissionById(t.db, inYenBai))!.reviewState).toBe('received');
    expect((await review(admin, inYenBai, { status: 'approved' })).status).toBe(201);
    expect((await review(ha, inHanoi, { status: 'approved' })).status).toBe(201);
    expect((await auditOf(inHanoi)).map((e) => [e.action, e.userId])).toEqual([['submission.review', expect.any(Number)]]);
  });

  it('answers 409 to a review of a state that is no longer current, and to two reviews at once (one wins)', async () => {
    const id = await send(lan, phuChau);
    const [a, b] = await Promise.all([review(ha, id, { status: 'approved' }), review(admin, id, { status: 'rejected', comment: 'Trùng' })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect(await historyOf(id)).toHaveLength(1);
    expect(await auditOf(id)).toHaveLength(1);
    // A page opened before the change says which state it saw.
    const now = (await submissionById(t.db, id))!.reviewState;
    expect((await review(ha, id, { status: 'has_issues', comment: 'x', from: now === 'approved' ? 'received' : 'approved' })).status).toBe(409);
    expect(await historyOf(id)).toHaveLength(1);
  });

  it('writes nothing when the row moved on between reading and writing (the guard)', async () => {
    const id = await send(lan, phuChau);
    const stale = (await submissionById(t.db, id))!;
    const users = await t.db.select().from(s.users).where(eq(s.users.email, people.managerHa));
    const ctx: ReviewContext = { db: t.db, actor: { id: users[0].id, role: 'manager', name: 'Hà', email: people.managerHa }, scope: everything, locale: 'en', now: new Date() };
    await applyReview(ctx, stale, { to: 'approved', comment: null });
    await expect(applyReview(ctx, stale, { to: 'rejected', comment: 'late' })).rejects.toMatchObject({ code: 'review_stale', status: 409 });
    expect((await historyOf(id)).map((h) => h.state)).toEqual(['approved']);
    expect((await auditOf(id)).map((e) => JSON.parse(e.detail!).to)).toEqual(['approved']);
  });
});

describe('what counts', () => {
  it('moves the sponsor’s figure only on approval; has issues, rejected and removed count nowhere', async () => {
    const fresh = await freshApp();
    const [a, sp] = await Promise.all([people.admin, people.sponsorWorldVision].map((e) => apiAs(fresh.app, e)));
    {
      // Half know 111 and half do not, so that no cell is small enough for the sponsor's suppression.
      const ids = [];
      for (let i = 0; i < 14; i++) ids.push(await send(a, yenBai, i % 2 === 0 ? 1 : 0));
      expect(await counted(sp)).toEqual({ counted: 'approved', n: 0 });
      expect(await counted(sp, 'received')).toEqual({ counted: 'approved', n: 0 });
      expect(await counted(a)).toEqual({ counted: 'received', n: 14 });
      expect(await counted(a, 'approved')).toEqual({ counted: 'approved', n: 0 });
      for (const id of ids.slice(0, 10)) expect((await review(a, id, { status: 'approved' })).status).toBe(201);
      expect(await counted(sp)).toEqual({ counted: 'approved', n: 10 });
      expect(await counted(a)).toEqual({ counted: 'received', n: 14 });
      expect((await review(a, ids[10], { status: 'approved' })).status).toBe(201);
      expect(await counted(sp)).toEqual({ counted: 'approved', n: 11 });
      // Sent back: out of both; rejected: nowhere; removed: nowhere.
      expect((await review(a, ids[10], { status: 'has_issues', comment: 'sửa' })).status).toBe(201);
      expect(await counted(sp)).toEqual({ counted: 'approved', n: 10 });
      expect(await counted(a)).toEqual({ counted: 'received', n: 13 });
      expect((await review(a, ids[11], { status: 'rejected', comment: 'trùng' })).status).toBe(201);
      expect(await counted(a)).toEqual({ counted: 'received', n: 12 });
      expect(await counted(sp)).toEqual({ counted: 'approved', n: 10 });
      expect((await review(a, ids[0], { status: 'removed', comment: 'thử' })).status).toBe(201);
      expect(await counted(a)).toEqual({ counted: 'received', n: 11 });
      expect(await counted(a, 'approved')).toEqual({ counted: 'approved', n: 9 });
      // Back to received: counted for managers again, not for the sponsor.
      expect((await review(a, ids[11], { status: 'received' })).status).toBe(201);
      expect(await counted(a)).toEqual({ counted: 'received', n: 12 });
      expect(await counted(a, 'approved')).toEqual({ counted: 'approved', n: 9 });
    }
  });
});

describe('GET /api/v1/rounds/{id}/submissions', () => {
  it('pages through a round’s submissions with their state, filtered by state, with counts per state', async () => {
    const fresh = await freshApp();
    const [a, h, l, sp] = await Promise.all([people.admin, people.managerHa, people.evaluatorLan, people.sponsorWorldVision].map((e) => apiAs(fresh.app, e)));
    const minh = await apiAs(fresh.app, people.evaluatorMinh);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await send(l, phuChau));
    const minhs = await send(minh, phuChau);
    expect((await review(h, ids[0], { status: 'approved' })).status).toBe(201);
    expect((await review(h, ids[1], { status: 'removed', comment: 'thử' })).status).toBe(201);
    const list = async (as: Api, q = '') => {
      const res = await as.get(`/api/v1/rounds/${phuChau.round}/submissions${q}`);
      return { status: res.status, body: res.status === 200 ? ((await res.json()) as { total: number; counts: Record<string, number>; submissions: { id: string; status: string }[] }) : null };
    };
    const all = await list(h);
    expect(all.status).toBe(200);
    expect(all.body!.total).toBe(3);
    expect(all.body!.counts).toEqual({ received: 2, approved: 1, has_issues: 0, rejected: 0, removed: 1 });
    expect(all.body!.submissions.map((x) => x.id).sort()).toEqual([ids[0], ids[2], minhs].sort());
    expect((await list(h, '?status=approved')).body!.submissions).toEqual([expect.objectContaining({ id: ids[0], status: 'approved' })]);
    expect((await list(h, '?status=removed')).body!.submissions.map((x) => x.id)).toEqual([ids[1]]);
    const paged = await list(a, '?limit=1&page=2');
    expect(paged.body!.submissions).toHaveLength(1);
    expect((await list(h, '?status=nope')).status).toBe(422);
    expect((await list(h, '?limit=0')).status).toBe(422);
    // An evaluator lists their own; a sponsor none; another model's round is beyond a manager's reach.
    const own = await list(l);
    expect(own.body!.submissions.map((x) => x.id).sort()).toEqual([ids[0], ids[2]].sort());
    expect(own.body!.counts.received).toBe(1);
    expect((await list(sp)).status).toBe(403);
    expect((await h.get(`/api/v1/rounds/${yenBai.round}/submissions`)).status).toBe(404);
  });
});

describe('POST /api/v1/rounds/{id}/approvals', () => {
  it('approves the chosen submissions of the round that can be approved and skips the rest', async () => {
    const ids = [await send(lan, phuChau), await send(lan, phuChau), await send(lan, phuChau)];
    expect((await review(ha, ids[2], { status: 'rejected', comment: 'trùng' })).status).toBe(201);
    const other = await send(admin, yenBai);
    const res = await ha.post(`/api/v1/rounds/${phuChau.round}/approvals`, { ids: [...ids, other] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { approved: string[]; skipped: string[] };
    expect(body.approved.sort()).toEqual([ids[0], ids[1]].sort());
    expect(body.skipped).toEqual([ids[2], other]);
    for (const id of ids.slice(0, 2)) expect((await auditOf(id)).map((e) => e.action)).toEqual(['submission.review']);
    expect((await submissionById(t.db, other))!.reviewState).toBe('received');
    expect((await lan.post(`/api/v1/rounds/${phuChau.round}/approvals`, { ids })).status).toBe(403);
    expect((await ha.post(`/api/v1/rounds/${yenBai.round}/approvals`, { ids: [other] })).status).toBe(404);
    expect((await ha.post(`/api/v1/rounds/${phuChau.round}/approvals`, { ids: [] })).status).toBe(422);
  });
});

describe('the pages', () => {
  type Web = Awaited<ReturnType<typeof webAs>>;
  const postForm = (as: Web, path: string, fields: [string, string][], htmx = true, app = t.app) =>
    app.request(path, {
      method: 'POST',
      headers: { cookie: as.cookie, 'content-type': 'application/x-www-form-urlencoded', ...(htmx ? { 'hx-request': 'true' } : {}) },
      body: new URLSearchParams([['_csrf', as.csrf], ...fields]),
    });

  it('the submission page shows its state and, to reviewers, one button per allowed move; a missing comment is 422 in the section', async () => {
    const id = await send(lan, phuChau);
    const [haWeb, lanWeb] = [await webAs(t.app, people.managerHa), await webAs(t.app, people.evaluatorLan)];
    const page = await (await haWeb.get(`/submissions/${id}`)).text();
    expect(page).toContain('id="review"');
    expect(page).toContain('data-review-state="received"');
    for (const to of ['approved', 'has_issues', 'rejected', 'removed']) expect(page).toContain(`name="status" value="${to}"`);
    const refused = await postForm(haWeb, `/submissions/${id}/review`, [['status', 'has_issues'], ['from', 'received'], ['comment', '']]);
    expect(refused.status).toBe(422);
    const fragment = await refused.text();
    expect(fragment).toContain('Cần sửa');
    expect(fragment).not.toContain('<html');
    const done = await postForm(haWeb, `/submissions/${id}/review`, [['status', 'has_issues'], ['from', 'received'], ['comment', 'Thiếu số điện thoại']]);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('data-review-state="has_issues"');
    // The evaluator sees the state and why, without the controls.
    const hers = await (await lanWeb.get(`/submissions/${id}`)).text();
    expect(hers).toContain('data-review-state="has_issues"');
    expect(hers).toContain('Thiếu số điện thoại');
    expect(hers).not.toContain('name="status" value="approved"');
    expect((await postForm(lanWeb, `/submissions/${id}/review`, [['status', 'approved']])).status).toBe(403);
    // A page opened before that change: 409 with the current state; without htmx a change answers 303.
    const stale = await postForm(haWeb, `/submissions/${id}/review`, [['status', 'approved'], ['from', 'received']]);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('data-review-state="has_issues"');
    const plain = await postForm(haWeb, `/submissions/${id}/review`, [['status', 'approved'], ['from', 'has_issues']], false);
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe(`/submissions/${id}`);
    expect((await submissionById(t.db, id))!.reviewState).toBe('approved');
  });

  it('the round page lists submissions by state with counts, approves the checked ones and shows review progress', async () => {
    const fresh = await freshApp();
    const l = await apiAs(fresh.app, people.evaluatorLan);
    const h = await apiAs(fresh.app, people.managerHa);
    const ids = [await send(l, phuChau), await send(l, phuChau), await send(l, phuChau), await send(l, phuChau)];
    expect((await review(h, ids[3], { status: 'rejected', comment: 'trùng' })).status).toBe(201);
    const post = (as: Web, path: string, fields: [string, string][]) => postForm(as, path, fields, true, fresh.app);
    {
      const haWeb = await webAs(fresh.app, people.managerHa);
      const page = await (await haWeb.get(`/rounds/${phuChau.round}`)).text();
      expect(page).toContain('data-filter="received"');
      expect(page).toMatch(/data-filter="received"[^>]*>[^<]*<span class="count">\(3\)/);
      expect(page).toMatch(/id="review-progress">[^<]*1\/4|Đã duyệt 1\/4/);
      expect(page.match(/type="checkbox" name="ids"/g)).toHaveLength(3);
      const rejected = await (await haWeb.get(`/rounds/${phuChau.round}?status=rejected`, { 'hx-request': 'true' })).text();
      expect(rejected.match(/data-submission=/g)).toHaveLength(1);
      expect(rejected).toContain(ids[3]);
      const approve = await post(haWeb, `/rounds/${phuChau.round}/approve`, [['status', 'all'], ['ids', ids[0]], ['ids', ids[1]]]);
      expect(approve.status).toBe(200);
      const after = await approve.text();
      expect(after).toContain('Đã duyệt 2 phiếu.');
      expect(after).toMatch(/data-filter="approved"[^>]*>[^<]*<span class="count">\(2\)/);
      expect((await submissionById(fresh.db, ids[0]))!.reviewState).toBe('approved');
      expect((await post(haWeb, `/rounds/${phuChau.round}/approve`, [['status', 'all']])).status).toBe(422);
      // The evaluator's list: her own, no checkboxes, no approve button.
      const lanWeb = await webAs(fresh.app, people.evaluatorLan);
      const hers = await (await lanWeb.get(`/rounds/${phuChau.round}`)).text();
      expect(hers).not.toContain('name="ids"');
      expect((await post(lanWeb, `/rounds/${phuChau.round}/approve`, [['ids', ids[2]]])).status).toBe(403);
      // Rejected submissions do not count as collected: 3 of the round's sample.
      expect(page).toMatch(/<span class="progress"[^>]*>[\s\S]*?3 \/ /);
      // Closing asks first, saying how many still wait for review.
      const closing = await post(haWeb, `/rounds/${phuChau.round}/status`, [['status', 'closed']]);
      expect(closing.status).toBe(200);
      expect(await closing.text()).toContain('Còn 1 phiếu chưa được duyệt');
    }
  });
});

describe('what counts on the pages', () => {
  it('managers and admins switch between received-and-approved and approved only, keeping the other filters; sponsors are told they read approved only', async () => {
    const fresh = await freshApp();
    const a = await apiAs(fresh.app, people.admin);
    const ids = [];
    for (let i = 0; i < 14; i++) ids.push(await send(a, yenBai, i % 2 === 0 ? 1 : 0));
    for (const id of ids.slice(0, 10)) expect((await review(a, id, { status: 'approved' })).status).toBe(201);
    const [adminWeb, sponsorWeb] = [await webAs(fresh.app, people.admin), await webAs(fresh.app, people.sponsorWorldVision)];
    const yenBaiRow = (html: string) => /<tr data-model="yb-service-pilot">[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';

    const overview = await (await adminWeb.get('/programme?round=midterm')).text();
    expect(overview).toMatch(/<select name="counted"[^>]*>\s*<option value="received" selected/);
    expect(overview).toContain('data-counted="received"');
    expect(yenBaiRow(overview)).toContain('n = 14 hộ');
    const approvedOnly = await (await adminWeb.get('/programme?round=midterm&counted=approved', { 'hx-request': 'true' })).text();
    expect(approvedOnly).toContain('data-counted="approved"');
    expect(approvedOnly).toContain('Đang xem: Chỉ đã duyệt');
    expect(yenBaiRow(approvedOnly)).toContain('n = 10 hộ');
    const fullPage = await (await adminWeb.get('/programme?round=midterm&counted=approved')).text();
    expect(fullPage).toMatch(/<option value="approved" selected/);
    expect(fullPage).toMatch(/<option value="midterm" selected/);

    const sponsors = await (await sponsorWeb.get('/programme?round=midterm&counted=received')).text();
    expect(sponsors).not.toContain('name="counted"');
    // The demo sponsor reads English.
    expect(sponsors).toContain('Figures count approved submissions only.');
    expect(yenBaiRow(sponsors)).toContain('n = 10 households');

    // The round's progress on the model page counts each received or approved submission once (14), whichever basis is shown.
    const midterm = (html: string) => /<a href="\/rounds\/yb-service-pilot-midterm">[\s\S]*?<\/li>/.exec(html)?.[0] ?? '';
    expect(midterm(await (await adminWeb.get('/models/yb-service-pilot')).text())).toMatch(/>14 \/ /);
    expect((await review(a, ids[11], { status: 'has_issues', comment: 'sửa' })).status).toBe(201);
    expect(midterm(await (await adminWeb.get('/models/yb-service-pilot')).text())).toMatch(/>13 \/ /);
    const model = await (await adminWeb.get('/models/yb-service-pilot?counted=approved&by=sex')).text();
    expect(model).toContain('data-counted="approved"');
    expect(model).toMatch(/<option value="sex" selected/);
    expect(model).toMatch(/<option value="approved" selected/);
    expect(await (await sponsorWeb.get('/models/yb-service-pilot')).text()).toContain('Figures count approved submissions only.');

    const rollup = await (await adminWeb.get('/programme/rollup?round=midterm&counted=approved')).text();
    expect(rollup).toContain('data-counted="approved"');
    expect(rollup).toMatch(/<option value="approved" selected/);
    expect(await (await sponsorWeb.get('/programme/rollup?round=midterm')).text()).toContain('Figures count approved submissions only.');
  });
});
