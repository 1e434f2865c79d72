import { Hono } from 'hono';
import { RoundPage } from '../../views/round';
import { assignedCommunes, canEnterCounts, canSeeRound, canSubmitTo, refusal, submissionsSeenBy } from '../domain/access';
import { AppError } from '../domain/errors';
import { instrumentTitle } from '../domain/instrument';
import { releasedInstrument } from '../queries/instruments';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { pageContext } from '../middleware/page';
import { assignmentsSectionOf } from './assignments';
import { roundStatusSectionOf } from './round-status';
import { roundInstrumentsSectionOf } from './round-instruments';
import { modelById } from '../queries/models';
import { roundById } from '../queries/rounds';
import { progressOfRound } from '../queries/submissions';
import { stateCountsOfRound } from '../queries/reviews';
import { roundListingQuery, roundSubmissionsOf } from './reviews';
import { statesCollected } from '../domain/review-check';
import { roundExportLinks } from '../workflows/exports';

export function roundRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/:id', async (c) => {
    const actor = requireActor(c);
    const { db } = c.get('deps');
    const scope = c.get('scope');
    const round = await roundById(db, c.req.param('id'));
    if (!round || !canSeeRound(actor, scope, round)) throw new AppError(refusal(actor, 'round.see'));
    // The list by state (?status=, ?page=); the header counts what round progress counts (statesCollected).
    const { status: listed, page } = roundListingQuery(c);
    const [model, submissions, progress, counts] = await Promise.all([modelById(db, round.modelId), roundSubmissionsOf(c, round, listed, page), progressOfRound(db, round), stateCountsOfRound(db, round.id, null)]);
    const ctx = pageContext(c);
    const [assignments, status, pinning] = await Promise.all([assignmentsSectionOf(c, round), roundStatusSectionOf(c, round), roundInstrumentsSectionOf(c, round)]);
    const pinned = await Promise.all(round.instruments.map((p) => releasedInstrument(db, p.slug, p.version)));
    const instruments = pinned.flatMap((i) => (i ? [{ slug: i.slug, version: i.version, title: instrumentTitle(i, ctx.locale) }] : []));
    // An evaluator sees the progress of the communes they collect in; the planned share is of all the round's.
    const assigned = assignedCommunes(scope, round.id);
    const byCommune = progress.byCommune.filter((p) => assigned === 'all' || assigned.has(p.code));
    // The per-evaluator counts follow whose submissions one reads: an evaluator their own row only.
    const seen = submissionsSeenBy(actor);
    const byEvaluator = seen ? progress.byEvaluator.filter((e) => seen.evaluatorId === null || e.evaluatorId === seen.evaluatorId) : null;
    const exports = await roundExportLinks({ db, actor, scope, locale: ctx.locale, xlsx: c.get('deps').xlsx }, round);
    const perCommune = Math.ceil(round.plannedSample / Math.max(1, progress.byCommune.length));
    return c.html(
      <RoundPage
        ctx={ctx}
        round={{ ...round, model: model!, instruments }}
        received={statesCollected.reduce((n, s) => n + counts[s], 0)}
        canSubmit={canSubmitTo(actor, scope, round)}
        canEnterCounts={canEnterCounts(actor, scope, round)}
        submissions={submissions}
        progress={{ byCommune, perCommune, byEvaluator }}
        assignments={assignments}
        status={status}
        pinning={pinning}
        exports={exports}
      />,
    );
  });
  return routes;
}
