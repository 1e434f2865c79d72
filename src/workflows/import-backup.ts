/**
 * Importing a backup file of unsent submissions (from a device's "Xuất tệp sao lưu"), by the evaluator on
 * another device or by a manager on the web or the API. Every item is checked by the rules of a single send
 * (`checkSubmission`), in file order, and the new ones are stored a slice at a time (workflows/import-slice.ts):
 * a known id with the same content is answered 200 and stored nothing, so importing a file twice, or after the
 * device sent part of it, still stores each submission once.
 * Each item stands alone: one bad item never stops the others, and never leaves part of a row. An item may be
 * no larger than a single send (BODY_LIMIT_BYTES), measured before anything else looks at it.
 */
import type { Db } from '../db';
import { type Actor, canSubmitTo, may, ofRound, reach, type Scope } from '../domain/access';
import { backupFile, itemEvaluator, itemId, itemTooLarge } from '../domain/backup';
import { AppError, type ErrorCode, errorMessage, type FieldError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { jsonSizeExceeds } from '../domain/json-limits';
import type { AnswerLimits } from '../domain/validation/limits';
import { scopeOf } from '../queries/scope';
import { userByEmail } from '../queries/users';
import { ImportSlices } from './import-slice';
import { checkSubmission, type IngestReads } from './ingest';
import { pacer } from './pace';

export interface ImportOutcome {
  id: string | null;
  status: number;
  code?: ErrorCode;
  title?: string;
  errors?: FieldError[];
}

export interface ImportReport {
  results: ImportOutcome[];
  stored: number;
  alreadyThere: number;
  refused: number;
}

interface ImportContext {
  db: Db;
  now: Date;
  actor: Actor;
  scope: Scope;
  locale: Locale;
  /** The most one item may take as JSON: what POST /submissions accepts (config.bodyLimitBytes). */
  itemLimitBytes: number;
  /** Answer limits where an instrument is silent, as for a single send (config.answerLimits). */
  limits?: AnswerLimits;
  /** Items checked and stored at a time (config.importSliceItems); the answers are the same whatever it is. */
  sliceItems: number;
}

type Collector = { actor: Actor; scope: Scope };

export async function importBackup(ctx: ImportContext, file: unknown): Promise<ImportReport> {
  if (!may(ctx.actor, 'import')) throw new AppError('forbidden');
  const parsed = backupFile.safeParse(file);
  if (!parsed.success) {
    throw new AppError('invalid_request', parsed.error.issues.map((i) => ({ question: i.path.join('.') || '(file)', message: i.message })));
  }
  const items = parsed.data.submissions;
  const results: ImportOutcome[] = new Array(items.length);
  const decided = (index: number, outcome: number | AppError) => {
    const id = itemId(items[index]);
    results[index] = outcome instanceof AppError ? { id, status: outcome.status, code: outcome.code, title: errorMessage(outcome.code, ctx.locale), errors: outcome.errors } : { id, status: outcome };
  };
  const slices = new ImportSlices(ctx.db, decided);
  const collectors = new Map<string, Collector | null>();
  const pace = pacer();
  for (let start = 0; start < items.length; start += ctx.sliceItems) {
    const window = items.slice(start, start + ctx.sliceItems);
    await slices.readAhead(window);
    for (const [offset, item] of window.entries()) {
      const index = start + offset;
      await pace();
      await slices.take(index, async (reads) => {
        if (jsonSizeExceeds(item, ctx.itemLimitBytes)) throw new AppError('too_large', [itemTooLarge(index, ctx.itemLimitBytes, ctx.locale)]);
        const collector = await collectorOf(ctx, item, collectors, reads);
        return checkSubmission({ now: ctx.now, locale: ctx.locale, limits: ctx.limits, ...collector }, item, reads);
      });
    }
    await slices.store();
  }
  return {
    results,
    stored: results.filter((r) => r.status === 201).length,
    alreadyThere: results.filter((r) => r.status === 200).length,
    refused: results.filter((r) => r.status >= 400).length,
  };
}

/**
 * Who the item is stored as. Whose import reaches only their `own` items (evaluators) imports their own
 * submissions. A manager or admin uploads on behalf of the evaluator the item names, who must be assigned to
 * its round, in a model within the uploader's reach.
 */
async function collectorOf(ctx: ImportContext, item: unknown, known: Map<string, Collector | null>, reads: IngestReads): Promise<Collector> {
  const named = itemEvaluator(item);
  if (reach(ctx.actor, 'import') === 'own') {
    if (named && named !== ctx.actor.email) throw new AppError('other_evaluator');
    return { actor: ctx.actor, scope: ctx.scope };
  }
  if (!named) throw new AppError('unknown_evaluator', [{ question: 'evaluator', message: '(none)' }]);
  if (!known.has(named)) {
    const user = await userByEmail(ctx.db, named);
    const actor: Actor | null = user && user.role === 'evaluator' ? { id: user.id, role: user.role, name: user.name, email: user.email } : null;
    known.set(named, actor ? { actor, scope: await scopeOf(ctx.db, actor) } : null);
  }
  const collector = known.get(named);
  if (!collector) throw new AppError('unknown_evaluator', [{ question: 'evaluator', message: named }]);
  const roundId = item && typeof item === 'object' ? (item as { round?: unknown }).round : undefined;
  const round = typeof roundId === 'string' ? await reads.round(roundId) : null;
  if (round) {
    if (!may(ctx.actor, 'import', ctx.scope, ofRound(round))) throw new AppError('not_assigned');
    if (!canSubmitTo(collector.actor, collector.scope, round)) throw new AppError('unknown_evaluator', [{ question: 'evaluator', message: named }]);
  }
  return collector;
}
