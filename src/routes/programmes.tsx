import { type Context, Hono } from 'hono';
import { OrganisationsPage, ProgrammeFormPage, ProgrammesPage, type ProvinceChoice } from '../../views/programmes';
import { canSetUpProgrammes, canSeeYearlyReports } from '../domain/access';
import { AppError, type ErrorCode, errorMessage } from '../domain/errors';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { provinces } from '../queries/programmes';
import { changeProgramme, createOrganisation, createProgramme, organisationsFor, programmesFor, programmeToChange } from '../workflows/programmes';
import type { Db } from '../db';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: requireActor(c), scope: c.get('scope'), locale: c.get('locale') });

/** Each province code once, with the units that carried it (the code names the one in force in the period). */
async function provinceChoices(db: Db): Promise<ProvinceChoice[]> {
  const choices: ProvinceChoice[] = [];
  for (const p of await provinces(db)) {
    const last = choices[choices.length - 1];
    if (last?.code === p.code) last.units.push(p);
    else choices.push({ code: p.code, units: [p] });
  }
  return choices;
}

/** The refusals a setup form shows with its fields (422, or 409 for a taken id or name); anything else goes on. */
function refusedBy(error: unknown, form: Record<string, unknown>, locale: 'vi' | 'en') {
  if (!(error instanceof AppError)) throw error;
  const taken: ErrorCode[] = ['programme_taken', 'organisation_taken'];
  if (taken.includes(error.code)) return { status: 409 as const, refused: { form, errors: error.errors.map((e) => ({ ...e, message: `${errorMessage(error.code, locale)} (${e.message})` })) } };
  if (error.code === 'invalid_request') return { status: 422 as const, refused: { form, errors: error.errors } };
  throw error;
}

/** GET /programmes (those the reader sees), /programmes/new and /programmes/:id/edit with their POSTs (admins). */
export function programmeSetupRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => {
    const ctx = ctxOf(c);
    return c.html(<ProgrammesPage ctx={pageContext(c)} programmes={await programmesFor(ctx)} canSetUp={canSetUpProgrammes(ctx.actor)} canSeeReports={canSeeYearlyReports(ctx.actor)} />);
  });

  routes.get('/new', async (c) => {
    if (!canSetUpProgrammes(requireActor(c))) throw new AppError('forbidden');
    return c.html(<ProgrammeFormPage ctx={pageContext(c)} provinces={await provinceChoices(c.get('deps').db)} />);
  });

  routes.post('/', async (c) => {
    const ctx = ctxOf(c);
    const form = await formBody(c);
    try {
      await createProgramme(ctx, form);
      return c.redirect('/programmes', 303);
    } catch (error) {
      const { status, refused } = refusedBy(error, form, ctx.locale);
      return c.html(<ProgrammeFormPage ctx={pageContext(c)} provinces={await provinceChoices(ctx.db)} refused={refused} />, status);
    }
  });

  routes.get('/:id/edit', async (c) => {
    const programme = await programmeToChange(ctxOf(c), c.req.param('id'));
    return c.html(<ProgrammeFormPage ctx={pageContext(c)} programme={programme} provinces={[]} />);
  });

  routes.post('/:id', async (c) => {
    const ctx = ctxOf(c);
    const programme = await programmeToChange(ctx, c.req.param('id'));
    const form = await formBody(c);
    const fields = Object.fromEntries(['nameVi', 'nameEn', 'periodStart', 'periodEnd', 'source'].map((f) => [f, form[f] ?? '']));
    try {
      await changeProgramme(ctx, programme.id, fields);
      return c.redirect('/programmes', 303);
    } catch (error) {
      const { status, refused } = refusedBy(error, form, ctx.locale);
      return c.html(<ProgrammeFormPage ctx={pageContext(c)} programme={programme} provinces={[]} refused={refused} />, status);
    }
  });
  return routes;
}

/** GET /organisations (those the reader sees) and POST /organisations (admins add a sponsor or a government body). */
export function organisationRoutes() {
  const routes = new Hono<AppEnv>();
  const page = async (c: Context<AppEnv>, refused?: { form: Record<string, unknown>; errors: { question: string; message: string }[] }, status: 200 | 409 | 422 = 200) => {
    const ctx = ctxOf(c);
    return c.html(<OrganisationsPage ctx={pageContext(c)} organisations={await organisationsFor(ctx)} canSetUp={canSetUpProgrammes(ctx.actor)} refused={refused} />, status);
  };
  routes.get('/', (c) => page(c));
  routes.post('/', async (c) => {
    const ctx = ctxOf(c);
    const form = await formBody(c);
    try {
      await createOrganisation(ctx, form);
      return c.redirect('/organisations', 303);
    } catch (error) {
      const { status, refused } = refusedBy(error, form, ctx.locale);
      return page(c, refused, status);
    }
  });
  return routes;
}
