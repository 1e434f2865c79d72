/**
 * Downloads (docs/api.md, Exports): GET /api/v1/exports/submissions.{csv,xlsx}?round=… and
 * /api/v1/exports/indicators.{csv,xlsx}?model=… with a token, and the same paths without /api/v1 for the pages'
 * links (session). Each export writes one `export` audit entry before its body streams.
 */
import { type Context, Hono } from 'hono';
import { AppError } from '../domain/errors';
import { auditOf } from '../middleware/audit';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { audit } from '../queries/audit';
import { type ExportCtx, type ExportFile, indicatorsExport, submissionsExport } from '../workflows/exports';

const ctxOf = (c: Context<AppEnv>): ExportCtx => {
  const { db, clock, config, xlsx, csvPages } = c.get('deps');
  return { db, actor: requireActor(c), scope: c.get('scope'), locale: c.get('locale'), now: clock(), threshold: config.suppressionThreshold, xlsx, csvPages };
};

export function exportRoutes(via: 'api' | 'web') {
  const routes = new Hono<AppEnv>();
  routes.get('/exports/:file', async (c) => {
    const m = /^(submissions|indicators)\.([A-Za-z0-9]{1,10})$/.exec(c.req.param('file'));
    if (!m) throw new AppError('not_found');
    const ctx = ctxOf(c);
    const file: ExportFile = m[1] === 'submissions' ? await submissionsExport(ctx, m[2], c.req.query()) : await indicatorsExport(ctx, m[2], c.req.query());
    await audit(ctx.db, auditOf(c, 'export', { objectType: file.object.type, objectId: file.object.id, detail: { ...file.detail, via } }));
    return c.body(file.body, 200, {
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'no-store',
    });
  });
  return routes;
}
