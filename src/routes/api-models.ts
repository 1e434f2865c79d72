/** Models and the places they run in, in the JSON API (docs/api.md): list, create, change; search places. */
import { type Context, Hono } from 'hono';
import { type Actor, assignedCommunes, canSeeRound, type Scope } from '../domain/access';
import { AppError } from '../domain/errors';
import type { PlaceLevel } from '../domain/places';
import { isIsoDate } from '../domain/validation/values';
import type { Db } from '../db';
import { auditOrigin } from '../middleware/audit';
import type { AppEnv } from '../middleware/env';
import { bodyLimitFromConfig, readJson } from '../middleware/json';
import { listModels, modelById, type ModelSummary, placesOfModels } from '../queries/models';
import type { PlaceWithContext } from '../queries/places';
import { instrumentsOfRounds, roundsOfModels } from '../queries/rounds';
import { changeModel, createModel, searchPlaces } from '../workflows/models';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: c.get('actor')!, scope: c.get('scope'), locale: c.get('locale'), origin: auditOrigin(c) });

/** Models as the API shows them: names, type, programme, period, sponsor, places and the rounds the actor sees. */
export async function modelsJson(db: Db, actor: Actor, scope: Scope, models: ModelSummary[]) {
  const ids = models.map((m) => m.id);
  const places = await placesOfModels(db, ids);
  const rounds = (await roundsOfModels(db, ids)).filter((r) => canSeeRound(actor, scope, r));
  const pins = await instrumentsOfRounds(db, rounds.map((r) => r.id));
  // An evaluator sees only the communes they are assigned in the model's rounds; everyone else all of them.
  const reached = (modelId: string) => {
    const sets = rounds.filter((r) => r.modelId === modelId).map((r) => assignedCommunes(scope, r.id));
    return sets.length === 0 || sets.includes('all') ? 'all' : new Set(sets.flatMap((set) => [...(set as ReadonlySet<string>)]));
  };
  const placesOf = (id: string, level: string) => {
    const reach = reached(id);
    return places.filter((p) => p.modelId === id && p.level === level && (reach === 'all' || reach.has(p.code))).map((p) => ({ code: p.code, name: p.nameVi, role: p.role }));
  };
  return models.map((m) => ({
    id: m.id,
    name: { vi: m.nameVi, en: m.nameEn },
    type: m.typeId,
    programme: m.programmeId,
    province: m.provinceCode,
    period: { start: m.periodStart, end: m.periodEnd },
    sponsor: m.sponsor,
    sponsorId: m.sponsorId,
    communes: placesOf(m.id, 'commune'),
    districts: placesOf(m.id, 'district'),
    comparison: placesOf(m.id, 'commune').filter((p) => p.role === 'comparison').map((p) => p.code),
    rounds: rounds
      .filter((r) => r.modelId === m.id)
      .map((r) => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        plannedSample: r.plannedSample,
        instruments: pins.filter((p) => p.roundId === r.id).map((p) => ({ slug: p.slug, version: p.version })),
      })),
  }));
}

async function oneModelJson(c: Context<AppEnv>, id: string) {
  const { db } = c.get('deps');
  const [json] = await modelsJson(db, c.get('actor')!, c.get('scope'), [(await modelById(db, id))!]);
  return json;
}

/** A unit found by a search, as the API shows it. */
export const placeJson = (p: PlaceWithContext) => {
  const named = (u: { code: string; nameVi: string; nameEn: string } | null) => (u ? { code: u.code, name: { vi: u.nameVi, en: u.nameEn } } : null);
  return {
    code: p.code,
    level: p.level,
    name: { vi: p.nameVi, en: p.nameEn },
    district: named(p.district),
    province: named(p.province),
    validFrom: p.validFrom,
    validTo: p.validTo,
    successors: p.successors.map((s) => ({ ...named(s)!, level: s.level, validFrom: s.validFrom, effective: s.effective })),
  };
};

export function modelApiRoutes() {
  const api = new Hono<AppEnv>();

  api.get('/models', async (c) => {
    const { db } = c.get('deps');
    return c.json({ models: await modelsJson(db, c.get('actor')!, c.get('scope'), await listModels(db, c.get('scope'))) });
  });

  api.post('/models', bodyLimitFromConfig, async (c) => {
    const model = await createModel(ctxOf(c), await readJson(c));
    return c.json(await oneModelJson(c, model.id), 201);
  });

  api.patch('/models/:id', bodyLimitFromConfig, async (c) => {
    const model = await changeModel(ctxOf(c), c.req.param('id'), await readJson(c));
    return c.json(await oneModelJson(c, model.id));
  });

  api.get('/places', async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    const level = c.req.query('level') ?? '';
    const validAt = c.req.query('validAt') ?? '';
    const errors = [
      ...(q.length === 0 || q.length > 100 ? [{ question: 'q', message: 'q: 1–100 characters (a name, with or without accents, or the start of a GSO code)' }] : []),
      ...(!['', 'commune', 'district'].includes(level) ? [{ question: 'level', message: 'level: commune | district' }] : []),
      ...(validAt !== '' && !isIsoDate(validAt) ? [{ question: 'validAt', message: 'validAt: yyyy-mm-dd' }] : []),
    ];
    if (errors.length > 0) throw new AppError('invalid_request', errors);
    const levels: PlaceLevel[] = level === '' ? ['commune', 'district'] : [level as PlaceLevel];
    const found = await searchPlaces(c.get('deps').db, { query: q, levels, from: validAt || undefined, to: validAt || undefined });
    return c.json({ places: found.map(placeJson) });
  });

  return api;
}
