/**
 * Corrections on Workers + D1: one correction's guarded batch (the kept sums moved to the new answers, the
 * revision row and the audit entry written through statement() as INSERT … SELECT while the row is at its
 * revision, the household code kept in step) runs on D1; the same batch on a stale read writes nothing.
 */
import { env } from 'cloudflare:test';
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle } from 'drizzle-orm/d1';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import type { Db } from '../../src/db';
import { changedAnswers } from '../../src/domain/revisions';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { submissionAuditStatement } from '../../src/queries/audit';
import { householdCodeStatement, revisionRecordStatement } from '../../src/queries/revisions';
import { submissionById } from '../../src/queries/submissions';
import { changeStatements } from '../../src/workflows/aggregates';

describe('corrections on Workers with D1', () => {
  it('moves a submission to its corrected answers with its sums, revision row, audit entry and household code; a stale one writes nothing', async () => {
    const db = drizzle(env.DB, { schema }) as unknown as Db;
    const id = 'd1-correction-0001';
    const before = { ...householdAnswers(seededRng(6), { knows111Rate: 0 }), knows_111: 'no', hamlet: 'Thôn 1', household_number: '5' };
    await env.DB.prepare("INSERT INTO submissions (id, round_id, commune_id, instrument_slug, instrument_version, evaluator_id, answers, content_hash, received_at, revision) VALUES (?, 'd1-round-c', 7, 'household', 1, 61, ?, 'h1', '2026-11-20T08:00:00.000Z', 0)")
      .bind(id, JSON.stringify(before))
      .run();
    const correct = async (answers: Record<string, unknown>, hash: string) => {
      const row = (await submissionById(db, id))!;
      const change = changeStatements(db, row, { answers: JSON.stringify(answers), contentHash: hash, contentRevision: row.contentRevision + 1 }, {});
      const changes = changedAnswers(JSON.parse(row.answers), answers);
      const at = '2026-11-20T09:00:00.000Z';
      return (stale: boolean) =>
        db.batch([
          change.check,
          ...change.counting,
          revisionRecordStatement(db, change.guard, { submissionId: id, revision: row.contentRevision + 1, changes, reason: stale ? 'stale' : 'Gọi lại', revisedBy: 60, revisedAt: at }),
          submissionAuditStatement(db, change.guard, { at, userId: 60, address: '203.0.113.7', action: 'submission.edit', detail: { revision: row.contentRevision + 1 } }),
          householdCodeStatement(db, change.guard, `07|thôn 1|${String(answers.household_number)}`),
          change.update,
        ] as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
    };
    const first = await correct({ ...before, knows_111: 'yes', household_number: '6' }, 'h2');
    const stale = await correct({ ...before, knows_111: 'unsure' }, 'h3');
    const [still] = await first(false);
    expect(still).toHaveLength(1);
    const [none] = await stale(true);
    expect(none).toHaveLength(0);

    const row = (await submissionById(db, id))!;
    expect({ revision: row.contentRevision, hash: row.contentHash, code: row.householdCode, knows: JSON.parse(row.answers).knows_111 }).toEqual({ revision: 2, hash: 'h2', code: '07|thôn 1|6', knows: 'yes' });
    const rows = await env.DB.prepare('SELECT revision, reason, changes FROM submission_revisions WHERE submission_id = ?').bind(id).all();
    expect(rows.results).toEqual([{ revision: 2, reason: 'Gọi lại', changes: JSON.stringify([{ question: 'household_number', old: '5', new: '6' }, { question: 'knows_111', old: 'no', new: 'yes' }]) }]);
    const audit = await env.DB.prepare('SELECT action, object_id FROM audit_log WHERE object_id = ?').bind(id).all();
    expect(audit.results).toEqual([{ action: 'submission.edit', object_id: id }]);
    const sums = await env.DB.prepare("SELECT basis, numerator, denominator FROM indicator_aggregates WHERE round_id = 'd1-round-c' AND indicator_id = 'caregivers-know-111' AND dimension = 'all'").all();
    expect(sums.results).toEqual([{ basis: 'received', numerator: 1, denominator: 1 }]);
  });
});
