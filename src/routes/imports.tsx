import { Hono } from 'hono';
import { ImportResults, ImportsPage } from '../../views/imports';
import { may } from '../domain/access';
import { AppError } from '../domain/errors';
import { messages } from '../domain/i18n';
import { auditImport } from '../middleware/audit';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { parseJson } from '../middleware/json';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { importBackup } from '../workflows/import-backup';

/** Uploading a device's backup file on the web: managers for their evaluators, evaluators for themselves. */
export function importRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/', (c) => {
    if (!may(requireActor(c), 'import')) throw new AppError('forbidden');
    return c.html(<ImportsPage ctx={pageContext(c)} />);
  });

  // IMPORT_LIMIT_BYTES applies before CSRF protection reads the form (see web.ts).
  routes.post('/', async (c) => {
    const actor = requireActor(c);
    if (!may(actor, 'import')) throw new AppError('forbidden');
    const ctx = pageContext(c);
    const t = messages[ctx.locale].imports;
    const respond = (props: Parameters<typeof ImportResults>[0], status: 200 | 422) =>
      c.req.header('hx-request') ? c.html(<ImportResults {...props} />, status) : c.html(<ImportsPage {...props} />, status);

    const form = await formBody(c);
    const file = form.file;
    if (!(file instanceof File) || file.size === 0) return respond({ ctx, error: t.chooseFile }, 422);
    let content: unknown;
    try {
      content = parseJson(await file.text(), ctx.locale);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const error = err.code === 'malformed_json' ? t.notJson : err.errors.map((e) => `${e.question}: ${e.message}`).join(' ');
      return respond({ ctx, error }, 422);
    }
    try {
      const { db, clock, config } = c.get('deps');
      const report = await importBackup({ db, now: clock(), actor, scope: c.get('scope'), locale: ctx.locale, itemLimitBytes: config.bodyLimitBytes, limits: config.answerLimits, sliceItems: config.importSliceItems }, content);
      await auditImport(c, report, 'web', file.name);
      return respond({ ctx, report }, 200);
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_request') return respond({ ctx, error: messages[ctx.locale].field.badBackup }, 422);
      throw err;
    }
  });

  return routes;
}
