/** JSON API v1 (docs/api.md). Every error leaves through the app's onError as application/problem+json. */
import { Hono } from 'hono';
import { z } from 'zod';
import { canSeeIndicators, canSeeModel } from '../domain/access';
import { AppError } from '../domain/errors';
import { releasedInstrument } from '../queries/instruments';
import { apiToken, bearerToken } from '../middleware/auth';
import { assignmentApiRoutes } from './api-assignments';
import { auditApiRoutes } from './api-audit';
import { reviewApiRoutes } from './api-reviews';
import { submissionApiRoutes } from './api-submissions';
import { exportRoutes } from './exports';
import { modelApiRoutes } from './api-models';
import { indicatorApiRoutes } from './api-indicators';
import { instrumentApiRoutes } from './api-instruments';
import { roundApiRoutes } from './api-rounds';
import { yearlyReportRoutes } from './yearly-report';
import { programmeApiRoutes } from './api-programmes';
import { invitationApiRoutes, userApiRoutes } from './api-users';
import { targetApiRoutes } from './api-targets';
import { auditImport, auditOf } from '../middleware/audit';
import { signInContext } from '../middleware/client-address';
import type { AppEnv } from '../middleware/env';
import { bodyLimitFromConfig, importLimitFromConfig, readJson } from '../middleware/json';
import { modelById } from '../queries/models';
import { audit } from '../queries/audit';
import { createSession, deleteSession } from '../queries/sessions';
import { householdsToRevisit } from '../workflows/households';
import { importBackup } from '../workflows/import-backup';
import { ingestSubmission } from '../workflows/ingest';
import { signIn } from '../workflows/sign-in';

const credentials = z.object({ email: z.string().email(), password: z.string().min(1) });

export function apiRoutes() {
  const api = new Hono<AppEnv>();

  api.post('/tokens', bodyLimitFromConfig, async (c) => {
    const { db, clock, config } = c.get('deps');
    const parsed = credentials.safeParse(await readJson(c));
    if (!parsed.success) throw new AppError('invalid_request', parsed.error.issues.map((i) => ({ question: i.path.join('.'), message: i.message })));
    const user = await signIn({ ...signInContext(c), via: 'api' }, parsed.data.email, parsed.data.password);
    const token = await createSession(db, user.id, 'api', clock(), config.apiTokenTtlDays * 86400_000);
    // An API sign-in is the creation of a token: one entry, `token.create` (the form's is `signin`).
    await audit(db, { ...auditOf(c, 'token.create', { objectType: 'user', objectId: String(user.id), detail: { via: 'api', expiresAt: token.expiresAt } }), userId: user.id });
    return c.json(token, 201);
  });

  api.route('/', invitationApiRoutes());

  api.use('*', apiToken);

  /** Revokes the token this request carries (sign-out for API clients). */
  api.delete('/tokens/current', async (c) => {
    await deleteSession(c.get('deps').db, bearerToken(c)!); // apiToken has checked it
    const actor = c.get('actor')!;
    await audit(c.get('deps').db, auditOf(c, 'signout', { objectType: 'user', objectId: String(actor.id), detail: { via: 'api' } }));
    return c.body(null, 204);
  });

  api.route('/', modelApiRoutes());

  api.get('/instruments/:slug/:version', async (c) => {
    const instrument = await releasedInstrument(c.get('deps').db, c.req.param('slug'), Number(c.req.param('version')));
    if (!instrument) throw new AppError('not_found');
    c.header('ETag', `"${instrument.hash}"`);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.json(instrument.json);
  });

  api.get('/rounds/:id/households', async (c) => {
    const { db, clock } = c.get('deps');
    const households = await householdsToRevisit({ db, actor: c.get('actor')!, scope: c.get('scope'), now: clock() }, c.req.param('id'));
    return c.json({ households });
  });

  api.post('/imports', importLimitFromConfig, async (c) => {
    const { db, clock, config } = c.get('deps');
    const body = await readJson(c);
    const ctx = { db, now: clock(), actor: c.get('actor')!, scope: c.get('scope'), locale: c.get('locale'), itemLimitBytes: config.bodyLimitBytes, limits: config.answerLimits, sliceItems: config.importSliceItems };
    const report = await importBackup(ctx, body);
    await auditImport(c, report, 'api');
    return c.json(report);
  });

  api.post('/submissions', bodyLimitFromConfig, async (c) => {
    const { db, clock, config } = c.get('deps');
    const body = await readJson(c);
    const result = await ingestSubmission({ db, now: clock(), actor: c.get('actor')!, scope: c.get('scope'), locale: c.get('locale'), limits: config.answerLimits }, body);
    return c.json(result.submission, result.status);
  });

  api.route('/', indicatorApiRoutes());
  api.route('/', targetApiRoutes());
  api.route('/', assignmentApiRoutes());
  api.route('/', roundApiRoutes());
  api.route('/', instrumentApiRoutes());
  api.route('/', userApiRoutes());
  api.route('/', programmeApiRoutes());
  api.route('/', auditApiRoutes());
  api.route('/', reviewApiRoutes());
  api.route('/', submissionApiRoutes());
  api.route('/', exportRoutes('api'));
  api.route('/', yearlyReportRoutes('api'));

  return api;
}
