/**
 * Storing one submission exactly once, shared by the JSON API and the web survey page:
 * parse → find the round → check the actor may submit → validate → replay or conflict on a known id → check the
 * commune (one of the round's model, and one the evaluator is assigned) → insert. Imports check each item by the
 * same rules (`checkSubmission`) and store a slice of them together (workflows/import-slice.ts).
 */
import type { Db } from '../db';
import { type Actor, canSubmitTo, type Scope } from '../domain/access';
import { AppError, type FieldError } from '../domain/errors';
import type { Locale } from '../domain/i18n';
import { householdCode } from '../domain/household';
import { contentHash, submissionInput } from '../domain/submission';
import { validateAnswers } from '../domain/survey-validation';
import type { AnswerLimits } from '../domain/validation/limits';
import type { Instrument } from '../domain/instrument';
import { releasedInstrument } from '../queries/instruments';
import { communeOfModel, type ModelCommune, roundById, type RoundWithInstruments } from '../queries/rounds';
import { countStatements } from './aggregates';
import { insertSubmission, type KnownSubmission, type SubmissionRow, submissionById } from '../queries/submissions';

export interface StoredSubmission {
  id: string;
  round: string;
  commune: string;
  instrument: string;
  version: number;
  contentHash: string;
  receivedAt: string;
}

export interface IngestResult {
  /** 201 when stored now, 200 when the same content was stored before. */
  status: 200 | 201;
  submission: StoredSubmission;
}

export interface IngestContext {
  db: Db;
  now: Date;
  actor: Actor;
  scope: Scope;
  locale: Locale;
  synthetic?: boolean;
  /** Limits where an instrument is silent; the defaults unless configured (config.answerLimits). */
  limits?: AnswerLimits;
  /**
   * false leaves the row uncounted (revision 0) for the batch step (catchUpAggregates) instead of counting it
   * in the same batch; bench/aggregates.ts uses it to measure what counting costs.
   */
  count?: boolean;
}

/**
 * What checking a submission reads, one call each: the direct queries for a single send (`readsOf`), or the rows
 * an import's slice read together (workflows/import-slice.ts).
 */
export interface IngestReads {
  round(id: string): Promise<RoundWithInstruments | null>;
  instrument(slug: string, version: number): Promise<Instrument | null>;
  submission(id: string): Promise<KnownSubmission | null>;
  commune(modelId: string, code: string): Promise<ModelCommune | null>;
}

export const readsOf = (db: Db): IngestReads => ({
  round: (id) => roundById(db, id),
  instrument: (slug, version) => releasedInstrument(db, slug, version),
  submission: (id) => submissionById(db, id),
  commune: (modelId, code) => communeOfModel(db, modelId, code),
});

/** A submission that passed every check and is not stored yet: its row, and what counting it needs. */
export interface ToStore {
  status: 'new';
  row: Omit<SubmissionRow, 'revision' | 'reviewState' | 'contentRevision'>;
  renamed: Instrument['renamed'];
  communeCode: string;
}

export async function ingestSubmission(ctx: IngestContext, body: unknown): Promise<IngestResult> {
  const checked = await checkSubmission(ctx, body, readsOf(ctx.db));
  if (checked.status !== 'new') return checked;
  const { row, renamed, communeCode } = checked;
  // Counted in the kept indicator sums in the same batch, only if this request is the one that stored it.
  const counting = ctx.count === false ? [] : countStatements(ctx.db, row, { id: row.id, revision: 0, contentHash: row.contentHash }, renamed);
  const stored = await insertSubmission(ctx.db, row, counting);
  if (stored) return { status: 201, submission: view(stored, communeCode) };
  // Another request stored the same id between our read and our insert.
  return replayOnWinner(await submissionById(ctx.db, row.id), row.contentHash, communeCode);
}

/**
 * Every rule of a send short of storing it: the answer for a known id (200, or 409 when its content differs),
 * else the row to store. Throws the AppError of the first rule broken.
 */
export async function checkSubmission(ctx: Omit<IngestContext, 'db' | 'count'>, body: unknown, reads: IngestReads): Promise<IngestResult | ToStore> {
  const parsed = submissionInput.safeParse(body);
  if (!parsed.success) throw new AppError('invalid_request', zodErrors(parsed.error.issues));
  const input = parsed.data;

  const round = await reads.round(input.round);
  if (!round) throw new AppError('unknown_round', [{ question: 'round', message: input.round }]);
  if (!canSubmitTo(ctx.actor, ctx.scope, round)) throw new AppError('not_assigned');
  // The round's pinned version, or an earlier one: a draft started before the round moved to a newer version
  // finishes on the version it started on, and is validated against that version.
  const pin = round.instruments.find((p) => p.slug === input.instrument);
  const instrument = pin && input.version <= pin.version ? await reads.instrument(input.instrument, input.version) : null;
  if (!instrument) throw new AppError('unknown_instrument', [{ question: 'instrument', message: `${input.instrument} v${input.version}` }]);

  // Validation first: it is cheap, and only answers it accepted (bounded in size and depth) are hashed.
  const { answers, errors } = validateAnswers(instrument, input.answers, ctx.locale, ctx.limits);
  if (errors.length > 0) throw new AppError('invalid_answers', errors);
  const hash = contentHash(input, answers);
  const existing = await reads.submission(input.id);
  if (existing) return replay(existing, hash, input.commune);

  if (round.status !== 'open') throw new AppError('round_closed');
  const commune = await reads.commune(round.modelId, input.commune);
  if (!commune) throw new AppError('unknown_commune', [{ question: 'commune', message: input.commune }]);
  if (!canSubmitTo(ctx.actor, ctx.scope, round, commune.code)) throw new AppError('not_assigned_commune', [{ question: 'commune', message: input.commune }]);

  const row = {
    id: input.id,
    roundId: round.id,
    communeId: commune.id,
    instrumentSlug: instrument.slug,
    instrumentVersion: instrument.version,
    evaluatorId: ctx.actor.id,
    answers: JSON.stringify(answers),
    contentHash: hash,
    householdCode: householdCode(commune.code, answers),
    startedAt: input.startedAt ?? null,
    receivedAt: ctx.now.toISOString(),
    synthetic: ctx.synthetic ?? false,
  };
  return { status: 'new', row, renamed: instrument.renamed, communeCode: input.commune };
}

/** The answer to a send that lost the race to store its id: the winner's row, read after our insert did nothing. */
export function replayOnWinner(winner: KnownSubmission | null, hash: string, communeCode: string): IngestResult {
  if (!winner) throw new AppError('internal');
  return replay(winner, hash, communeCode);
}

function replay(existing: KnownSubmission, hash: string, communeCode: string): IngestResult {
  if (existing.contentHash !== hash) throw new AppError('conflict');
  return { status: 200, submission: view(existing, communeCode) };
}

/** The commune code is part of the content hash, so a replay with equal hash has the same code. */
function view(row: KnownSubmission, communeCode: string): StoredSubmission {
  return {
    id: row.id,
    round: row.roundId,
    commune: communeCode,
    instrument: row.instrumentSlug,
    version: row.instrumentVersion,
    contentHash: row.contentHash,
    receivedAt: row.receivedAt,
  };
}

function zodErrors(issues: { path: (string | number)[]; message: string }[]): FieldError[] {
  return issues.map((i) => ({ question: i.path.join('.') || '(body)', message: i.message }));
}
