/**
 * Instrument versions without code (issue 12, part 5): an upload is checked (survey-core loads it, names are
 * unique, indicator questions exist or are renamed, the validator compiles it), diffed against the previous
 * version, released once and never changed (409 for other content), stored in the database, and pinned to rounds.
 */
import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { instrumentDrafts, instruments, roundInstruments } from '../db/schema';
import { indicatorCatalogue } from '../src/domain/indicators';
import { checkInstrument, diffInstruments, indicatorQuestions, type InstrumentUpload, readUpload } from '../src/domain/instrument-release';
import { checkPins } from '../src/domain/rounds';
import { sha256Hex } from '../src/domain/crypto';
import { join } from 'node:path';
import { openNodeDb } from '../src/db-node';
import { receiveInstrument } from '../src/workflows/instruments';
import { apiAs, freshApp, people, webAs } from './support/app';
import { tempDir } from './support/temp';
import { findInstrument, surveyFile } from './support/instruments';

const v1 = findInstrument('household', 1)!;
const v2 = findInstrument('household', 2)!;
const renamed = { hotline_111: 'knows_111' };
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const upload = (json: Record<string, unknown>, more: Partial<InstrumentUpload> = {}): InstrumentUpload => ({ slug: 'household', version: 2, text: JSON.stringify(json), json, renamed, release: true, ...more });
const known = { previous: v1, indicators: indicatorCatalogue };

/** Household v2 with one more question and a changed choice list: a plausible v3. */
function householdV3() {
  const json = clone(v2.json) as { pages: { name: string; elements: Record<string, unknown>[] }[] };
  const reporting = json.pages.find((p) => p.name === 'reporting')!;
  reporting.elements.push({ type: 'boolean', name: 'knows_1800_1776', title: { default: 'Knows the 1800 1776 hotline', vi: 'Biết đường dây 1800 1776' } });
  const relation = json.pages[0].elements.find((e) => e.name === 'respondent_relation')!;
  (relation.choices as unknown[]).pop();
  return json;
}

