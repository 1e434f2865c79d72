/**
 * An import's items checked and stored in slices (issue 16), so that a 5,000-item file fits one Workers
 * invocation (D1: 1,000 queries): one at a time, an item cost 6 statements. For each window of items
 * (config.importSliceItems: 100 on Workers, 10 on Node), what their checks read (rounds, communes, known ids) is read in one batch of 3 statements; each item is
 * then checked in file order by the rules of a single send (checkSubmission), and the new ones are stored with
 * their counting in one batch of 3–4 statements (queries/stored-together.ts): ~7 statements per 100 items.
 * The answers are those of storing the items one by one: an id met again while its first item waits in the
 * slice is answered against that item's row, and checked again against the stored row if another request
 * stored the id first (then the first is answered as a replay too).
 */
import type { Db } from '../db';
import { AppError } from '../domain/errors';
import { canonicalSubmissionId } from '../domain/submission';
import { basesOf } from '../domain/review';
import { communesOfRounds, type ModelCommune, roundsByIds, type RoundWithInstruments } from '../queries/rounds';
import { type CountedRow, storeCounted } from '../queries/stored-together';
import { type KnownSubmission, knownSubmissions } from '../queries/submissions';
import { countingOf } from './aggregates';
import { type IngestReads, type IngestResult, readsOf, replayOnWinner, type ToStore } from './ingest';

/** The most bytes of JSON one statement of a slice carries (the rows, their parts): half of D1's 2,000,000 a string. */
export const sliceJsonBytes = 1_000_000;

/**
 * Upper bounds of the JSON an item adds to the slice's rows (a character of its answers is at most 3 bytes of
 * UTF-8; ids, hash, codes and dates under 300) and to its parts and figures (names as they are, numbers under 100
 * bytes).
 */
function jsonBytesOf(counted: CountedRow) {
  const part = counted.parts.reduce((sum, p) => sum + p.dimension.length + p.indicatorId.length + p.category.length + 100, 0);
  return { rows: 3 * counted.row.answers.length + 300, parts: part * counted.bases.length + 300 * counted.figures.length + 300 };
}

/** An item's outcome once known: its status (201 stored, 200 already there) or why it was refused. */
export type Decided = (index: number, outcome: 200 | 201 | AppError) => void;

/** Checks one item with the reads it is given: the answer for a known id, the row to store, or an AppError thrown. */
export type Check = (reads: IngestReads) => Promise<IngestResult | ToStore>;

interface Pending {
  index: number;
  checked: ToStore;
  counted: CountedRow;
}

export class ImportSlices {
  /** Rows stored or met during this import, by id: what a later item with the same id is checked against. */
  private readonly met = new Map<string, KnownSubmission>();
  private pending = new Map<string, Pending>();
  /** Items answered against a waiting row, to check again should another request have stored that id first. */
  private followers: { id: string; index: number; check: Check }[] = [];
  private bytes = { rows: 0, parts: 0 };
  private reads: IngestReads;

  constructor(
    private readonly db: Db,
    private readonly decided: Decided,
  ) {
    this.reads = readsOf(db);
  }

