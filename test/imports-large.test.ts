/**
 * Imports in slices (issue 16, part 5) on Node: the file test/workers/imports-large.test.ts imports on D1 gets
 * the same answers here in Node's slices of 10, and an import in D1's slices of 100 answers, stores and counts
 * exactly as sending its items one by one would; an id another request stores while the import's slice waits is answered as that request's replay.
 */
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { submissions, users } from '../db/schema';
import { maxBackupItems } from '../src/domain/backup';
import { AppError } from '../src/domain/errors';
import { householdAnswers, seededRng } from '../src/domain/synthetic-answers';
import { scopeOf } from '../src/queries/scope';
import { ImportSlices } from '../src/workflows/import-slice';
import { checkSubmission, ingestSubmission } from '../src/workflows/ingest';
import { apiAs, freshApp } from './support/app';
import { keptState, lan, largeImport } from './support/large-import';

type Report = { results: { id: string; status: number; code?: string }[]; stored: number; alreadyThere: number; refused: number };

const allRows = (t: Awaited<ReturnType<typeof freshApp>>) => t.db.select().from(submissions).orderBy(asc(submissions.id));

describe('a large import on Node', () => {
  it('answers the 5,000-item file as on Workers (slices of 10 here, of 100 there)', async () => {
    const { file, sentBefore, expected } = largeImport(maxBackupItems);
    const t = await freshApp({ config: { importLimitBytes: 20 * 1024 * 1024 } });
    const api = await apiAs(t.app, lan);
    for (const item of sentBefore) expect((await api.post('/api/v1/submissions', { ...item, evaluator: undefined })).status).toBe(201);
    const res = await api.post('/api/v1/imports', file);
    expect(res.status).toBe(200);
    const report: Report = await res.json();
    expect(report.results.map((r) => r.status)).toEqual(expected);
    expect((await allRows(t)).length).toBe(expected.filter((x) => x === 201).length + sentBefore.length);
  });

  it('stores and counts what sending each item one by one stores and counts, and answers each item alike, in slices of 100 as on Workers', async () => {
    const { file, sentBefore } = largeImport(1000, 7);
    const [imported, sentOne] = [await freshApp({ config: { importSliceItems: 100 } }), await freshApp()];
    const [a, b] = [await apiAs(imported.app, lan), await apiAs(sentOne.app, lan)];
    for (const item of sentBefore) for (const api of [a, b]) expect((await api.post('/api/v1/submissions', { ...item, evaluator: undefined })).status).toBe(201);

    const report: Report = await (await a.post('/api/v1/imports', file)).json();
    const one: { status: number; code?: string }[] = [];
    for (const item of file.submissions) {
      const res = await b.post('/api/v1/submissions', { ...item, evaluator: undefined });
      one.push({ status: res.status, code: res.status >= 400 ? ((await res.json()) as { code: string }).code : undefined });
    }
    expect(report.results.map((r) => ({ status: r.status, code: r.code }))).toEqual(one);
    expect(await allRows(imported)).toEqual(await allRows(sentOne));
    expect(await keptState(imported.db)).toEqual(await keptState(sentOne.db));
  });

  it('answers an id that another request stored while the slice waited as that request’s replay, and the items that followed it', async () => {
    const t = await freshApp();
    const [lanRow] = await t.db.select().from(users).where(eq(users.email, lan));
    const actor = { id: lanRow.id, role: 'evaluator' as const, name: lanRow.name, email: lan };
    const ctx = { db: t.db, now: new Date('2026-11-20T09:00:00.000Z'), actor, scope: await scopeOf(t.db, actor), locale: 'en' as const };
    const item = { id: crypto.randomUUID(), round: 'hn-phu-chau-midterm', commune: '09649', instrument: 'household', version: 1, answers: householdAnswers(seededRng(3), { knows111Rate: 1 }) };
    const outcomes = new Map<number, number | string>();
    const slices = new ImportSlices(t.db, (index, outcome) => outcomes.set(index, outcome instanceof AppError ? outcome.code : outcome));
    await slices.readAhead([item, item]);
    for (const index of [0, 1]) await slices.take(index, (reads) => checkSubmission(ctx, item, reads));
    // The second item was answered against the first, still waiting.
    expect(outcomes).toEqual(new Map([[1, 200]]));
    // Another request stores the same id with other answers before the slice is stored.
    const other = { ...item, answers: { ...item.answers, household_number: 'khác-9' } };
    expect((await ingestSubmission(ctx, other)).status).toBe(201);
    await slices.store();
    expect(outcomes).toEqual(new Map([[0, 'conflict'], [1, 'conflict']]));
    expect(await t.db.select({ hash: submissions.contentHash }).from(submissions).where(eq(submissions.id, item.id))).toHaveLength(1);
  });
});
