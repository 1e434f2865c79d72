/** Targets in the JSON API (docs/api.md): read the ones in scope, set one (PUT, replacing the same year's). */
import { Hono } from 'hono';
import { canSeeTargets } from '../domain/access';
import { AppError } from '../domain/errors';
import type { AppEnv } from '../middleware/env';
import { readJson } from '../middleware/json';
import { setTarget, visibleTargets } from '../workflows/targets';

export function targetApiRoutes() {
  const api = new Hono<AppEnv>();

  api.get('/targets', async (c) => {
    if (!canSeeTargets(c.get('actor')!)) throw new AppError('forbidden');
    return c.json({ targets: await visibleTargets(c.get('deps').db, c.get('scope')) });
  });

  api.put('/targets', async (c) => {
    const { db, clock } = c.get('deps');
    const target = await setTarget({ db, actor: c.get('actor')!, scope: c.get('scope'), now: clock(), locale: c.get('locale') }, await readJson(c));
    return c.json(target, 200);
  });

  return api;
}
