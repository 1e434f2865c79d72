import { type Context, Hono } from 'hono';
import { AssignmentsSection, type AssignmentsProps } from '../../views/assignments';
import { Layout } from '../../views/layout';
import { canAssignEvaluators } from '../domain/access';
import { AppError } from '../domain/errors';
import { messages } from '../domain/i18n';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { assignmentsOfRound } from '../queries/assignments';
import { communesOfModel } from '../queries/registered-counts';
import { assignEvaluator, roundToAssign } from '../workflows/assignments';

/** The round page's assignments section, for those who may assign (null for everyone else). */
export async function assignmentsSectionOf(c: Context<AppEnv>, round: { id: string; modelId: string }): Promise<AssignmentsProps | null> {
  if (!canAssignEvaluators(requireActor(c), c.get('scope'), round)) return null;
  const { db } = c.get('deps');
  const [assignments, communes] = await Promise.all([assignmentsOfRound(db, round.id), communesOfModel(db, round.modelId)]);
  return { ctx: pageContext(c), roundId: round.id, assignments, communes };
}

/** POST /rounds/:id/assignments: one evaluator's communes, from the round page's form. */
export function assignmentRoutes() {
  const routes = new Hono<AppEnv>();
  routes.post('/:id/assignments', async (c) => {
    const actor = requireActor(c);
    const roundId = c.req.param('id');
    const form = await formBody(c, { all: true });
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const communes = ([] as unknown[]).concat(form.communes ?? []).filter((x): x is string => typeof x === 'string');
    const ctx = { db: c.get('deps').db, actor, scope: c.get('scope'), locale: c.get('locale') };
    const round = await roundToAssign(ctx, roundId);
    const htmx = Boolean(c.req.header('hx-request'));
    try {
      await assignEvaluator(ctx, round.id, email, communes);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_request') throw error;
      const props = { ...(await assignmentsSectionOf(c, round))!, refused: { email, communes, errors: error.errors } };
      if (htmx) return c.html(<AssignmentsSection {...props} />, 422);
      return c.html(
        <Layout ctx={props.ctx} title={messages[props.ctx.locale].assignments.title}>
          <AssignmentsSection {...props} />
        </Layout>,
        422,
      );
    }
    if (!htmx) return c.redirect(`/rounds/${round.id}#assignments`, 303);
    return c.html(<AssignmentsSection {...(await assignmentsSectionOf(c, round))!} saved={email} />);
  });
  return routes;
}
