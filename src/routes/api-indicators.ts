/**
 * The indicator API (docs/api.md): one model's indicators across its rounds, optionally broken down by a
 * child's sex, age band or CSC group or by commune; and the programme overview with the dashboard's filters.
 */
import { Hono } from 'hono';
import { type Actor, canSeeIndicators, canSeeModel, canSeeRound } from '../domain/access';
import { AppError } from '../domain/errors';
import type { AppEnv } from '../middleware/env';
import { modelById, placesOfModels } from '../queries/models';
import { roundsOfModels } from '../queries/rounds';
import { type BreakdownBy, breakdownChoices, breakdownOfModel, linkedChangesOfModel } from '../workflows/breakdown';
import { asSeenBy, indicatorsOfModel, type ShownSeries } from '../workflows/indicators';
import { overviewFilterFrom, programmeOverview, roundChoices } from '../workflows/overview';

/** A query parameter that must be one of `choices` when given. */
function oneOf<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!choices.includes(value as T)) throw new AppError('invalid_request', [{ question: name, message: `one of ${choices.join(', ')}` }]);
  return value as T;
}

const roundsJson = (s: ShownSeries) => s.values.map((v) => ({ round: v.roundId, kind: v.kind, ...v.value, ...v.estimate }));

export function indicatorApiRoutes() {
  const api = new Hono<AppEnv>();

  api.get('/models/:id/indicators', async (c) => {
    const { db, config } = c.get('deps');
    const actor = requireReader(c.get('actor'));
    const scope = c.get('scope');
    const model = canSeeModel(scope, c.req.param('id')) ? await modelById(db, c.req.param('id')) : null;
    if (!model) throw new AppError('not_found');
    const by = oneOf('by', c.req.query('by'), breakdownChoices);
    const kind = oneOf('round', c.req.query('round'), roundChoices.filter((r) => r !== 'latest'));
    const only = c.req.query('indicator');
    const rounds = (await roundsOfModels(db, [model.id])).filter((r) => canSeeRound(actor, scope, r) && (!kind || r.kind === kind));
    const series = asSeenBy(await indicatorsOfModel(db, model, rounds), actor, config.suppressionThreshold).filter((s) => !only || s.def.id === only);
    const breakdown = by ? await breakdownJson(db, model, rounds, by, actor, config.suppressionThreshold) : null;
    const linked = oneOf('linked', c.req.query('linked'), ['true', 'false']) === 'true' ? await linkedChangesOfModel(db, rounds) : null;
    // For sponsors, a linked change is shown only when no count behind it is small (as suppressSmall).
    const small = (x: number) => actor.role === 'sponsor' && x > 0 && x < config.suppressionThreshold;
    const linkedOf = (id: string) => (linked?.get(id) ?? []).filter((l) => !small(l.pairs) && !small(l.before) && !small(l.after));
    return c.json({
      model: model.id,
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
        ...(linked ? { linkedChanges: linkedOf(s.def.id) } : {}),
      })),
    });
  });

  api.get('/indicators', async (c) => {
    const { db, config } = c.get('deps');
    const actor = requireReader(c.get('actor'));
    const filter = overviewFilterFrom((name) => c.req.query(name));
    const only = c.req.query('indicator');
    const rows = await programmeOverview({ db, actor, scope: c.get('scope'), threshold: config.suppressionThreshold }, filter);
    return c.json({
      filter,
      models: rows.map((row) => ({
        id: row.model.id,
        name: { vi: row.model.nameVi, en: row.model.nameEn },
        type: row.model.typeId,
        indicators: Object.values(row.cells)
          .filter(({ series }) => !only || series.def.id === only)
          .map(({ series, cell }) => ({ id: series.def.id, target: series.target, value: cell ? { round: cell.roundId, kind: cell.kind, ...cell.value, ...cell.estimate } : null })),
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

/** Per indicator: { by, categories: [{ category, name?, rounds, changes }] }, suppressed as the reader may see it. */
async function breakdownJson(
  db: Parameters<typeof breakdownOfModel>[0],
  model: Parameters<typeof breakdownOfModel>[1],
  rounds: Parameters<typeof breakdownOfModel>[2],
  by: BreakdownBy,
  actor: Actor,
  threshold: number,
) {
  const [byIndicator, places] = await Promise.all([breakdownOfModel(db, model, rounds, by), by === 'commune' ? placesOfModels(db, [model.id]) : []]);
  const communes = new Map(places.map((p) => [String(p.id), p]));
  const out = new Map<string, unknown>();
  for (const [id, categories] of byIndicator) {
    const shown = asSeenBy(categories.map((c) => c.series), actor, threshold);
    out.set(id, {
      by,
      categories: categories.map((c, i) => {
        const place = communes.get(c.category);
        return { category: place ? place.code : c.category, ...(place ? { name: { vi: place.nameVi, en: place.nameEn } } : {}), rounds: roundsJson(shown[i]), changes: shown[i].changes };
      }),
    });
  }
  return out;
}