describe('checks before release (pure)', () => {
  it('pass for household v2 with its renamed question, and the validator compiles it', () => {
    expect(checkInstrument(upload(v2.json), known, 'en')).toEqual({ problems: [], fallback: [] });
  });

  it('name an indicator question that is gone and not renamed', () => {
    const { problems } = checkInstrument(upload(v2.json, { renamed: {} }), known, 'en');
    expect(problems).toEqual([{ question: 'json.knows_111', message: expect.stringContaining('knows_111') }]);
    expect(indicatorQuestions(indicatorCatalogue, 'household')).toEqual(expect.arrayContaining(['knows_111', 'discipline', 'children', 'in_school', 'age']));
  });

  it('name duplicate question names, also inside a dynamic panel, with their paths', () => {
    const json = clone(v1.json) as { pages: { elements: { name: string; templateElements?: { name: string }[] }[] }[] };
    json.pages[0].elements[1].name = 'hamlet';
    const children = json.pages[1].elements[0];
    children.templateElements![1].name = 'age';
    const { problems } = checkInstrument(upload(json, { renamed: {} }), known, 'vi');
    const dupes = problems.filter((p) => p.message.startsWith('Tên câu hỏi bị trùng'));
    expect(dupes.map((p) => p.question)).toEqual(['json.pages[0].elements[1]', 'json.pages[1].elements[0].templateElements[1]']);
  });

  it('refuse what survey-core cannot load, a version that is not the next, a renamed question that is not there', () => {
    const json = clone(v2.json) as { pages: { elements: Record<string, unknown>[] }[] };
    json.pages[0].elements.push({ type: 'no-such-type', name: 'x' });
    const { problems } = checkInstrument(upload(json, { version: 4, renamed: { ...renamed, gone: 'knows_111' } }), known, 'en');
    expect(problems.map((p) => p.question)).toEqual(['version', 'json', 'renamed.gone']);
    expect(problems[0].message).toContain('v2');
    expect(problems[1].message).toContain('SurveyJS cannot load');
  });

  it('keep the questions that link a household across rounds under their names', () => {
    const json = clone(v2.json) as { pages: { elements: { name: string }[] }[] };
    json.pages[0].elements[0].name = 'village';
    const { problems } = checkInstrument(upload(json, { renamed: { ...renamed, village: 'hamlet' } }), known, 'en');
    expect(problems.map((p) => p.question)).toEqual(['json.hamlet']);
    expect(checkInstrument({ ...upload(clone(v1.json) as Record<string, unknown>, { renamed: {} }), slug: 'commune-checklist', version: 1 }, { previous: null, indicators: indicatorCatalogue }, 'en').problems.map((p) => p.question)).not.toContain('json.hamlet');
  });

  it('refuse renaming a question inside a dynamic panel (answers are renamed at the top level only)', () => {
    const json = clone(v2.json) as { pages: { elements: { name: string; templateElements?: { name: string }[] }[] }[] };
    json.pages[1].elements[0].templateElements![2].name = 'attends_school';
    const { problems } = checkInstrument(upload(json, { renamed: { ...renamed, attends_school: 'in_school' } }), known, 'en');
    expect(problems.map((p) => p.question)).toEqual(['renamed.attends_school', 'json.in_school']);
  });

  it('read an upload: broken JSON, a bad slug and version, a bad renamed map are refused; an object is written as the files are', () => {
    const broken = readUpload({ slug: 'Household!', version: 0, json: '{"pages": [', renamed: '[1]' }, 'en');
    expect(!broken.ok && broken.errors.map((e) => e.question)).toEqual(['slug', 'version', 'json', 'renamed']);
    expect(!broken.ok && broken.errors[2].message).toMatch(/^The instrument is not valid JSON: /);
    expect(readUpload({ slug: 'x1', version: 1, json: { title: 'no pages' } }, 'en')).toMatchObject({ ok: false, errors: [{ question: 'json' }] });
    const read = readUpload({ slug: 'household', version: '2', json: v2.json, renamed: JSON.stringify(renamed) }, 'en');
    expect(read.ok && sha256Hex(read.upload.text)).toBe(v2.hash);
    expect(read.ok && read.upload).toMatchObject({ version: 2, renamed, release: false });
    const marked = readUpload({ slug: 'household', version: 2, json: `\uFEFF${surveyFile('household.v2.json')}` }, 'en');
    expect(marked.ok && sha256Hex(marked.upload.text)).toBe(v2.hash);
  });
});

describe('diff (pure)', () => {
  it('household v1 → v2: hotline_111 renamed from knows_111, called_111 added, nothing removed', () => {
    const diff = diffInstruments(v1, v2);
    expect(diff.renamed).toEqual([{ from: 'knows_111', to: 'hotline_111' }]);
    expect(diff.added).toEqual(['called_111']);
    expect(diff.removed).toEqual([]);
  });

  it('shows choices added, removed and retitled, type and required changes', () => {
    const json = clone(v2.json) as { pages: { elements: Record<string, unknown>[] }[] };
    const relation = json.pages[0].elements.find((e) => e.name === 'respondent_relation')!;
    const choices = relation.choices as { value: string; text: unknown }[];
    const dropped = choices.pop()!;
    choices[0] = { ...choices[0], text: { default: 'Mother (birth)', vi: 'Mẹ đẻ' } };
    choices.push({ value: 'neighbour', text: 'Neighbour' });
    relation.isRequired = !relation.isRequired;
    const comments = json.pages[5].elements.find((e) => e.name === 'comments')!;
    comments.type = 'text';
    const diff = diffInstruments(v2, { json, renamed });
    expect(diff.choicesChanged).toEqual([{ name: 'respondent_relation', added: ['neighbour'], removed: [dropped.value], retitled: [{ value: choices[0].value, from: expect.any(String), to: 'Mother (birth)' }] }]);
    expect(diff.requiredChanged).toEqual([{ name: 'respondent_relation', from: !relation.isRequired, to: relation.isRequired }]);
    expect(diff.typeChanged).toEqual([{ name: 'comments', from: 'comment', to: 'text' }]);
    expect(diff.renamed).toEqual([]);
  });
});

