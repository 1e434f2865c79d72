import { Hono, type Context } from 'hono';
import { CountsPage, type CountsSheetProps, CountsSheet } from '../../views/counts';
import { atomically } from '../db';
import { canEnterCounts, canSeeRound } from '../domain/access';
import { AppError } from '../domain/errors';
import { dateInVietnam } from '../domain/calendar';
import { checkCountsEntry, keptOutByLaterFigures } from '../domain/registered-counts';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { pageContext } from '../middleware/page';
import { enterFigures } from '../queries/aggregates';
import { modelById } from '../queries/models';
import { communesOfModel, countsOfRound, type StoredCount } from '../queries/registered-counts';
import { roundById } from '../queries/rounds';

/** A round whose counts the signed-in person may enter: 403 for other roles, 404 outside their scope. */
async function roundToCount(c: Context<AppEnv>) {
  const actor = requireActor(c);
  if (!canEnterCounts(actor)) throw new AppError('forbidden');
  const round = await roundById(c.get('deps').db, c.req.param('id') ?? '');
  if (!round || !canSeeRound(actor, c.get('scope'), round) || !canEnterCounts(actor, c.get('scope'), round)) throw new AppError('not_found');
  return { actor, round };
}

type Round = NonNullable<Awaited<ReturnType<typeof roundById>>>;

/** What the sheet shows before any entry: the model's communes and the round's stored figures. */
async function sheetOf(c: Context<AppEnv>, round: Round) {
  const { db, clock } = c.get('deps');
  const [all, stored] = await Promise.all([communesOfModel(db, round.modelId), countsOfRound(db, round.id)]);
  // Registered figures are the model's census: its treated communes only (comparison ones would count nowhere).
  const communes = all.filter((commune) => commune.role === 'treated');
  return { ctx: pageContext(c), roundId: round.id, communes, stored, today: dateInVietnam(clock()) };
}

/** The sheet alone for htmx, else the whole page. */
async function respond(c: Context<AppEnv>, round: Round, props: CountsSheetProps, status: 200 | 422) {
  if (c.req.header('hx-request')) return c.html(<CountsSheet {...props} />, status);
  const model = await modelById(c.get('deps').db, round.modelId);
  return c.html(<CountsPage {...props} round={round} model={model!} />, status);
}

/** Registered counts of a round's communes, entered by managers and admins (GET and POST /rounds/:id/counts). */
export function countRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/:id/counts', async (c) => {
    const { round } = await roundToCount(c);
    return respond(c, round, await sheetOf(c, round), 200);
  });

  routes.post('/:id/counts', async (c) => {
    const { actor, round } = await roundToCount(c);
    const { db, clock } = c.get('deps');
    // A body that is not a form (or no body at all) is an empty entry, refused with the form's messages.
    const form: Record<string, unknown> = await c.req.parseBody({ all: true }).catch(() => ({}));
    const sheet = await sheetOf(c, round);
    const check = checkCountsEntry(form, sheet.communes, valuesByCommune(sheet.stored), sheet.today);
    if (!check.ok) return respond(c, round, { ...sheet, refused: { form, problems: check.problems } }, 422);

    const { entry } = check;
    const updatedAt = clock().toISOString();
    await atomically(db, enterFigures(db, entry.values.map((v) => ({ ...v, roundId: round.id, source: entry.source, asOf: entry.asOf, enteredBy: actor.id, submissionId: null, updatedAt }))));
    const stored = await countsOfRound(db, round.id);
    const keptOut = keptOutByLaterFigures(entry, stored);
    return respond(c, round, { ...sheet, stored, saved: { count: entry.values.length - keptOut.length, keptOut } }, 200);
  });

  return routes;
}

function valuesByCommune(stored: StoredCount[]) {
  const values = new Map<number, Record<string, number>>();
  for (const s of stored) values.set(s.communeId, { ...values.get(s.communeId), [s.figure]: s.value });
  return values;
}
