import { type Context, Hono } from 'hono';
import { Layout } from '../../views/layout';
import { RoundStatusSection, type RoundStatusProps } from '../../views/round-status';
import { canReopenRounds, managesModel } from '../domain/access';
import { AppError } from '../domain/errors';
import { messages } from '../domain/i18n';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { roundById, statusChangesOfRound } from '../queries/rounds';
import { progressOfRound } from '../queries/submissions';
import { stateCountsOfRound } from '../queries/reviews';
import { changeRoundStatus } from '../workflows/rounds';

type Round = { id: string; modelId: string; status: 'open' | 'closed'; plannedSample: number };

/** The round page's open/close section, for those who run the model (null for everyone else). */
export async function roundStatusSectionOf(c: Context<AppEnv>, round: Round): Promise<RoundStatusProps | null> {
  const actor = requireActor(c);
  if (!managesModel(actor, c.get('scope'), round.modelId)) return null;
  return {
    ctx: pageContext(c),
    roundId: round.id,
    status: round.status,
    canClose: true,
    canReopen: canReopenRounds(actor),
    changes: await statusChangesOfRound(c.get('deps').db, round.id),
  };
}

/** What closing would leave uncollected: each commune short of its share of the planned sample. */
async function shortfall(c: Context<AppEnv>, round: Round) {
  const { byCommune } = await progressOfRound(c.get('deps').db, round);
  const planned = Math.ceil(round.plannedSample / Math.max(1, byCommune.length));
  return byCommune.filter((x) => x.received < planned).map((x) => ({ ...x, planned }));
}

/** POST /rounds/:id/status: close (after a confirmation showing what is still to collect) or reopen. */
export function roundStatusRoutes() {
  const routes = new Hono<AppEnv>();
  routes.post('/:id/status', async (c) => {
    const actor = requireActor(c);
    const form = await formBody(c);
    const { db, clock } = c.get('deps');
    const htmx = Boolean(c.req.header('hx-request'));
    const respond = (props: RoundStatusProps, status: 200 | 403 | 422) => {
      if (htmx) return c.html(<RoundStatusSection {...props} />, status);
      return c.html(
        <Layout ctx={props.ctx} title={messages[props.ctx.locale].roundStatus.title}>
          <RoundStatusSection {...props} />
        </Layout>,
        status,
      );
    };
    const before = await roundById(db, c.req.param('id'));
    const section = before && (await roundStatusSectionOf(c, before));
    if (before && section && before.status === 'open' && form.status === 'closed' && form.confirm !== '1') {
      const unreviewed = (await stateCountsOfRound(db, before.id, null)).received;
      return respond({ ...section, confirm: await shortfall(c, before), unreviewed }, 200);
    }
    try {
      const round = await changeRoundStatus({ db, actor, scope: c.get('scope'), locale: c.get('locale'), now: clock() }, c.req.param('id'), { status: form.status, reason: form.reason });
      if (!htmx) return c.redirect(`/rounds/${round.id}`, 303);
      return respond((await roundStatusSectionOf(c, round))!, 200);
    } catch (error) {
      if (!(error instanceof AppError) || !section || (error.code !== 'invalid_request' && error.code !== 'forbidden')) throw error;
      return respond({ ...section, errors: error.errors }, error.code === 'forbidden' ? 403 : 422);
    }
  });
  return routes;
}
