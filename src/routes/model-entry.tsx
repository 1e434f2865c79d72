/**
 * The model form: GET/POST /models/new (admins) and /models/:id/edit (admins; managers their own models), and
 * the picker's live search, GET /places/search (an htmx fragment). A POST with `find`, `add` or `remove` only
 * comes back with the picker changed; any other POST saves, through the workflows the API uses.
 */
import { type Context, Hono } from 'hono';
import { ModelEntryPage, type ModelEntryProps, type ModelFormValues, PlaceResults } from '../../views/model-entry';
import { canCreateModels, modelPartsEditable } from '../domain/access';
import { AppError, errorMessage } from '../domain/errors';
import { comparisonCodes, validDuring } from '../domain/model-entry';
import { isIsoDate } from '../domain/validation/values';
import { requireActor } from '../middleware/auth';
import { auditOrigin } from '../middleware/audit';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { modelChoices } from '../queries/model-entry';
import { placesWithCodes, type PlaceWithContext } from '../queries/places';
import { changeModel, createModel, modelToEdit, searchPlaces } from '../workflows/models';

const ctxOf = (c: Context<AppEnv>) => ({ db: c.get('deps').db, actor: requireActor(c), scope: c.get('scope'), locale: c.get('locale'), origin: auditOrigin(c) });

const str = (x: unknown) => (typeof x === 'string' ? x : '');
const list = (x: unknown) => ([] as unknown[]).concat(x ?? []).filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());

/** The form's values; `add` and `remove` change the chosen codes. */
function valuesOf(form: Record<string, unknown>): ModelFormValues & { query: string } {
  const communes = [...new Set([...list(form.communes), ...list(form.add)])].filter((code) => !list(form.remove).includes(code));
  return {
    id: str(form.id).trim(),
    nameVi: str(form.nameVi),
    nameEn: str(form.nameEn),
    type: str(form.type),
    programme: str(form.programme),
    periodStart: str(form.periodStart),
    periodEnd: str(form.periodEnd),
    sponsor: str(form.sponsor),
    communes,
    comparison: list(form.comparison).filter((code) => communes.includes(code)),
    query: str(form.q).trim().slice(0, 100),
  };
}

/** The period typed, when it is one, to search and show units valid in it. */
function periodOf(v: { periodStart: string; periodEnd: string }) {
  return isIsoDate(v.periodStart) && isIsoDate(v.periodEnd) && v.periodStart <= v.periodEnd ? { from: v.periodStart, to: v.periodEnd } : {};
}

/** The chosen codes with what they name: the unit valid during the period, else any with that code. */
async function chosenOf(c: Context<AppEnv>, codes: string[], period: { from?: string; to?: string }) {
  const found = await placesWithCodes(c.get('deps').db, codes);
  return codes.map((code): PlaceWithContext | { code: string } => {
    const named = found.filter((p) => p.code === code && p.level === (code.length === 3 ? 'district' : 'commune'));
    return (period.from && period.to ? named.find((p) => validDuring(p, period.from!, period.to!)) : undefined) ?? named.at(-1) ?? { code };
  });
}

async function pageProps(c: Context<AppEnv>, editing: ModelEntryProps['editing'], values: ModelFormValues & { query: string }, refused?: ModelEntryProps['refused']): Promise<ModelEntryProps> {
  const { db } = c.get('deps');
  const parts = modelPartsEditable(requireActor(c));
  const period = periodOf(values);
  const [choices, chosen, results] = await Promise.all([
    modelChoices(db),
    chosenOf(c, values.communes, period),
    values.query ? searchPlaces(db, { query: values.query, levels: ['commune', 'district'], ...period }) : Promise.resolve(null),
  ]);
  const { query, ...fields } = values;
  return {
    ctx: pageContext(c),
    editing,
    choices,
    values: fields,
    chosen,
    query,
    results,
    editable: { type: parts.includes('type'), programme: parts.includes('programme'), sponsor: parts.includes('sponsor') },
    refused,
  };
}