  /** Reads what checking `items` needs, for all of them at once; anything else is read as a single send reads it. */
  async readAhead(items: readonly unknown[]): Promise<void> {
    const field = (key: string) => [...new Set(items.flatMap((item) => (item && typeof item === 'object' && typeof (item as Record<string, unknown>)[key] === 'string' ? [(item as Record<string, string>)[key]] : [])))];
    const [roundIds, ids, codes] = [field('round'), field('id').map(canonicalSubmissionId), field('commune')];
    const rounds = roundsByIds(this.db, roundIds);
    const [roundRows, known, communeRows] = await this.db.batch([rounds.query, knownSubmissions(this.db, ids), communesOfRounds(this.db, roundIds, codes)]);
    const roundsById = new Map<string, RoundWithInstruments | null>(roundIds.map((id) => [id, null]));
    for (const row of roundRows) roundsById.set(row.round.id, rounds.read(row));
    const knownById = new Map<string, KnownSubmission | null>(ids.map((id) => [id, null]));
    for (const row of known) knownById.set(row.id, row);
    const communes = new Map<string, ModelCommune | null>();
    for (const round of roundsById.values()) for (const code of round ? codes : []) communes.set(`${round!.modelId} ${code}`, null);
    for (const { modelId, ...commune } of communeRows) communes.set(`${modelId} ${commune.code}`, commune);

    const direct = readsOf(this.db);
    const read = <T>(kept: Map<string, T | null>, key: string, otherwise: () => Promise<T | null>) => (kept.has(key) ? Promise.resolve(kept.get(key) ?? null) : otherwise());
    this.reads = {
      round: (id) => read(roundsById, id, () => direct.round(id)),
      instrument: direct.instrument,
      submission: (id) => (this.met.has(id) ? Promise.resolve(this.met.get(id)!) : read(knownById, id, () => direct.submission(id))),
      commune: (modelId, code) => read(communes, `${modelId} ${code}`, () => direct.commune(modelId, code)),
    };
  }

  /** Checks item `index` and answers it, or queues it for the slice's store. */
  async take(index: number, check: Check): Promise<void> {
    let follows: string | null = null;
    const waiting = (id: string) => {
      const row = this.pending.get(id)?.checked.row;
      if (row) follows = id;
      return row;
    };
    try {
      const checked = await check({ ...this.reads, submission: async (id) => waiting(id) ?? this.reads.submission(id) });
      if (checked.status === 'new') await this.add(index, checked);
      else this.decided(index, checked.status);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      this.decided(index, err);
    } finally {
      if (follows) this.followers.push({ id: follows, index, check });
    }
  }

  /** Queues a checked item; a slice that would carry more than `sliceJsonBytes` is stored first. */
  private async add(index: number, checked: ToStore): Promise<void> {
    const counted = { row: checked.row, ...countingOf(checked.row, checked.renamed), bases: basesOf('received') };
    const bytes = jsonBytesOf(counted);
    const over = this.bytes.rows + bytes.rows > sliceJsonBytes || this.bytes.parts + bytes.parts > sliceJsonBytes;
    if (this.pending.size > 0 && over) await this.store();
    this.pending.set(checked.row.id, { index, checked, counted });
    this.bytes = { rows: this.bytes.rows + bytes.rows, parts: this.bytes.parts + bytes.parts };
  }

  /** Stores the queued items in one batch and answers each: 201, or as a replay of the row another request stored. */
  async store(): Promise<void> {
    const [pending, followers] = [[...this.pending.values()], this.followers];
    [this.pending, this.followers, this.bytes] = [new Map(), [], { rows: 0, parts: 0 }];
    if (pending.length === 0) return;
    const stored = await storeCounted(this.db, pending.map((p) => p.counted));
    const lost = pending.filter((p) => !stored.has(p.checked.row.id));
    const winners = new Map<string, KnownSubmission>();
    if (lost.length > 0) for (const row of await knownSubmissions(this.db, lost.map((p) => p.checked.row.id))) winners.set(row.id, row);
    for (const { index, checked } of pending) {
      const { id, roundId, instrumentSlug, instrumentVersion, contentHash, receivedAt } = checked.row;
      if (stored.has(id)) {
        // Kept without its answers: a later item with this id is answered by its content hash.
        this.met.set(id, { id, roundId, instrumentSlug, instrumentVersion, contentHash, receivedAt });
        this.decided(index, 201);
        continue;
      }
      const winner = winners.get(id) ?? null;
      if (winner) this.met.set(id, winner);
      await this.take(index, async () => replayOnWinner(winner, contentHash, checked.communeCode));
    }
    // Answered against a row another request beat: checked again against the winner.
    for (const follower of followers) if (!stored.has(follower.id)) await this.take(follower.index, follower.check);
  }
}
