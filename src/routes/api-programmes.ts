/** Programmes and organisations in the JSON API (docs/api.md): admins create and change them; others read theirs. */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../middleware/env';
import { readJson } from '../middleware/json';
import { changeProgramme, createOrganisation, createProgramme, organisationsFor, programmesFor } from '../workflows/programmes';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: c.get('actor')!, scope: c.get('scope'), locale: c.get('locale') });

export function programmeApiRoutes() {
  const api = new Hono<AppEnv>();
  api.get('/programmes', async (c) => c.json({ programmes: await programmesFor(ctxOf(c)) }));
  api.post('/programmes', async (c) => c.json(await createProgramme(ctxOf(c), await readJson(c)), 201));
  api.patch('/programmes/:id', async (c) => c.json(await changeProgramme(ctxOf(c), c.req.param('id'), await readJson(c))));
  api.get('/organisations', async (c) => c.json({ organisations: await organisationsFor(ctxOf(c)) }));
  api.post('/organisations', async (c) => c.json(await createOrganisation(ctxOf(c), await readJson(c)), 201));
  return api;
}