/** The form as the API's body: only the parts the reader may change when editing. */
function bodyOf(v: ModelFormValues, editable: ModelEntryProps['editable'], creating: boolean) {
  return {
    ...(creating && v.id ? { id: v.id } : {}),
    name: { vi: v.nameVi, en: v.nameEn },
    ...(editable.type ? { type: v.type } : {}),
    ...(editable.programme ? { programme: v.programme } : {}),
    ...(editable.sponsor ? { sponsor: v.sponsor || null } : {}),
    period: { start: v.periodStart, end: v.periodEnd },
    communes: v.communes,
    comparison: v.comparison,
  };
}

/** Saves, or answers with the form and the refusal's messages (422; 409 for a taken id; 403 with messages). */
async function saving(c: Context<AppEnv>, props: ModelEntryProps, save: () => Promise<{ id: string }>) {
  try {
    const model = await save();
    return c.redirect(`/models/${model.id}`, 303);
  } catch (error) {
    if (!(error instanceof AppError) || !['invalid_request', 'model_taken', 'forbidden'].includes(error.code) || (error.code === 'forbidden' && error.errors.length === 0)) throw error;
    const errors = error.code === 'model_taken' ? [{ question: 'id', message: `${errorMessage('model_taken', c.get('locale'))} (${error.errors[0]?.message ?? ''})` }] : error.errors;
    return c.html(<ModelEntryPage {...props} refused={errors} />, error.status as 403 | 409 | 422);
  }
}

const pickerOnly = (form: Record<string, unknown>) => 'find' in form || 'add' in form || 'remove' in form;

export function modelEntryRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/new', async (c) => {
    if (!canCreateModels(requireActor(c))) throw new AppError('forbidden');
    const values = valuesOf({});
    return c.html(<ModelEntryPage {...await pageProps(c, null, values)} />);
  });

  routes.post('/new', async (c) => {
    if (!canCreateModels(requireActor(c))) throw new AppError('forbidden');
    const form = await formBody(c, { all: true });
    const values = valuesOf(form);
    const props = await pageProps(c, null, values);
    if (pickerOnly(form)) return c.html(<ModelEntryPage {...props} />);
    return saving(c, props, () => createModel(ctxOf(c), bodyOf(values, props.editable, true)));
  });

  routes.get('/:id/edit', async (c) => {
    const model = await modelToEdit(ctxOf(c), c.req.param('id'));
    const values = {
      id: model.id,
      nameVi: model.nameVi,
      nameEn: model.nameEn,
      type: model.typeId,
      programme: model.programmeId,
      periodStart: model.periodStart,
      periodEnd: model.periodEnd,
      sponsor: model.sponsorId ?? '',
      communes: model.places.map((p) => p.code),
      comparison: comparisonCodes(model),
      query: '',
    };
    return c.html(<ModelEntryPage {...await pageProps(c, model, values)} />);
  });

  routes.post('/:id/edit', async (c) => {
    const model = await modelToEdit(ctxOf(c), c.req.param('id'));
    const form = await formBody(c, { all: true });
    // What the reader may not change stays as stored (those fields are not in their form).
    const values = { ...valuesOf(form), id: model.id, ...(modelPartsEditable(requireActor(c)).includes('type') ? {} : { type: model.typeId, programme: model.programmeId, sponsor: model.sponsorId ?? '' }) };
    const props = await pageProps(c, model, values);
    if (pickerOnly(form)) return c.html(<ModelEntryPage {...props} />);
    return saving(c, props, () => changeModel(ctxOf(c), model.id, bodyOf(values, props.editable, false)));
  });

  return routes;
}

/** Where the picker's Add buttons post: the model form that asked (never another URL). */
const formPath = /^\/models\/(new|[a-z0-9]+(-[a-z0-9]+)*\/edit)$/;

/** GET /places/search?q=…&periodStart=…&periodEnd=…&communes=…&for=/models/new: the picker's results. */
export function placeSearchRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/search', async (c) => {
    requireActor(c);
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const period = periodOf({ periodStart: c.req.query('periodStart') ?? '', periodEnd: c.req.query('periodEnd') ?? '' });
    const results = q ? await searchPlaces(c.get('deps').db, { query: q, levels: ['commune', 'district'], ...period }) : null;
    const action = formPath.test(c.req.query('for') ?? '') ? c.req.query('for')! : null;
    return c.html(<PlaceResults ctx={pageContext(c)} action={action} results={results} chosen={c.req.queries('communes') ?? []} />);
  });
  return routes;
}
