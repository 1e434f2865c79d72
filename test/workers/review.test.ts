/**
 * Review on Workers + D1: one review's guarded batch (the kept sums moved between bases, the history row and
 * the audit entry written through statement() as INSERT … SELECT while the row is at its revision) runs on D1,
 * and a review based on a stale read writes nothing (409).
 */
import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import type { Db } from '../../src/db';
import { everything } from '../../src/domain/access';
import { receivedIndicator } from '../../src/domain/aggregates';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { submissionById } from '../../src/queries/submissions';
import { applyReview } from '../../src/workflows/review';

describe('review on Workers with D1', () => {
  it('moves a submission with its sums, history and audit entry in one guarded batch; a stale review is 409', async () => {
    const db = drizzle(env.DB, { schema }) as unknown as Db;
    const id = 'd1-review-0001';
    const answers = JSON.stringify(householdAnswers(seededRng(5), { knows111Rate: 1 }));
    await env.DB.prepare("INSERT INTO submissions (id, round_id, commune_id, instrument_slug, instrument_version, evaluator_id, answers, content_hash, received_at) VALUES (?, 'd1-round', 7, 'household', 1, 61, ?, 'h', '2026-11-20T08:00:00.000Z')")
      .bind(id, answers)
      .run();
    const row = (await submissionById(db, id))!;
    const ctx = { db, actor: { id: 60, role: 'admin' as const, name: 'Hoa', email: 'hoa@d1.example' }, scope: everything, locale: 'en' as const, now: new Date('2026-11-20T09:00:00.000Z'), address: '203.0.113.7' };

    expect(await applyReview(ctx, row, { to: 'approved', comment: null })).toMatchObject({ id, status: 'approved', previous: 'received' });
    await expect(applyReview(ctx, row, { to: 'rejected', comment: 'late' })).rejects.toMatchObject({ code: 'review_stale', status: 409 });

    expect((await submissionById(db, id))!.reviewState).toBe('approved');
    const sums = await env.DB.prepare("SELECT basis, n FROM indicator_aggregates WHERE round_id = 'd1-round' AND indicator_id = ? AND dimension = 'all' ORDER BY basis").bind(receivedIndicator).all();
    expect(sums.results).toEqual([
      { basis: 'approved', n: 1 },
      { basis: 'received', n: 1 },
    ]);
    const history = await env.DB.prepare('SELECT from_state, state, reviewed_by FROM submission_reviews WHERE submission_id = ?').bind(id).all();
    expect(history.results).toEqual([{ from_state: 'received', state: 'approved', reviewed_by: 60 }]);
    const audit = await env.DB.prepare("SELECT action, object_type, object_id, address, user_id FROM audit_log WHERE object_id = ?").bind(id).all();
    expect(audit.results).toEqual([{ action: 'submission.review', object_type: 'submission', object_id: id, address: '203.0.113.7', user_id: 60 }]);
  });
});
