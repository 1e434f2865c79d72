import { type Context, Hono } from 'hono';
import { NewRoundPage, type NewRoundProps } from '../../views/new-round';
import { canSeeModel, may } from '../domain/access';
import { AppError } from '../domain/errors';
import { roundKinds } from '../domain/rounds';
import { releasedVersions } from '../queries/instruments';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { modelById } from '../queries/models';
import { roundKindsOfModel } from '../queries/rounds';
import { createRound } from '../workflows/rounds';

/** The form's choices for a model the reader runs: 404 outside their scope, 403 when they do not run it. */
async function pageOf(c: Context<AppEnv>, modelId: string): Promise<NewRoundProps> {
  const actor = requireActor(c);
  const { db } = c.get('deps');
  const model = canSeeModel(actor, c.get('scope'), modelId) ? await modelById(db, modelId) : null;
  if (!model) throw new AppError('not_found');
  if (!may(actor, 'round.create', c.get('scope'), { modelId: model.id })) throw new AppError('forbidden');
  const [taken, instruments] = await Promise.all([roundKindsOfModel(db, model.id), releasedVersions(db)]);
  const ctx = pageContext(c);
  const slugs = [...new Set(instruments.map((i) => i.slug))];
  return {
    ctx,
    model,
    kinds: roundKinds.filter((k) => !taken.includes(k)),
    instruments: slugs.map((slug) => {
      const versions = instruments.filter((i) => i.slug === slug);
      const latest = versions[versions.length - 1];
      return { slug, title: ctx.locale === 'vi' ? latest.titleVi : latest.titleEn, versions: versions.map((i) => i.version) };
    }),
  };
}

/** The form as the round the API takes: one pin per instrument given a version. */
function roundFromForm(modelId: string, form: Record<string, unknown>) {
  const pins = Object.entries(form)
    .filter(([name, version]) => name.startsWith('version:') && typeof version === 'string' && version !== '')
    .map(([name, version]) => ({ slug: name.slice('version:'.length), version: Number(version) }));
  return { ...form, model: modelId, instruments: pins, status: form.open === '1' ? 'open' : 'closed' };
}

/** GET /models/:id/rounds/new and POST /models/:id/rounds: a new round, for those who run the model. */
export function newRoundRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/:id/rounds/new', async (c) => c.html(<NewRoundPage {...await pageOf(c, c.req.param('id'))} />));
  routes.post('/:id/rounds', async (c) => {
    const props = await pageOf(c, c.req.param('id'));
    const form = await formBody(c);
    const { db, clock } = c.get('deps');
    try {
      const round = await createRound({ db, actor: requireActor(c), scope: c.get('scope'), locale: props.ctx.locale, now: clock() }, roundFromForm(props.model.id, form));
      return c.redirect(`/rounds/${round.id}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_request') throw error;
      return c.html(<NewRoundPage {...props} refused={{ form, errors: error.errors }} />, 422);
    }
  });
  return routes;
}
