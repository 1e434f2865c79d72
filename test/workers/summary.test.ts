/**
 * The sponsor summary's "data as of" on Workers + D1 (queries/summary.ts): plain SQL reading each round backwards
 * on submissions_round_received (INDEXED BY), the rounds and review states as JSON arrays.
 */
import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import type { Db } from '../../src/db';
import { dataAsOf } from '../../src/queries/summary';

describe('data as of, on D1', () => {
  it('is the last counted submission received or registered figure entered, in the basis’s review states', async () => {
    const db = drizzle(env.DB, { schema }) as unknown as Db;
    const sent = [
      ['as-of-1', 'as-of-round', '2020-11-10T08:00:00.000Z', 'approved'],
      ['as-of-2', 'as-of-round', '2020-11-12T08:00:00.000Z', 'received'],
      ['as-of-3', 'as-of-other', '2020-11-11T08:00:00.000Z', 'approved'],
    ];
    for (const [id, round, at, state] of sent) {
      await env.DB.prepare("INSERT INTO submissions (id, round_id, commune_id, instrument_slug, instrument_version, evaluator_id, answers, content_hash, received_at, review_state) VALUES (?, ?, 902, 'household', 1, 1, '{}', 'h', ?, ?)")
        .bind(id, round, at, state)
        .run();
    }
    expect(await dataAsOf(db, ['as-of-round', 'as-of-other'], 'approved')).toBe('2020-11-11T08:00:00.000Z');
    expect(await dataAsOf(db, ['as-of-round', 'as-of-other'], 'received')).toBe('2020-11-12T08:00:00.000Z');
    expect(await dataAsOf(db, ['as-of-none'], 'approved')).toBeNull();
    await env.DB.prepare("INSERT INTO registered_counts (round_id, commune_id, figure, value, source, as_of, updated_at) VALUES ('as-of-other', 902, 'csc_total', 10, 'test', '2020-11-01', '2020-11-20T08:00:00.000Z')").run();
    expect(await dataAsOf(db, ['as-of-round', 'as-of-other'], 'approved')).toBe('2020-11-20T08:00:00.000Z');
  });
});
