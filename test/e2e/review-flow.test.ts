/**
 * Issue 13's flow in real Chromium: a manager (1280 px) sends a submission back with a comment from its page;
 * the evaluator (a 360 px phone) sees it on the home page and in the field bar, goes offline, opens it from the
 * offline kit, corrects it in the form with a reason, and syncs when back online (a PUT with its baseRevision);
 * the manager sees the change old → new and approves it; the sponsor's figure moves only then. And a
 * correction made offline on a revision someone corrected since is refused on sync (409), kept with the
 * server's message, and made again from its page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { submissionById } from '../../src/queries/submissions';
import { apiAs, people } from '../support/app';
import { goToSurveyPage, launchChromium, openProfile, signIn, startServer, surveyReady } from '../support/browser';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const rng = seededRng(1313);
const round = 'hn-phu-chau-midterm';

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function firstPage(context: BrowserContext): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  if (process.env.DEBUG_E2E) {
    page.on('console', (m) => console.log('console:', m.text()));
    page.on('pageerror', (e) => console.log('pageerror:', e.message));
  }
  return page;
}

/** The choice a question of the reporting step (2) shows, on that step of the form. */
async function shownChoice(page: Page, name: string) {
  await goToSurveyPage(page, 2);
  return page.locator(`#survey [data-name="${name}"] input:checked`).getAttribute('value');
}

/** Answers on the reporting step as a person does, tapping each choice, then goes to the last step to save. */
async function answer(page: Page, choices: Record<string, string>) {
  await goToSurveyPage(page, 2);
  for (const [name, value] of Object.entries(choices)) await page.locator(`#survey [data-name="${name}"] label:has(input[value="${value}"])`).click();
  await goToSurveyPage(page, -1);
}

