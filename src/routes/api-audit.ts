/** The audit log in the JSON API (docs/api.md): GET /api/v1/audit, admins only, a page at a time by cursor. */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../middleware/env';
import { auditFilterFor, auditJson, auditPage } from '../workflows/audit';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: c.get('actor')!, locale: c.get('locale') });

export function auditApiRoutes() {
  const api = new Hono<AppEnv>();
  api.get('/audit', async (c) => {
    const ctx = ctxOf(c);
    const filter = auditFilterFor(ctx, c.req.query());
    const page = await auditPage(ctx, filter);
    return c.json({ entries: page.rows.map(auditJson), next: page.next === null ? null : String(page.next) });
  });
  return api;
}
