/**
 * What the survey page needs to work in the field, as JSON behind the web session: the instrument versions
 * (immutable, so cached forever), the households to revisit, and the session's CSRF token and offline kit
 * (the URLs the service worker keeps for an evaluator's open rounds).
 */
import { Hono } from 'hono';
import { AppError } from '../domain/errors';
import { findInstrument } from '../instruments';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { instrumentsOfRounds, roundsWithModels } from '../queries/rounds';
import { householdsToRevisit } from '../workflows/households';

export function fieldRoutes() {
  const field = new Hono<AppEnv>();

  field.get('/instruments/:slug/:file{v[0-9]+\\.json}', (c) => {
    requireActor(c);
    const instrument = findInstrument(c.req.param('slug'), Number(c.req.param('file').slice(1, -5)));
    if (!instrument) throw new AppError('not_found');
    // A released version never changes (surveys/released.json), so its URL can be cached for good.
    c.header('Cache-Control', 'private, max-age=31536000, immutable');
    return c.json(instrument.json);
  });

  field.get('/rounds/:id/households.json', async (c) => {
    const actor = requireActor(c);
    const { db, clock } = c.get('deps');
    const households = await householdsToRevisit({ db, actor, scope: c.get('scope'), now: clock() }, c.req.param('id'));
    return c.json({ households });
  });

  field.get('/field/session.json', async (c) => {
    const actor = requireActor(c);
    const { db } = c.get('deps');
    const scope = c.get('scope');
    const openRounds =
      actor.role === 'evaluator' && scope.rounds !== 'all' ? (await roundsWithModels(db, [...scope.rounds])).filter((r) => r.status === 'open') : [];
    const pins = await instrumentsOfRounds(db, openRounds.map((r) => r.id));
    const urls = ['/', ...openRounds.map((r) => `/rounds/${r.id}/households.json`)];
    for (const p of pins) urls.push(`/rounds/${p.roundId}/survey/${p.slug}`, `/instruments/${p.slug}/v${p.version}.json`);
    c.header('Cache-Control', 'no-store');
    return c.json({ user: actor.email, csrfToken: c.get('csrfToken'), offline: [...new Set(urls)] });
  });

  return field;
}