describe('pins (pure)', () => {
  const released = [{ slug: 'household', version: 1 }, { slug: 'household', version: 2 }];
  it('take released versions not lower than pinned', () => {
    expect(checkPins([{ slug: 'household', version: 2 }], { released, pinned: [{ slug: 'household', version: 1 }] }, 'en')).toEqual({ ok: true, pins: [{ slug: 'household', version: 2 }] });
    const bad = checkPins([{ slug: 'household', version: 1 }, { slug: 'household', version: 3 }], { released, pinned: [{ slug: 'household', version: 2 }] }, 'en');
    expect(!bad.ok && bad.errors.map((e) => e.message)).toEqual([expect.stringContaining('lower'), expect.stringContaining('no such instrument version')]);
  });
});

describe('an installation without demo data', () => {
  it('has only the first versions; uploading surveys/household.v2.json with its renamed map releases it with the file\'s hash', async () => {
    const { db, close } = await openNodeDb(join(tempDir('moc-instruments-'), 'empty.sqlite'));
    try {
      expect((await db.select({ slug: instruments.slug, version: instruments.version }).from(instruments)).sort((a, b) => a.slug.localeCompare(b.slug))).toEqual([
        { slug: 'commune-checklist', version: 1 },
        { slug: 'household', version: 1 },
      ]);
      const ctx = { db, locale: 'en' as const, now: new Date('2026-12-01T00:00:00Z'), by: null };
      const released = await receiveInstrument(ctx, { slug: 'household', version: '2', json: surveyFile('household.v2.json'), renamed: '{ "hotline_111": "knows_111" }', release: true });
      expect(released).toMatchObject({ status: 201, released: true, hash: v2.hash, diff: { renamed: [{ from: 'knows_111', to: 'hotline_111' }] } });
      expect((await db.select().from(instruments).where(eq(instruments.version, 2)))[0].json).toBe(surveyFile('household.v2.json'));
    } finally {
      close();
    }
  });
});

