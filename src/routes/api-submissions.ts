/** One submission in the JSON API (docs/api.md): read it with its history, and correct its answers. */
import { Hono } from 'hono';
import { auditSubmissionView } from '../middleware/audit';
import { clientAddressOf } from '../middleware/client-address';
import type { AppEnv } from '../middleware/env';
import { bodyLimitFromConfig, readJson } from '../middleware/json';
import { correctSubmission } from '../workflows/corrections';
import { submissionRecord } from '../workflows/submission-history';

export function submissionApiRoutes() {
  const api = new Hono<AppEnv>();

  api.get('/submissions/:id', async (c) => {
    const record = await submissionRecord({ db: c.get('deps').db, actor: c.get('actor')!, scope: c.get('scope') }, c.req.param('id'));
    await auditSubmissionView(c, record.id, { via: 'api' });
    return c.json(record);
  });

  api.put('/submissions/:id', bodyLimitFromConfig, async (c) => {
    const { db, clock, config } = c.get('deps');
    const ctx = { db, actor: c.get('actor')!, scope: c.get('scope'), locale: c.get('locale'), now: clock(), address: clientAddressOf(c) ?? null, limits: config.answerLimits };
    return c.json(await correctSubmission(ctx, c.req.param('id'), await readJson(c)));
  });

  return api;
}
