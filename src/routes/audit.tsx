/** The audit log on the web, for admins: /audit (filters, a page at a time) and /audit.csv (the same filter, streamed). */
import { type Context, Hono } from 'hono';
import { AuditPage, type AuditPageProps, AuditResults } from '../../views/audit';
import { dateInVietnam } from '../domain/calendar';
import { AppError } from '../domain/errors';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { pageContext } from '../middleware/page';
import { listUsers } from '../queries/accounts';
import { auditCsv, auditFilterFor, auditPage } from '../workflows/audit';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: requireActor(c), locale: c.get('locale') });

export function auditRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/audit', async (c) => {
    const ctx = ctxOf(c);
    const shown = c.req.query();
    const respond = async (props: Omit<AuditPageProps, 'ctx' | 'users' | 'shown'>, status: 200 | 422) => {
      const full = { ...props, ctx: pageContext(c), shown, users: await listUsers(ctx.db, 'all') };
      return c.html(c.req.header('hx-request') ? <AuditResults {...full} /> : <AuditPage {...full} />, status);
    };
    try {
      const filter = auditFilterFor(ctx, shown);
      const page = await auditPage(ctx, filter);
      return respond({ filter, rows: page.rows, next: page.next }, 200);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_request') throw error;
      return respond({ filter: null, rows: [], next: null, refused: error.errors }, 422);
    }
  });

  routes.get('/audit.csv', (c) => {
    const ctx = ctxOf(c);
    const filter = auditFilterFor(ctx, c.req.query());
    return c.body(auditCsv(ctx, filter), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="moc-audit-${dateInVietnam(c.get('deps').clock())}.csv"`,
      'cache-control': 'no-store',
    });
  });

  return routes;
}
