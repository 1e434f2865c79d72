/**
 * Exports on Workers + D1: the keyset pages (received_at, id; plain SQL with the states as a JSON array), the
 * names read once, and the row counts (json_array_length over a repeat) run on D1, and a CSV streams out of a Web ReadableStream in the Worker's runtime.
 */
import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';
import type { Db } from '../../src/db';
import { submissionTables } from '../../src/domain/exports';
import { householdAnswers, seededRng } from '../../src/domain/synthetic-answers';
import { exportCounts, type ExportCursor, exportNames, exportPage } from '../../src/queries/exports';
import { csvStream } from '../../src/workflows/exports';
import householdV1 from '../../surveys/household.v1.json';

describe('exports on Workers with D1', () => {
  it('pages by (received_at, id) without skipping ties, counts the children, and streams CSV', async () => {
    const db = drizzle(env.DB, { schema }) as unknown as Db;
    await env.DB.prepare("INSERT INTO places (id, code, level, name_vi, name_en, valid_from) VALUES (901, '99901', 'commune', 'Xã Thử', 'Test commune', '2000-01-01')").run();
    await env.DB.prepare("INSERT INTO users (id, email, name, password_hash, role) VALUES (901, 'lan@export.example', 'Lan', 'x', 'evaluator')").run();
    const rng = seededRng(9);
    const sent: { id: string; at: string; state: string; children: number }[] = [];
    for (let i = 0; i < 7; i++) {
      const answers = householdAnswers(rng, { knows111Rate: 0.5 });
      // Three share one instant: the id breaks the tie.
      const at = i < 3 ? '2026-11-20T08:00:00.000Z' : `2026-11-20T08:0${i}:00.000Z`;
      const state = i === 5 ? 'removed' : 'received';
      sent.push({ id: `exp-${i}`, at, state, children: (answers.children as unknown[]).length });
      await env.DB.prepare("INSERT INTO submissions (id, round_id, commune_id, instrument_slug, instrument_version, evaluator_id, answers, content_hash, received_at, review_state) VALUES (?, 'exp-round', 901, 'household', 1, 901, ?, 'h', ?, ?)")
        .bind(`exp-${i}`, JSON.stringify(answers), at, state)
        .run();
    }
    const filter = { roundId: 'exp-round', instrument: 'household', states: ['received', 'approved'] as const };
    const seen: string[] = [];
    let after: ExportCursor = null;
    for (;;) {
      const page = await exportPage(db, filter, after, 2);
      seen.push(...page.map((r) => r.id));
      if (page.length < 2) break;
      after = { receivedAt: page[1].receivedAt, id: page[1].id };
    }
    const kept = sent.filter((s) => s.state !== 'removed');
    expect(seen).toEqual(kept.map((s) => s.id));
    expect(await exportCounts(db, filter, ['children'])).toEqual({ submissions: kept.length, entries: { children: kept.reduce((n, s) => n + s.children, 0) } });

    expect(await exportNames(db, [901], [901])).toEqual({ communes: [{ id: 901, code: '99901', nameVi: 'Xã Thử', nameEn: 'Test commune' }], evaluators: [{ id: 901, name: 'Lan' }] });

    const v1 = { slug: 'household', version: 1, hash: '', json: householdV1 as Record<string, unknown>, renamed: {} };
    const tables = submissionTables(v1, [v1], 'en', false);
    async function* pages() {
      yield (await exportPage(db, filter, null, 100)).map((r) => tables.main.row({ ...r, communeCode: '99901', communeVi: 'Xã Thử', communeEn: 'Test commune', evaluator: 'Lan' }));
    }
    const bytes = new Uint8Array(await new Response(csvStream(tables.main.headers, pages())).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes).slice(1).split('\r\n').filter(Boolean);
    expect(lines[0].startsWith('Submission id,Round,Commune code,Commune,')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(kept.map((s) => s.id));
  });
});
