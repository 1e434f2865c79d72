/** A round's evaluators and their communes in the JSON API (docs/api.md). */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../middleware/env';
import { readJson } from '../middleware/json';
import { assignmentsOfRound } from '../queries/assignments';
import { roundToAssign, setAssignments } from '../workflows/assignments';

const json = (list: Awaited<ReturnType<typeof assignmentsOfRound>>) => ({
  assignments: list.map((a) => ({ user: { id: a.userId, email: a.email, name: a.name }, communes: a.communes.map((c) => c.code) })),
});

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: c.get('actor')!, scope: c.get('scope'), locale: c.get('locale') });

export function assignmentApiRoutes() {
  const api = new Hono<AppEnv>();

  api.get('/rounds/:id/assignments', async (c) => {
    const round = await roundToAssign(ctxOf(c), c.req.param('id'));
    return c.json(json(await assignmentsOfRound(c.get('deps').db, round.id)));
  });

  api.put('/rounds/:id/assignments', async (c) => {
    return c.json(json(await setAssignments(ctxOf(c), c.req.param('id'), await readJson(c))));
  });

  return api;
}
