/**
 * Programmes and organisations set up without code: an admin creates a programme (names, province, period,
 * source) and changes it (names, period, source; never leaving one of its models outside the period), and adds
 * sponsors and government bodies. Managers and sponsors read those of the models they reach. Shared by the API
 * and the pages.
 */
import type { Db } from '../db';
import { type Actor, canSetUpProgrammes, programmesSeenBy, type Scope } from '../domain/access';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { checkOrganisationEntry, checkProgrammeEntry, checkProgrammePatch, organisationNameKey, type ProgrammeEntry } from '../domain/programmes';
import {
  allOrganisations,
  insertOrganisation,
  insertProgramme,
  modelPeriodsOf,
  organisationsSeen,
  placeById,
  placesWithCode,
  programmeRowById,
  programmesSeen,
  type ProgrammeRow,
  updateProgramme,
} from '../queries/programmes';

interface Ctx {
  db: Db;
  actor: Actor;
  scope: Scope;
  locale: Locale;
}

/** A programme as the API and the pages show it. */
export function programmeJson(p: ProgrammeRow) {
  return {
    id: p.id,
    nameVi: p.nameVi,
    nameEn: p.nameEn,
    province: { code: p.provinceCode, nameVi: p.provinceVi, nameEn: p.provinceEn },
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    source: p.source,
  };
}

export type ProgrammeView = ReturnType<typeof programmeJson>;

const codeOf = (body: unknown) => {
  const province = body && typeof body === 'object' ? (body as { province?: unknown }).province : undefined;
  return typeof province === 'number' ? String(province).padStart(2, '0') : typeof province === 'string' ? province.trim() : '';
};

/** Creates a programme: 403 for who may not, 422 with every field's message, 409 when the id is taken. */
export async function createProgramme(ctx: Ctx, body: unknown): Promise<ProgrammeView> {
  if (!canSetUpProgrammes(ctx.actor)) throw new AppError('forbidden');
  const code = codeOf(body);
  const check = checkProgrammeEntry(body, { places: code ? await placesWithCode(ctx.db, code) : [] }, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  if (!(await insertProgramme(ctx.db, check.entry))) throw new AppError('programme_taken', [{ question: 'id', message: check.entry.id }]);
  return programmeJson((await programmeRowById(ctx.db, check.entry.id))!);
}

/** The stored programme an actor may change: 404 unknown, 403 for who may not set programmes up. */
export async function programmeToChange(ctx: Ctx, id: string): Promise<ProgrammeView> {
  if (!canSetUpProgrammes(ctx.actor)) throw new AppError('forbidden');
  const row = await programmeRowById(ctx.db, id);
  if (!row) throw new AppError('not_found');
  return programmeJson(row);
}

/** Changes names, period or source; 422 when the province or one of the models would fall outside the period. */
export async function changeProgramme(ctx: Ctx, id: string, body: unknown): Promise<ProgrammeView> {
  if (!canSetUpProgrammes(ctx.actor)) throw new AppError('forbidden');
  const row = await programmeRowById(ctx.db, id);
  if (!row) throw new AppError('not_found');
  const stored: ProgrammeEntry = { id: row.id, nameVi: row.nameVi, nameEn: row.nameEn, provinceId: row.provinceId, periodStart: row.periodStart, periodEnd: row.periodEnd, source: row.source };
  const [province, models] = await Promise.all([placeById(ctx.db, row.provinceId), modelPeriodsOf(ctx.db, id)]);
  const check = checkProgrammePatch(body, stored, { province: province!, models }, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  if (!(await updateProgramme(ctx.db, check.entry))) {
    // A model outside the new period was saved meanwhile: the same messages as if it had been there first.
    const again = checkProgrammePatch(body, stored, { province: province!, models: await modelPeriodsOf(ctx.db, id) }, ctx.locale);
    throw new AppError('invalid_request', again.ok ? [] : again.errors);
  }
  return programmeJson((await programmeRowById(ctx.db, id))!);
}

/** The programmes the actor reads (403 for who reads none). */
export async function programmesFor(ctx: Pick<Ctx, 'db' | 'actor' | 'scope'>): Promise<ProgrammeView[]> {
  const seen = programmesSeenBy(ctx.actor, ctx.scope);
  if (!seen) throw new AppError('forbidden');
  return (await programmesSeen(ctx.db, seen === 'all' ? 'all' : [...seen])).map(programmeJson);
}

/** Adds a sponsor or a government body: 403, 422 with the messages, 409 when the name (or the id) is taken. */
export async function createOrganisation(ctx: Ctx, body: unknown) {
  if (!canSetUpProgrammes(ctx.actor)) throw new AppError('forbidden');
  const check = checkOrganisationEntry(body, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  const { entry } = check;
  const same = (await allOrganisations(ctx.db)).find((o) => o.id === entry.id || organisationNameKey(o.name) === organisationNameKey(entry.name));
  if (same || !(await insertOrganisation(ctx.db, entry))) {
    const taken = same ?? { id: entry.id, name: entry.name };
    throw new AppError('organisation_taken', [{ question: taken.id === entry.id ? 'id' : 'name', message: `${taken.name} (${taken.id})` }]);
  }
  return entry;
}

/** The organisations the actor reads: every one for admins; for managers and sponsors their models' sponsors and their own. */
export async function organisationsFor(ctx: Pick<Ctx, 'db' | 'actor' | 'scope'>) {
  const seen = programmesSeenBy(ctx.actor, ctx.scope);
  if (!seen) throw new AppError('forbidden');
  return organisationsSeen(ctx.db, seen === 'all' ? 'all' : { models: [...seen], userId: ctx.actor.id });
}
