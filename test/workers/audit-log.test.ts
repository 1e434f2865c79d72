/**
 * The audit log is append-only on D1 as on SQLite: migration 0013's triggers refuse UPDATE and DELETE on the
 * local D1 that workerd runs (test/audit.test.ts checks the same on SQLite).
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('the audit log on D1', () => {
  it('takes an entry, then refuses to change or delete it', async () => {
    await env.DB.prepare("INSERT INTO audit_log (at, user_id, action, object_type, object_id, address) VALUES ('2026-12-01T03:00:00.000Z', NULL, 'signin.failed', NULL, NULL, '203.0.113.9')").run();
    const before = await env.DB.prepare('SELECT id, action FROM audit_log').all<{ id: number; action: string }>();
    expect(before.results).toHaveLength(1);
    await expect(env.DB.prepare("UPDATE audit_log SET action = 'signin'").run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare('DELETE FROM audit_log').run()).rejects.toThrow(/append-only/);
    const after = await env.DB.prepare('SELECT id, action FROM audit_log').all<{ id: number; action: string }>();
    expect(after.results).toEqual(before.results);
  });
});