/** Households counted in the sponsor's caregivers-know-111 for Phú Châu's midterm (approved ones only for a sponsor). */
async function sponsorFigure(sponsor: Awaited<ReturnType<typeof apiAs>>) {
  const res = await sponsor.get(`/api/v1/models/hn-phu-chau/indicators?round=midterm&indicator=caregivers-know-111`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { counted: string; indicators: { rounds: { suppressed: boolean; n?: number; numerator?: number }[] }[] };
  expect(body.counted).toBe('approved');
  const r = body.indicators[0].rounds[0];
  expect(r.suppressed).toBe(false);
  return { n: r.n, numerator: r.numerator };
}

describe('review and correction', { timeout: 180_000 }, () => {
  it('sent back with a comment, corrected offline by the evaluator, seen old → new and approved; the sponsor’s figure moves only then', async () => {
    // The sponsor reaches Phú Châu too (an admin gives it), and Lan sends a household that does not know 111.
    const [admin, lan, sponsor] = await Promise.all([apiAs(server.app, people.admin), apiAs(server.app, people.evaluatorLan), apiAs(server.app, people.sponsorWorldVision)]);
    const { users } = (await (await admin.get('/api/v1/users')).json()) as { users: { id: number; email: string }[] };
    const sponsorId = users.find((u) => u.email === people.sponsorWorldVision)!.id;
    const put = await server.app.request(`/api/v1/users/${sponsorId}/scope`, { method: 'PUT', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ models: ['yb-service-pilot', 'hn-phu-chau'], programmes: [] }) });
    expect(put.status).toBe(200);
    // Ten households already approved, five knowing 111 and five not, so that the sponsor's figure is shown
    // (no side of it a small count, domain/disclosure.ts).
    for (let i = 0; i < 10; i++) {
      const earlier = crypto.randomUUID();
      const knows = { ...householdAnswers(rng, { knows111Rate: 0.5 }), knows_111: i < 5 ? 'yes' : 'no' };
      expect((await lan.post('/api/v1/submissions', { id: earlier, round, commune: '09649', instrument: 'household', version: 1, answers: knows })).status).toBe(201);
      expect((await admin.post(`/api/v1/submissions/${earlier}/reviews`, { status: 'approved' })).status).toBe(201);
    }
    const answers = { ...householdAnswers(rng, { knows111Rate: 0 }), knows_111: 'no' };
    const id = crypto.randomUUID();
    expect((await lan.post('/api/v1/submissions', { id, round, commune: '09649', instrument: 'household', version: 1, answers })).status).toBe(201);
    const before = await sponsorFigure(sponsor);

    // Lan's phone, online: the service worker and her offline kit.
    const lanContext = await openProfile();
    const phone = await firstPage(lanContext);
    await signIn(phone, server.url, people.evaluatorLan);
    await phone.goto(`${server.url}/rounds/${round}/survey/household`);
    await phone.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await phone.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 });

    // The manager, at a desk, sends it back from the submission page with a comment.
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const manager = await desk.newPage();
    await signIn(manager, server.url, people.managerHa);
    await manager.goto(`${server.url}/submissions/${id}`);
    await manager.locator('#review textarea[name="comment"]').fill('Hộ nói có biết 111: hỏi lại');
    await manager.locator('#review').getByRole('button', { name: 'Gửi lại để sửa' }).click();
    await manager.waitForSelector('#review [data-review-state="has_issues"]');

    // Lan opens her home page while online: the submission to correct, with the comment; the kit takes its page.
    await phone.goto(server.url + '/');
    await expect(phone.locator(`#issues [data-issue="${id}"]`).innerText()).resolves.toContain('Hộ nói có biết 111: hỏi lại');
    const editPath = `/submissions/${id}/edit`;
    await phone.waitForFunction(
      async (path) => {
        for (const name of await caches.keys()) if (name.startsWith('moc-kit-') && (await (await caches.open(name)).match(path))) return true;
        return false;
      },
      editPath,
      { timeout: 20_000, polling: 250 },
    );

    // Offline: the home page and the field bar from the kit, the correction page, the form prefilled.
    await lanContext.setOffline(true);
    await phone.goto(server.url + '/');
    await expect(phone.locator(`#issues [data-issue="${id}"]`).innerText()).resolves.toContain('hỏi lại');
    await expect.poll(() => phone.locator(`#field-bar [data-field="issues"] [data-issue="${id}"]`).count()).toBe(1);
    await phone.locator(`#issues [data-issue="${id}"]`).getByRole('link').click();
    await phone.waitForURL(`**${editPath}`);
    await surveyReady(phone);
    expect(await shownChoice(phone, 'knows_111')).toBe('no');
    await expect(phone.locator('[data-comment]').innerText()).resolves.toContain('hỏi lại');
    await phone.fill('#reason', 'Gặp lại chủ hộ: có biết 111');
    await answer(phone, { knows_111: 'yes' });
    await phone.getByRole('button', { name: 'Lưu bản sửa' }).click();
    await expect.poll(() => phone.locator('#survey-status').innerText()).toContain('hàng chờ');
    await expect.poll(async () => Number(await phone.locator('#field-bar').getAttribute('data-waiting'))).toBe(1);
    expect((await submissionById(server.db, id))!.contentRevision).toBe(1);
    // Nothing wider than the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Back online: the queue sends the correction (PUT with baseRevision 1).
    const puts: string[] = [];
    phone.on('request', (r) => {
      if (r.method() === 'PUT') puts.push(r.url());
    });
    await lanContext.setOffline(false);
    await expect.poll(async () => Number(await phone.locator('#field-bar').getAttribute('data-waiting')), { timeout: 30_000 }).toBe(0);
    expect(puts).toEqual([`${server.url}/submissions/${id}`]);
    const row = (await submissionById(server.db, id))!;
    expect({ revision: row.contentRevision, state: row.reviewState, knows: JSON.parse(row.answers).knows_111 }).toEqual({ revision: 2, state: 'received', knows: 'yes' });
    expect(await sponsorFigure(sponsor)).toEqual(before);

    // The manager sees the change old → new, and approves.
    await manager.goto(`${server.url}/submissions/${id}`);
    const change = manager.locator('#revisions tr[data-question="knows_111"]');
    await expect(change.locator('[data-old]').innerText()).resolves.toBe('Không');
    await expect(change.locator('[data-new]').innerText()).resolves.toBe('Có');
    await expect(manager.locator('#revisions [data-reason]').innerText()).resolves.toBe('Gặp lại chủ hộ: có biết 111');
    await manager.locator('#review').getByRole('button', { name: 'Duyệt', exact: true }).click();
    await manager.waitForSelector('#review [data-review-state="approved"]');
    const after = await sponsorFigure(sponsor);
    expect(after).toEqual({ n: before.n! + 1, numerator: before.numerator! + 1 });

    await desk.close();
    await lanContext.close();
  });

  it('a manager corrects in the form (a reason required, the server’s 422 shown); an offline correction of an older revision is refused on sync, kept with the message, and made again', async () => {
    const [ha, lan] = await Promise.all([apiAs(server.app, people.managerHa), apiAs(server.app, people.evaluatorLan)]);
    const answers = { ...householdAnswers(rng, { knows111Rate: 0 }), knows_111: 'no', would_report: 'yes' };
    const id = crypto.randomUUID();
    expect((await lan.post('/api/v1/submissions', { id, round, commune: '09649', instrument: 'household', version: 1, answers })).status).toBe(201);
    expect((await ha.post(`/api/v1/submissions/${id}/reviews`, { status: 'has_issues', comment: 'Kiểm tra câu 111' })).status).toBe(201);

    // Lan, online then offline, corrects revision 1 and queues it.
    const lanContext = await openProfile();
    const phone = await firstPage(lanContext);
    await signIn(phone, server.url, people.evaluatorLan);
    await phone.goto(`${server.url}/rounds/${round}/survey/household`);
    await phone.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await phone.waitForSelector('#field-bar[data-offline-ready="true"]', { state: 'attached', timeout: 15_000 });
    await phone.goto(server.url + '/');
    const editPath = `/submissions/${id}/edit`;
    await phone.waitForFunction(
      async (path) => {
        for (const name of await caches.keys()) if (name.startsWith('moc-kit-') && (await (await caches.open(name)).match(path))) return true;
        return false;
      },
      editPath,
      { timeout: 20_000, polling: 250 },
    );
    await lanContext.setOffline(true);
    await phone.goto(server.url + editPath);
    await surveyReady(phone);
    await phone.fill('#reason', 'Sửa khi ngoại tuyến');
    await answer(phone, { knows_111: 'unsure' });
    await phone.getByRole('button', { name: 'Lưu bản sửa' }).click();
    await expect.poll(async () => Number(await phone.locator('#field-bar').getAttribute('data-waiting'))).toBe(1);

    // Meanwhile the manager corrects it in the form: without a reason nothing is sent.
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const manager = await desk.newPage();
    await signIn(manager, server.url, people.managerHa);
    await manager.goto(`${server.url}/submissions/${id}`);
    await manager.locator('#revisions [data-correct]').click();
    await manager.waitForURL(`**${editPath}`);
    await surveyReady(manager);
    expect(await shownChoice(manager, 'knows_111')).toBe('no');
    await answer(manager, { would_report: 'no', reason_not_report: 'fear' });
    await manager.getByRole('button', { name: 'Lưu bản sửa' }).click();
    await expect.poll(() => manager.locator('#survey-status').innerText()).toBe('Hãy ghi lý do sửa.');
    expect((await submissionById(server.db, id))!.contentRevision).toBe(1);
    await manager.fill('#reason', 'Gọi lại: hộ sẽ không báo tin');
    // An answer the server refuses (a checkbox answered with a text, which no form sends: changed on its way): its
    // 422 message on the page, nothing stored.
    const record = `**/submissions/${id}`;
    await manager.route(record, async (route) => {
      const sent = JSON.parse(route.request().postData() ?? '{}');
      await route.continue({ postData: JSON.stringify({ ...sent, answers: { ...sent.answers, reason_not_report: 'Sợ bị phiền phức' } }) });
    });
    await manager.getByRole('button', { name: 'Lưu bản sửa' }).click();
    await expect.poll(() => manager.locator('#survey-status').innerText()).toContain('reason_not_report');
    expect((await submissionById(server.db, id))!.contentRevision).toBe(1);
    await manager.unroute(record);
    await goToSurveyPage(manager, -1); // the form answers ['fear'], as typed
    await Promise.all([manager.waitForURL(`${server.url}/submissions/${id}`), manager.getByRole('button', { name: 'Lưu bản sửa' }).click()]);
    await expect(manager.locator('#revisions tr[data-question="would_report"] [data-new]').innerText()).resolves.toBe('Không');
    expect((await submissionById(server.db, id))!).toMatchObject({ contentRevision: 2, reviewState: 'has_issues' });

    // Lan back online: her correction of revision 1 is refused (409), kept with the server's message.
    await lanContext.setOffline(false);
    await expect.poll(async () => Number(await phone.locator('#field-bar').getAttribute('data-rejected')), { timeout: 30_000 }).toBe(1);
    const refused = phone.locator('#field-bar [data-field="rejected-list"] li[data-status="409"]');
    await expect(refused.innerText()).resolves.toContain('vừa được người khác duyệt hoặc sửa');
    expect(JSON.parse((await submissionById(server.db, id))!.answers).knows_111).toBe('no');

    // From the refusal she opens the page again: the stored answers of revision 2, corrected and sent.
    await Promise.all([phone.waitForURL(`**${editPath}`), refused.getByRole('link').click()]);
    await surveyReady(phone);
    await expect(phone.locator('[data-base-revision]').innerText()).resolves.toBe('2');
    expect(await shownChoice(phone, 'would_report')).toBe('no');
    await phone.fill('#reason', 'Sửa lại theo bản mới');
    await answer(phone, { knows_111: 'unsure' });
    await Promise.all([phone.waitForURL(`${server.url}/submissions/${id}`), phone.getByRole('button', { name: 'Lưu bản sửa' }).click()]);
    expect((await submissionById(server.db, id))!).toMatchObject({ contentRevision: 3, reviewState: 'received' });
    await expect.poll(async () => Number(await phone.locator('#field-bar').getAttribute('data-rejected'))).toBe(0);
    // The record's history at 360 px: two corrections, nothing wider than the phone.
    await expect(phone.locator('#revisions article.revision').count()).resolves.toBe(2);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await desk.close();
    await lanContext.close();
  });
});
