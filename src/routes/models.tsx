import { Hono } from 'hono';
import { ModelPage } from '../../views/model';
import { ModelsPage } from '../../views/models';
import { canCreateModels, canEditModel, canSeeIndicators, canSeeModel, canSeeRound, canSeeSummary, canSwitchCounted, countedBasis, may, refusal } from '../domain/access';
import { AppError } from '../domain/errors';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { pageContext } from '../middleware/page';
import { filterOptionsOf, modelsMatching } from '../domain/model-filter';
import { listModels, modelById, placesOfModels } from '../queries/models';
import { roundsOfModels } from '../queries/rounds';
import { breakdownChoices } from '../workflows/breakdown';
import { shownModel, suppressionOf } from '../workflows/shown';
import { didsOfModel } from '../workflows/did';
import { modelExportLinks } from '../workflows/exports';

export function modelRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/', async (c) => {
    const actor = requireActor(c);
    const { db } = c.get('deps');
    const scope = c.get('scope');
    const filter = { province: c.req.query('province') || undefined, type: c.req.query('type') || undefined };
    const inScope = await listModels(db, scope);
    return c.html(<ModelsPage ctx={pageContext(c)} models={modelsMatching(inScope, filter)} filter={filter} options={filterOptionsOf(inScope)} canCreateModel={canCreateModels(actor)} />);
  });

  routes.get('/:id', async (c) => {
    const actor = requireActor(c);
    const { db, config, clock } = c.get('deps');
    const scope = c.get('scope');
    const model = canSeeModel(actor, scope, c.req.param('id')) ? await modelById(db, c.req.param('id')) : null;
    if (!model) throw new AppError(refusal(actor, 'model.see'));
    const [places, allRounds] = await Promise.all([placesOfModels(db, [model.id]), roundsOfModels(db, [model.id])]);
    const rounds = allRounds.filter((r) => canSeeRound(actor, scope, r));
    const by = breakdownChoices.find((b) => b === c.req.query('by'));
    const counted = countedBasis(actor, c.req.query('counted'));
    const shown = canSeeIndicators(actor) ? await shownModel(db, model, rounds, suppressionOf(actor, config.suppressionThreshold), by ? [by] : [], counted) : null;
    const dids = shown ? await didsOfModel(db, model, rounds, counted, suppressionOf(actor, config.suppressionThreshold), shown.series) : null;
    const series = shown?.series ?? null;
    const breakdown = shown && by ? { by, byIndicator: shown.breakdowns[by]! } : null;
    const ctx = pageContext(c);
    const exports = modelExportLinks({ actor, scope, locale: ctx.locale, xlsx: c.get('deps').xlsx }, model.id);
    return c.html(<ModelPage ctx={ctx} model={model} places={places} rounds={rounds} indicators={series} breakdown={breakdown} canCreateRound={may(actor, 'round.create', scope, { modelId: model.id })} canEditModel={canEditModel(actor, scope, model.id)} counted={counted} canSwitchCounted={canSwitchCounted(actor)} exports={exports} printedAt={clock().toISOString()} dids={dids} summaryHref={canSeeSummary(actor, scope, model.id) ? `/models/${model.id}/summary` : undefined} />);
  });

  return routes;
}
