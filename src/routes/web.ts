/** The server-rendered pages, behind the web session and CSRF protection. */
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { isLocale } from '../domain/i18n';
import { sameOriginPath } from '../domain/redirects';
import { webSession } from '../middleware/auth';
import { csrfProtection } from '../middleware/csrf';
import type { AppEnv } from '../middleware/env';
import { importLimitFromConfig } from '../middleware/json';
import { localeCookie } from '../middleware/locale';
import { assignmentRoutes } from './assignments';
import { auditRoutes } from './audit';
import { authRoutes } from './auth';
import { countRoutes } from './counts';
import { summaryRoutes } from './summary';
import { exportRoutes } from './exports';
import { fieldRoutes } from './field';
import { homeRoutes } from './home';
import { importRoutes } from './imports';
import { instrumentRoutes } from './instruments';
import { accountRoutes } from './account';
import { invitationRoutes } from './invitations';
import { modelEntryRoutes, placeSearchRoutes } from './model-entry';
import { modelRoutes } from './models';
import { newRoundRoutes } from './new-round';
import { programmeRoutes } from './programme';
import { organisationRoutes, programmeSetupRoutes } from './programmes';
import { roundInstrumentRoutes } from './round-instruments';
import { roundStatusRoutes } from './round-status';
import { roundRoutes } from './rounds';
import { reviewRoutes } from './reviews';
import { correctionRoutes } from './corrections';
import { submissionRoutes } from './submissions';
import { sentRoutes } from './sent';
import { surveyRoutes } from './survey';
import { targetRoutes } from './targets';
import { userRoutes } from './users';
import { yearlyReportRoutes } from './yearly-report';

export function webRoutes() {
  const web = new Hono<AppEnv>();
  // The upload's size limit wraps the body before CSRF protection reads the form.
  web.use('/imports', importLimitFromConfig);
  web.use('/instruments', importLimitFromConfig);
  web.use(webSession, csrfProtection);
  web.get('/lang/:locale', (c) => {
    const locale = c.req.param('locale');
    if (isLocale(locale)) setCookie(c, localeCookie, locale, { path: '/', sameSite: 'Lax', maxAge: 365 * 24 * 3600 });
    return c.redirect(sameOriginPath(c.req.query('back')));
  });
  web.route('/', authRoutes());
  web.route('/', homeRoutes());
  web.route('/', fieldRoutes());
  // Before modelRoutes: /models/new is not a model's id.
  web.route('/models', modelEntryRoutes());
  web.route('/models', modelRoutes());
  web.route('/models', newRoundRoutes());
  web.route('/programme', programmeRoutes());
  web.route('/programmes', programmeSetupRoutes());
  // The sponsor summaries: /models/{id}/summary and /programmes/{id}/summary (their own paths, no clash above).
  web.route('/', summaryRoutes());
  web.route('/organisations', organisationRoutes());
  web.route('/places', placeSearchRoutes());
  web.route('/rounds', roundRoutes());
  web.route('/rounds', surveyRoutes());
  web.route('/rounds', countRoutes());
  web.route('/rounds', assignmentRoutes());
  web.route('/rounds', roundStatusRoutes());
  web.route('/rounds', roundInstrumentRoutes());
  web.route('/', correctionRoutes());
  web.route('/submissions', submissionRoutes());
  web.route('/submissions', sentRoutes());
  web.route('/', reviewRoutes());
  web.route('/imports', importRoutes());
  web.route('/targets', targetRoutes());
  web.route('/invitations', invitationRoutes());
  web.route('/users', userRoutes());
  web.route('/account', accountRoutes());
  web.route('/instruments', instrumentRoutes());
  web.route('/', auditRoutes());
  web.route('/', exportRoutes('web'));
  web.route('/', yearlyReportRoutes('web'));
  return web;
}