describe('instruments in the database', () => {
  let t: Awaited<ReturnType<typeof freshApp>>;
  beforeAll(async () => {
    t = await freshApp();
  });
  const rows = async () => ({
    released: (await t.db.select({ n: count() }).from(instruments))[0].n,
    drafts: (await t.db.select({ n: count() }).from(instrumentDrafts))[0].n,
  });

  it('hold the first versions byte for byte (migration 0011) and household v2 as the demo seed released it', async () => {
    const stored = await t.db.select().from(instruments);
    for (const file of ['household.v1.json', 'commune-checklist.v1.json', 'household.v2.json']) {
      const [slug, version] = [file.split('.v')[0], Number(file.split('.v')[1].split('.')[0])];
      const row = stored.find((r) => r.slug === slug && r.version === version)!;
      expect(row.json, file).toBe(surveyFile(file));
      expect(row.hash, file).toBe(sha256Hex(surveyFile(file)));
    }
    expect(stored.find((r) => r.version === 2)).toMatchObject({ renamed: JSON.stringify(renamed), releasedBy: null });
    expect(stored.filter((r) => r.version === 1).every((r) => r.releasedBy === null)).toBe(true);
  });

  it('an admin uploads v3 as a draft (201, with the diff), again (200), then releases it (201), again (200); other content for v3 is a 409', async () => {
    const admin = await apiAs(t.app, people.admin);
    const body = { slug: 'household', version: 3, json: householdV3(), renamed };
    const draft = await admin.post('/api/v1/instruments', body);
    expect(draft.status).toBe(201);
    const drafted = (await draft.json()) as { released: boolean; draft: string; diff: { added: string[]; choicesChanged: { name: string }[] } };
    expect(drafted).toMatchObject({ released: false, diff: { added: ['knows_1800_1776'], choicesChanged: [{ name: 'respondent_relation' }] } });
    expect((await admin.post('/api/v1/instruments', body)).status).toBe(200);
    expect((await admin.get('/api/v1/instruments/household/3')).status).toBe(404); // a draft is not served

    const released = await admin.post('/api/v1/instruments', { ...body, release: true });
    expect(released.status).toBe(201);
    const result = (await released.json()) as { hash: string; released: boolean };
    expect(result.released).toBe(true);
    const served = await admin.get('/api/v1/instruments/household/3');
    expect(served.headers.get('etag')).toBe(`"${result.hash}"`);
    expect(await served.json()).toEqual(householdV3());

    expect((await admin.post('/api/v1/instruments', { ...body, release: true })).status).toBe(200);
    // The same content as text (the bytes differ, the JSON is the same): a replay too.
    expect((await admin.post('/api/v1/instruments', { ...body, json: JSON.stringify(householdV3()), release: true })).status).toBe(200);
    const before = await rows();
    const other = await admin.post('/api/v1/instruments', { ...body, json: { ...householdV3(), title: 'Changed' }, release: true });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: 'instrument_released' });
    expect(await rows()).toEqual(before);
    expect((await t.db.select().from(instruments).where(eq(instruments.version, 3)))[0].hash).toBe(result.hash);
  });

  it('422 with the problems listed, and nothing stored: duplicate names, a missing indicator question, broken JSON, a skipped version', async () => {
    const admin = await apiAs(t.app, people.admin);
    const before = await rows();
    const dupes = clone(v1.json) as { pages: { elements: { name: string }[] }[] };
    dupes.pages[0].elements[1].name = 'hamlet';
    const cases = [
      [{ slug: 'new-survey', version: 1, json: dupes }, 'json.pages[0].elements[1]'],
      [{ slug: 'household', version: 9, json: v2.json }, 'version'],
      [{ slug: 'household', version: 4, json: v2.json }, 'json.knows_111'],
      [{ slug: 'household', version: 4, json: '{"pages": [' }, 'json'],
    ] as const;
    for (const [body, question] of cases) {
      const res = await admin.post('/api/v1/instruments', { ...body, release: true });
      expect(res.status, question).toBe(422);
      const problem = (await res.json()) as { code: string; errors: { question: string; message: string }[] };
      expect(problem.code).toBe('invalid_instrument');
      expect(problem.errors.map((e) => e.question)).toContain(question);
    }
    expect(await rows()).toEqual(before);
  });

  it('403 for anyone but an admin uploading; managers list the versions with the rounds that pin them; evaluators may not list', async () => {
    const before = await rows();
    const manager = await apiAs(t.app, people.managerHa);
    expect((await manager.post('/api/v1/instruments', { slug: 'household', version: 4, json: householdV3(), renamed, release: true })).status).toBe(403);
    expect(await rows()).toEqual(before);
    const list = (await (await manager.get('/api/v1/instruments')).json()) as { instruments: { slug: string; version: number; pinnedBy: string[]; title: { en: string } }[] };
    const v2Row = list.instruments.find((i) => i.slug === 'household' && i.version === 2)!;
    expect(v2Row.pinnedBy).toContain('hn-phu-chau-final');
    // Only the rounds of the manager's own models: the Yên Bái pilot's are not theirs to see.
    const adminList = (await (await (await apiAs(t.app, people.admin)).get('/api/v1/instruments')).json()) as typeof list;
    expect(adminList.instruments.flatMap((i) => i.pinnedBy).some((id) => id.startsWith('yb-'))).toBe(true);
    expect(list.instruments.flatMap((i) => i.pinnedBy).filter((id) => !id.startsWith('hn-'))).toEqual([]);
    expect(v2Row.title.en).toBe('Caregiver household survey');
    expect((await (await apiAs(t.app, people.evaluatorLan)).get('/api/v1/instruments')).status).toBe(403);
  });

  it('a manager pins a newer released version to a running round (PATCH), and the survey page and offline kit then use it', async () => {
    const round = 'hn-phu-chau-midterm';
    const manager = await apiAs(t.app, people.managerHa);
    const patch = (body: unknown) => t.app.request(`/api/v1/rounds/${round}`, { method: 'PATCH', headers: { authorization: `Bearer ${manager.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const lan = await webAs(t.app, people.evaluatorLan);
    expect(await (await lan.get(`/rounds/${round}/survey/household`)).text()).toContain('"version":1');

    const pinsBefore = await t.db.select().from(roundInstruments).where(eq(roundInstruments.roundId, round));
    for (const bad of [[{ slug: 'household', version: 9 }], [{ slug: 'nothing', version: 1 }], []]) {
      expect((await patch({ instruments: bad })).status).toBe(422);
    }
    expect((await (await apiAs(t.app, people.evaluatorLan)).get('/api/v1/instruments')).status).toBe(403);
    expect(await t.db.select().from(roundInstruments).where(eq(roundInstruments.roundId, round))).toEqual(pinsBefore);

    const pinned = await patch({ instruments: [{ slug: 'household', version: 2 }] });
    expect(pinned.status).toBe(200);
    expect(await pinned.json()).toMatchObject({ status: 'open', instruments: [{ slug: 'commune-checklist', version: 1 }, { slug: 'household', version: 2 }] });
    expect(await (await lan.get(`/rounds/${round}/survey/household`)).text()).toContain('"version":2');
    const kit = (await (await lan.get('/field/kit.json')).json()) as { urls: string[] };
    // The kit lists each open round's survey page, then the instrument version it pins.
    expect(kit.urls[kit.urls.indexOf(`/rounds/${round}/survey/household`) + 1]).toBe('/instruments/household/v2.json');
    // Never back to a lower version.
    expect((await patch({ instruments: [{ slug: 'household', version: 1 }] })).status).toBe(422);
    // An evaluator may not pin.
    const evaluator = await apiAs(t.app, people.evaluatorLan);
    const refused = await t.app.request(`/api/v1/rounds/${round}`, { method: 'PATCH', headers: { authorization: `Bearer ${evaluator.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ instruments: [{ slug: 'household', version: 3 }] }) });
    expect([403, 404]).toContain(refused.status);
  });
});

