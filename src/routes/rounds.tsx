import { Hono } from 'hono';
import { RoundPage } from '../../views/round';
import { assignedCommunes, canEnterCounts, canSeeRound, canSeeSubmissions, canSubmitTo, refusal, submissionsSeenBy } from '../domain/access';
import { AppError } from '../domain/errors';
import { pageNumber } from '../domain/paging';
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
import { progressOfRound, submissionsOfRound } from '../queries/submissions';

const pageSize = 20;

export function roundRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/:id', async (c) => {
    const actor = requireActor(c);
    const { db } = c.get('deps');
    const scope = c.get('scope');
    const round = await roundById(db, c.req.param('id'));
    if (!round || !canSeeRound(actor, scope, round)) throw new AppError(refusal(actor, 'round.see'));
    const page = pageNumber(c.req.query('page'));
    const [model, list, progress] = await Promise.all([modelById(db, round.modelId), submissionsOfRound(db, round.id, page, pageSize, submissionsSeenBy(actor)?.evaluatorId ?? null), progressOfRound(db, round)]);
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
    const perCommune = Math.ceil(round.plannedSample / Math.max(1, progress.byCommune.length));
    const submissions = canSeeSubmissions(actor)
      ? { ctx, roundId: round.id, rows: list.rows, page, pageCount: Math.ceil(list.listed / pageSize) }
      : null;
    return c.html(
      <RoundPage
        ctx={ctx}
        round={{ ...round, model: model!, instruments }}
        received={list.total}
        canSubmit={canSubmitTo(actor, scope, round)}
        canEnterCounts={canEnterCounts(actor, scope, round)}
        submissions={submissions}
        progress={{ byCommune, perCommune, byEvaluator }}
        assignments={assignments}
        status={status}
        pinning={pinning}
      />,
    );
  });
  return routes;
}
