/** Creating rounds and opening or closing them in the JSON API (docs/api.md). */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../middleware/env';
import { readJson } from '../middleware/json';
import { changeRoundStatus, createRound } from '../workflows/rounds';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: c.get('actor')!, scope: c.get('scope'), locale: c.get('locale'), now: c.get('deps').clock() });

const json = (r: Awaited<ReturnType<typeof createRound>>) => ({
  id: r.id,
  model: r.modelId,
  kind: r.kind,
  status: r.status,
  plannedStart: r.plannedStart,
  plannedEnd: r.plannedEnd,
  plannedSample: r.plannedSample,
  instruments: r.instruments,
});

export function roundApiRoutes() {
  const api = new Hono<AppEnv>();
  api.post('/rounds', async (c) => c.json(json(await createRound(ctxOf(c), await readJson(c))), 201));
  api.patch('/rounds/:id', async (c) => c.json(json(await changeRoundStatus(ctxOf(c), c.req.param('id'), await readJson(c)))));
  return api;
}
