/**
 * Models run without code: creating one (admins) and changing it (admins; managers their own models' names,
 * period and places). Each reads top to bottom: may the actor → look up what the entry names → check → store.
 * Shared by the API and the pages.
 */
import type { Db } from '../db';
import { type Actor, canCreateModels, canEditModel, canSeeModel, modelPartsEditable, type Scope } from '../domain/access';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { checkModelEntry, checkModelPatch, codesNamed, comparisonCodes, fieldsNotYours, type KnownForModels, type ModelEntry, placesWithData } from '../domain/model-entry';
import { insertModel, modelChoices, placesHoldingData, storedModel, updateModel } from '../queries/model-entry';
import { rankPlaces } from '../domain/place-search';
import type { PlaceLevel } from '../domain/places';
import { placeSearchCandidates, placesWithCodes } from '../queries/places';

interface Ctx {
  db: Db;
  actor: Actor;
  scope: Scope;
  locale: Locale;
  /** When, by whom and from where, for the audit entry of a change (middleware/audit.ts auditOrigin). */
  origin: { at: string; userId: number | null; address: string | null };
}

/** The types, programmes, sponsors and the stored places with the codes named (and the model's own). */
async function knownFor(db: Db, codes: readonly string[]): Promise<KnownForModels> {
  const [choices, units] = await Promise.all([modelChoices(db), placesWithCodes(db, codes)]);
  return { typeIds: choices.types.map((t) => t.id), programmes: choices.programmes, sponsorIds: choices.sponsors.map((s) => s.id), places: units };
}

/** Creates a model (201 with it); 403 for who may not, 422 with each field's message, 409 for a taken id. */
export async function createModel(ctx: Ctx, body: unknown): Promise<ModelEntry> {
  if (!canCreateModels(ctx.actor)) throw new AppError('forbidden');
  const check = checkModelEntry(body, await knownFor(ctx.db, codesNamed(body)), ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  if (!(await insertModel(ctx.db, check.entry))) throw new AppError('model_taken', [{ question: 'id', message: check.entry.id }]);
  return check.entry;
}

/** The stored model the actor may edit: 403 for roles that never edit models, 404 beyond the actor's scope. */
export async function modelToEdit(ctx: Ctx, id: string): Promise<ModelEntry> {
  // A role that never edits models is refused as such, whichever model it names.
  if (modelPartsEditable(ctx.actor).length === 0) throw new AppError('forbidden');
  const model = canSeeModel(ctx.actor, ctx.scope, id) ? await storedModel(ctx.db, id) : null;
  if (!model) throw new AppError('not_found');
  if (!canEditModel(ctx.actor, ctx.scope, id)) throw new AppError('forbidden');
  return model;
}

/**
 * Changes a model: 422 with each field's message (also for removing a unit whose data the model's rounds
 * hold), 403 for parts not the actor's to change (a manager's type, programme or sponsor).
 */
export async function changeModel(ctx: Ctx, id: string, body: unknown): Promise<ModelEntry> {
  const current = await modelToEdit(ctx, id);
  const known = await knownFor(ctx.db, [...codesNamed(body), ...current.places.map((p) => p.code)]);
  const check = checkModelPatch(current, body, known, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  const notYours = check.changed.filter((f) => !modelPartsEditable(ctx.actor).includes(f));
  if (notYours.length > 0) throw new AppError('forbidden', fieldsNotYours(notYours, ctx.locale));
  const removed = current.places.filter((p) => !check.entry.places.some((q) => q.id === p.id));
  const holding = await placesHoldingData(ctx.db, id, removed);
  if (holding.length > 0) throw new AppError('invalid_request', placesWithData(removed.filter((p) => holding.includes(p.id)), ctx.locale));
  if (check.changed.length > 0) {
    const detail = { changed: check.changed, communes: check.entry.places.map((p) => p.code), comparison: comparisonCodes(check.entry), before: { communes: current.places.map((p) => p.code), comparison: comparisonCodes(current) } };
    await updateModel(ctx.db, check.entry, removed, { ...ctx.origin, action: 'model.change', objectType: 'model', objectId: id, detail });
  }
  return (await storedModel(ctx.db, id))!;
}

/**
 * Units matching a search, best first (the API's `GET /places` and the model form's picker): a name with or
 * without accents, or the start of a GSO code; of these levels; valid at some time in [from, to] when given.
 */
export async function searchPlaces(db: Db, search: { query: string; levels: readonly PlaceLevel[]; from?: string; to?: string }) {
  return rankPlaces(await placeSearchCandidates(db, search), search.query);
}
