/**
 * What the survey page needs to work in the field, as JSON behind the web session: the instrument versions
 * (immutable, so cached forever), the households to revisit, the session's CSRF token, and the offline kit
 * (the URLs the service worker keeps, in the evaluator's own cache, for their open rounds).
 */
import { Hono } from 'hono';
import { keepsOfflineKit, may, ofRound } from '../domain/access';
import { AppError } from '../domain/errors';
import { offlineKit } from '../domain/offline-kit';
import { releasedInstrument } from '../queries/instruments';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { keepOffline } from '../middleware/headers';
import { instrumentsOfRounds, roundsWithModels } from '../queries/rounds';
import { householdsToRevisit } from '../workflows/households';
import { issuesShownTo } from './corrections';

export function fieldRoutes() {
  const field = new Hono<AppEnv>();

  field.get('/instruments/:slug/:file{v[0-9]+\\.json}', async (c) => {
    requireActor(c);
    const instrument = await releasedInstrument(c.get('deps').db, c.req.param('slug'), Number(c.req.param('file').slice(1, -5)));
    if (!instrument) throw new AppError('not_found');
    // A released version never changes (a different upload of it is refused), so its URL can be cached for good.
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    return c.json(instrument.json);
  });

  field.get('/rounds/:id/households.json', async (c) => {
    const actor = requireActor(c);
    const { db, clock } = c.get('deps');
    const households = await householdsToRevisit({ db, actor, scope: c.get('scope'), now: clock() }, c.req.param('id'));
    keepOffline(c);
    return c.json({ households });
  });

  field.get('/field/session.json', (c) => {
    const actor = requireActor(c);
    return c.json({ user: actor.email, csrfToken: c.get('csrfToken') });
  });

  /** The kit's manifest for the service worker: whose it is (a non-secret id) and its URLs. */
  field.get('/field/kit.json', async (c) => {
    const actor = requireActor(c);
    const { db } = c.get('deps');
    const scope = c.get('scope');
    const openRounds =
      keepsOfflineKit(actor) && scope.rounds !== 'all'
        ? (await roundsWithModels(db, [...scope.rounds])).filter((r) => r.status === 'open' && may(actor, 'offline.kit', scope, ofRound(r)))
        : [];
    const pins = await instrumentsOfRounds(db, openRounds.map((r) => r.id));
    return c.json({ user: String(actor.id), urls: offlineKit(actor, openRounds, pins, await issuesShownTo(c)) });
  });

  return field;
}
