/**
 * Running rounds without code: creating one for a model (find the model → may the actor → check → insert with
 * its pins) and opening or closing it (with who, when and why recorded). Shared by the API and the pages.
 */
import type { Db } from '../db';
import { type Actor, canPinInstruments, canReopenRounds, canSeeModel, canSeeRound, managesModel, may, type Scope } from '../domain/access';
import { AppError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { checkPins, checkRoundEntry, checkStatusChange } from '../domain/rounds';
import { pinInstruments, releasedVersions } from '../queries/instruments';
import { modelById } from '../queries/models';
import { communesOfModel } from '../queries/registered-counts';
import { insertRound, roundById, roundKindsOfModel, setRoundStatus } from '../queries/rounds';

interface Ctx {
  db: Db;
  actor: Actor;
  scope: Scope;
  locale: Locale;
  now: Date;
}

/** Creates a round, open unless `status: "closed"`; 422 with the fields' messages, 403 for who may not. */
export async function createRound(ctx: Ctx, body: unknown) {
  const input = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const modelId = typeof input.model === 'string' ? input.model : '';
  const model = modelId ? await modelById(ctx.db, modelId) : null;
  if (!model || !canSeeModel(ctx.actor, ctx.scope, model.id)) throw new AppError('invalid_request', [{ question: 'model', message: modelId || '(none)' }]);
  if (!may(ctx.actor, 'round.create', ctx.scope, { modelId: model.id })) throw new AppError('forbidden');
  const [kindsTaken, communes, released] = await Promise.all([roundKindsOfModel(ctx.db, model.id), communesOfModel(ctx.db, model.id), releasedVersions(ctx.db)]);
  const instrumentExists = (slug: string, version: number) => released.some((r) => r.slug === slug && r.version === version);
  const check = checkRoundEntry(input, { kindsTaken, instrumentExists }, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  const { entry } = check;
  const id = `${model.id}-${entry.kind}`;
  const created = await insertRound(
    ctx.db,
    {
      id,
      modelId: model.id,
      kind: entry.kind,
      plannedStart: entry.plannedStart,
      plannedEnd: entry.plannedEnd,
      plannedSample: entry.plannedSamplePerCommune * Math.max(1, communes.length),
      status: input.status === 'closed' ? 'closed' : 'open',
    },
    entry.instruments,
  );
  if (!created) {
    // Another request created the model's round of this kind meanwhile: the same message as if it had been first.
    const taken = checkRoundEntry(input, { kindsTaken: [entry.kind], instrumentExists: () => true }, ctx.locale);
    throw new AppError('invalid_request', taken.ok ? [] : taken.errors);
  }
  return (await roundById(ctx.db, id))!;
}

/**
 * Changes a round (PATCH): opens or closes it (`status`: closing by whoever runs it, reopening a closed one by an
 * admin with a reason) and/or pins instrument versions (`instruments`: released, never lower than pinned).
 * Everything is checked before anything is written.
 */
export async function changeRoundStatus(ctx: Ctx, roundId: string, body: unknown) {
  const round = await roundById(ctx.db, roundId);
  if (!round || !canSeeRound(ctx.actor, ctx.scope, round)) throw new AppError('not_found');
  if (!managesModel(ctx.actor, ctx.scope, round.modelId)) throw new AppError('forbidden');
  const input = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const pins = input.instruments === undefined ? null : await checkedPins(ctx, round, input.instruments);
  if (input.status !== undefined || !pins) {
    const check = checkStatusChange(round.status, input.status, { mayReopen: canReopenRounds(ctx.actor) }, input.reason, ctx.locale);
    if (!check.ok) throw new AppError(check.forbidden ? 'forbidden' : 'invalid_request', check.errors);
    if (pins) await pinInstruments(ctx.db, round.id, pins);
    if (check.to !== round.status) await setRoundStatus(ctx.db, round.id, { status: check.to, reason: check.reason, changedBy: ctx.actor.id, changedAt: ctx.now.toISOString() });
  } else await pinInstruments(ctx.db, round.id, pins);
  return (await roundById(ctx.db, round.id))!;
}

/** The versions to pin to a round, checked against the released ones and the round's pins; 422 with the messages. */
async function checkedPins(ctx: Ctx, round: { modelId: string; instruments: { slug: string; version: number }[] }, input: unknown) {
  if (!canPinInstruments(ctx.actor, ctx.scope, round)) throw new AppError('forbidden');
  const check = checkPins(input, { released: await releasedVersions(ctx.db), pinned: round.instruments }, ctx.locale);
  if (!check.ok) throw new AppError('invalid_request', check.errors);
  return check.pins;
}