describe('instrument pages', () => {
  let t: Awaited<ReturnType<typeof freshApp>>;
  beforeAll(async () => {
    t = await freshApp();
  });
  const postForm = (web: Awaited<ReturnType<typeof webAs>>, path: string, form: FormData | URLSearchParams) => {
    form.set('_csrf', web.csrf);
    return t.app.request(path, { method: 'POST', headers: { cookie: web.cookie }, body: form });
  };

  it('list the versions for admins (with the upload form) and managers (without), 403 for evaluators; linked from the header', async () => {
    const admin = await webAs(t.app, people.admin);
    const page = await (await admin.get('/instruments')).text();
    expect(page).toContain('data-version="household-v2"');
    expect(page).toContain('enctype="multipart/form-data"');
    expect(page).toContain('href="/instruments"');
    const manager = await webAs(t.app, people.managerHa);
    const seen = await manager.get('/instruments');
    expect(seen.status).toBe(200);
    expect(await seen.text()).not.toContain('enctype="multipart/form-data"');
    const lan = await webAs(t.app, people.evaluatorLan);
    expect((await lan.get('/instruments')).status).toBe(403);
    expect(await (await lan.get('/')).text()).not.toContain('href="/instruments"');
  });

  it('a refused upload comes back as the form with its messages (422), what was typed kept, nothing stored', async () => {
    const admin = await webAs(t.app, people.admin);
    const before = (await t.db.select({ n: count() }).from(instrumentDrafts))[0].n;
    const form = new URLSearchParams({ slug: 'household', version: '3', json: '{"pages": [', renamed: '' });
    const res = await postForm(admin, '/instruments', form);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('Nội dung phiếu không phải JSON hợp lệ');
    expect(html).toContain('{&quot;pages&quot;: [');
    expect((await t.db.select({ n: count() }).from(instrumentDrafts))[0].n).toBe(before);
  });

  it('an admin uploads a file, sees the checks and the diff, previews the draft and releases it; a manager may not', async () => {
    const admin = await webAs(t.app, people.admin);
    const form = new FormData();
    form.set('slug', 'household');
    form.set('version', '3');
    form.set('file', new File([JSON.stringify(householdV3(), null, 2)], 'household.v3.json', { type: 'application/json' }));
    form.set('renamed', JSON.stringify(renamed));
    const uploaded = await postForm(admin, '/instruments', form);
    expect(uploaded.status).toBe(303);
    const draftUrl = uploaded.headers.get('location')!;
    expect(draftUrl).toMatch(/^\/instruments\/drafts\/household-v3-[0-9a-f]{16}$/);
    expect(await (await admin.get('/instruments')).text()).toContain(`href="${draftUrl}"`);
    const draft = await (await admin.get(draftUrl)).text();
    expect(draft).toContain('data-checks="passed"');
    expect(draft).toContain('knows_1800_1776');
    expect(draft).toContain('v2 → v3');
    const preview = await admin.get(`${draftUrl}/preview`);
    expect(await preview.text()).toContain('/app/instrument-preview.js');
    expect(await (await admin.get(`${draftUrl}/json`)).json()).toEqual(householdV3());

    const manager = await webAs(t.app, people.managerHa);
    expect((await manager.get(draftUrl)).status).toBe(403);
    expect((await postForm(manager, `${draftUrl}/release`, new URLSearchParams())).status).toBe(403);
    expect((await t.db.select().from(instruments).where(eq(instruments.version, 3))).length).toBe(0);

    const released = await postForm(admin, `${draftUrl}/release`, new URLSearchParams());
    expect(released.status).toBe(303);
    expect(released.headers.get('location')).toBe('/instruments?released=household%20v3');
    const [row] = await t.db.select().from(instruments).where(eq(instruments.version, 3));
    expect(row).toMatchObject({ slug: 'household', releasedBy: expect.any(Number), renamed: JSON.stringify(renamed) });
    expect(await t.db.select().from(instrumentDrafts)).toEqual([]);
  });

  it("the round page lets its model's manager pin a newer released version (422 for a lower one)", async () => {
    const manager = await webAs(t.app, people.managerHa);
    const round = 'hn-me-linh-midterm';
    const page = await (await manager.get(`/rounds/${round}`)).text();
    expect(page).toContain('id="round-instruments"');
    const lower = await postForm(manager, `/rounds/${round}/instruments`, new URLSearchParams({ 'version:household': '2' }));
    expect(lower.status).toBe(303);
    const refused = await t.app.request(`/rounds/${round}/instruments`, {
      method: 'POST',
      headers: { cookie: manager.cookie, 'hx-request': 'true', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: manager.csrf, 'version:household': '1' }),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('thấp hơn phiên bản đợt đang dùng');
    const [pin] = await t.db.select().from(roundInstruments).where(eq(roundInstruments.roundId, round)).then((r) => r.filter((p) => p.slug === 'household'));
    expect(pin.version).toBe(2);
    const lan = await webAs(t.app, people.evaluatorLan);
    expect(await (await lan.get(`/rounds/${round}`)).text()).not.toContain('id="round-instruments"');
  });
});
