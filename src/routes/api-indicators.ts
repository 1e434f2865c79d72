/**
 * The indicator API (docs/api.md): one model's indicators across its rounds, optionally broken down by a
 * child's sex, age band or CSC group or by commune; and the programme overview with the dashboard's filters.
 */
import { Hono } from 'hono';
import { type Actor, canSeeIndicators, canSeeModel, canSeeRound, countedBasis } from '../domain/access';
import { AppError } from '../domain/errors';
import type { AppEnv } from '../middleware/env';
import { modelById, placesOfModels } from '../queries/models';
import { roundsOfModels } from '../queries/rounds';
import { type BreakdownBy, breakdownChoices, linkedChangesOfModel } from '../workflows/breakdown';
import { type ShownCategories, shownLinkedChanges, shownModel, type ShownRound, type ShownSeries, suppressionOf } from '../workflows/shown';
import { overviewFilterFrom, programmeOverview, roundChoices } from '../workflows/overview';
import { didsOfModel } from '../workflows/did';

/** A query parameter that must be one of `choices` when given. */
function oneOf<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!choices.includes(value as T)) throw new AppError('invalid_request', [{ question: name, message: `one of ${choices.join(', ')}` }]);
  return value as T;
}

/** A round's value and estimate; a suppressed round carries only where it is. */
const roundJson = (v: ShownRound) => (v.suppressed ? { round: v.roundId, kind: v.kind, suppressed: true } : { round: v.roundId, kind: v.kind, ...v.value, ...v.estimate, suppressed: false });
const roundsJson = (s: ShownSeries) => s.values.map(roundJson);

export function indicatorApiRoutes() {
  const api = new Hono<AppEnv>();

  api.get('/models/:id/indicators', async (c) => {
    const { db, config } = c.get('deps');
    const actor = requireReader(c.get('actor'));
    const scope = c.get('scope');
    const model = canSeeModel(actor, scope, c.req.param('id')) ? await modelById(db, c.req.param('id')) : null;
    if (!model) throw new AppError('not_found');
    const by = oneOf('by', c.req.query('by'), breakdownChoices);
    const kind = oneOf('round', c.req.query('round'), roundChoices.filter((r) => r !== 'latest'));
    const only = c.req.query('indicator');
    const rounds = (await roundsOfModels(db, [model.id])).filter((r) => canSeeRound(actor, scope, r) && (!kind || r.kind === kind));
    const suppression = suppressionOf(actor, config.suppressionThreshold);
    const counted = countedBasis(actor, oneOf('counted', c.req.query('counted'), ['received', 'approved']));
    const shown = await shownModel(db, model, rounds, suppression, by ? [by] : [], counted);
    const series = shown.series.filter((s) => !only || s.def.id === only);
    const breakdown = by ? await breakdownJson(db, model.id, by, shown.breakdowns[by]!) : null;
    const linked = oneOf('linked', c.req.query('linked'), ['true', 'false']) === 'true' ? await linkedChangesOfModel(db, rounds, counted) : null;
    const linkedOf = (s: ShownSeries) => shownLinkedChanges(s, linked?.get(s.def.id) ?? [], suppression);
    // Only for a model with comparison communes, and only for the indicators that can have one (no census).
    const dids = await didsOfModel(db, model, rounds, counted, suppression, shown.series);
    return c.json({
      model: model.id,
      counted,
      indicators: series.map((s) => ({
        id: s.def.id,
        name: { vi: s.def.nameVi, en: s.def.nameEn },
        shape: s.def.shape,
        unit: s.def.unit,
        direction: s.def.direction,
        target: s.target,
        rounds: roundsJson(s),
        changes: s.changes,
        ...(breakdown ? { breakdown: breakdown.get(s.def.id) ?? null } : {}),
        ...(linked ? { linkedChanges: linkedOf(s) } : {}),
        ...(dids?.has(s.def.id) ? { differenceInDifferences: dids.get(s.def.id) } : {}),
      })),
    });
  });

  api.get('/indicators', async (c) => {
    const { db, config } = c.get('deps');
    const actor = requireReader(c.get('actor'));
    const filter = overviewFilterFrom((name) => c.req.query(name));
    const only = c.req.query('indicator');
    const counted = countedBasis(actor, oneOf('counted', c.req.query('counted'), ['received', 'approved']));
    const rows = await programmeOverview({ db, actor, scope: c.get('scope'), threshold: config.suppressionThreshold, basis: counted }, filter, only ? [only] : undefined);
    return c.json({
      filter,
      counted,
      models: rows.map((row) => ({
        id: row.model.id,
        name: { vi: row.model.nameVi, en: row.model.nameEn },
        type: row.model.typeId,
        indicators: Object.values(row.cells)
          .filter(({ series }) => !only || series.def.id === only)
          .map(({ series, cell }) => ({ id: series.def.id, target: series.target, value: cell ? roundJson(cell) : null })),
      })),
    });
  });

  return api;
}

function requireReader(actor: Actor | null | undefined): Actor {
  if (!actor) throw new AppError('unauthenticated');
  if (!canSeeIndicators(actor)) throw new AppError('forbidden');
  return actor;
}

/** Per indicator: { by, categories: [{ category, name?, rounds, changes }] }, as the reader may see it. */
async function breakdownJson(db: Parameters<typeof placesOfModels>[0], modelId: string, by: BreakdownBy, byIndicator: Map<string, ShownCategories>) {
  const places = by === 'commune' ? await placesOfModels(db, [modelId]) : [];
  const communes = new Map(places.map((p) => [String(p.id), p]));
  const out = new Map<string, unknown>();
  for (const [id, categories] of byIndicator) {
    out.set(id, {
      by,
      categories: categories.map((c) => {
        const place = communes.get(c.category);
        return { category: place ? place.code : c.category, ...(place ? { name: { vi: place.nameVi, en: place.nameEn } } : {}), rounds: roundsJson(c.series), changes: c.series.changes };
      }),
    });
  }
  return out;
}
