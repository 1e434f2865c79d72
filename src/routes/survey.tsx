import { Hono } from 'hono';
import { SurveyPage } from '../../views/survey';
import { assignedCommunes, canSubmitTo, refusal } from '../domain/access';
import { AppError } from '../domain/errors';
import { firstLookOf } from '../domain/first-look';
import { instrumentTitle } from '../domain/instrument';
import { releasedInstrument } from '../queries/instruments';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { keepOffline } from '../middleware/headers';
import { bodyLimitFromConfig, readJson } from '../middleware/json';
import { pageContext } from '../middleware/page';
import { modelById, placesOfModels } from '../queries/models';
import { roundById } from '../queries/rounds';
import { ingestSubmission } from '../workflows/ingest';

export function surveyRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/:id/survey/:slug', async (c) => {
    const actor = requireActor(c);
    const { db, config } = c.get('deps');
    const round = await roundById(db, c.req.param('id'));
    if (!round || !canSubmitTo(actor, c.get('scope'), round)) throw new AppError(refusal(actor, 'submission.send'));
    if (round.status !== 'open') throw new AppError('round_closed');
    const pin = round.instruments.find((p) => p.slug === c.req.param('slug'));
    const instrument = pin && (await releasedInstrument(db, pin.slug, pin.version));
    if (!instrument) throw new AppError('not_found');
    const [model, places] = await Promise.all([modelById(db, round.modelId), placesOfModels(db, [round.modelId])]);
    const ctx = pageContext(c, { collecting: true });
    const assigned = assignedCommunes(c.get('scope'), round.id);
    keepOffline(c);
    return c.html(
      <SurveyPage
        ctx={ctx}
        round={{ ...round, model: model! }}
        instrument={{ slug: instrument.slug, version: instrument.version, title: instrumentTitle(instrument, ctx.locale) }}
        communes={places.filter((p) => p.level === 'commune' && (assigned === 'all' || assigned.has(p.code)))}
        commune={c.req.query('commune')}
        limits={config.answerLimits}
        // A draft being reopened (?draft=) starts from its own answers and page, not from a blank first page.
        firstLook={c.req.query('draft') ? null : firstLookOf(instrument.json, ctx.locale)}
      />,
    );
  });

  /** The survey page posts JSON here and asks for JSON back: errors leave through onError as problem+json. */
  routes.post('/:id/submissions', bodyLimitFromConfig, async (c) => {
    const actor = requireActor(c);
    const { db, clock, config } = c.get('deps');
    const body = await readJson(c);
    const input = body && typeof body === 'object' ? { ...body, round: c.req.param('id') } : body;
    const result = await ingestSubmission({ db, now: clock(), actor, scope: c.get('scope'), locale: c.get('locale'), limits: config.answerLimits }, input);
    return c.json({ ...result.submission, redirect: `/submissions/${result.submission.id}` }, result.status);
  });

  return routes;
}
