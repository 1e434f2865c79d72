import { type Context, Hono } from 'hono';
import { TargetsPage, TargetsSection, type TargetsSectionProps } from '../../views/targets';
import { canSeeTargets, canSetTargets } from '../domain/access';
import { AppError } from '../domain/errors';
import { indicatorCatalogue } from '../domain/indicators';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { listModels, listProgrammes } from '../queries/models';
import { setTarget, visibleTargets } from '../workflows/targets';

/** What the page shows: the targets in scope and, for those who may set targets, the form's choices. */
async function sectionOf(c: Context<AppEnv>): Promise<TargetsSectionProps> {
  const actor = requireActor(c);
  if (!canSeeTargets(actor)) throw new AppError('forbidden');
  const { db } = c.get('deps');
  const scope = c.get('scope');
  const [targets, models, programmes] = await Promise.all([visibleTargets(db, scope), listModels(db, scope), listProgrammes(db)]);
  const sets = canSetTargets(actor);
  return {
    ctx: pageContext(c),
    targets,
    indicators: indicatorCatalogue.map((d) => ({ id: d.id, nameVi: d.nameVi, nameEn: d.nameEn, unit: d.unit, direction: d.direction })),
    // Programme-wide targets are an admin's; a manager sets their own models'.
    programmes: sets.programmes ? programmes : [],
    models: models.map((m) => ({ id: m.id, nameVi: m.nameVi, nameEn: m.nameEn })),
    canSet: sets.models,
  };
}

/** The form's fields as the target the API takes. */
function targetFromForm(form: Record<string, unknown>) {
  const { baselineValue, baselineYear, ...rest } = form;
  const hasBaseline = Boolean(baselineValue) || Boolean(baselineYear);
  return { ...rest, baseline: hasBaseline ? { value: baselineValue, year: baselineYear } : undefined };
}

/** Targets per indicator × programme or model × year (GET and POST /targets), for admins and managers. */
export function targetRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => c.html(<TargetsPage {...await sectionOf(c)} />));

  routes.post('/', async (c) => {
    const form = await formBody(c);
    const props = await sectionOf(c);
    const { db, clock } = c.get('deps');
    const respond = (p: TargetsSectionProps, status: 200 | 422) => c.html(c.req.header('hx-request') ? <TargetsSection {...p} /> : <TargetsPage {...p} />, status);
    try {
      const saved = await setTarget({ db, actor: requireActor(c), scope: c.get('scope'), now: clock(), locale: props.ctx.locale }, targetFromForm(form));
      return respond({ ...props, targets: await visibleTargets(db, c.get('scope')), saved }, 200);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_request') throw error;
      return respond({ ...props, refused: { form, errors: error.errors } }, 422);
    }
  });

  return routes;
}
