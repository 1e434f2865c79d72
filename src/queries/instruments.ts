/**
 * Instrument versions in the database: released ones (never changed, so kept in a per-process cache by slug and
 * version, per database handle) and drafts awaiting release (never cached). Replaces the registry that bundled
 * surveys/*.json, so Node and Workers serve the same rows.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { instrumentDrafts, instruments, roundInstruments, rounds, users } from '../../db/schema';
import { statement, type Db } from '../db';
import type { Instrument } from '../domain/instrument';

export type ReleasedRow = typeof instruments.$inferSelect;
export type DraftRow = typeof instrumentDrafts.$inferSelect;

const cache = new WeakMap<Db, Map<string, Instrument>>();

const toInstrument = (row: { slug: string; version: number; hash: string; json: string; renamed: string }): Instrument => ({
  slug: row.slug,
  version: row.version,
  hash: row.hash,
  json: JSON.parse(row.json) as Record<string, unknown>,
  renamed: JSON.parse(row.renamed) as Record<string, string>,
});

/** A released version, or null (a draft is never returned). Cached: a released version never changes. */
export async function releasedInstrument(db: Db, slug: string, version: number): Promise<Instrument | null> {
  let kept = cache.get(db);
  if (!kept) cache.set(db, (kept = new Map()));
  const key = `${slug}@${version}`;
  const hit = kept.get(key);
  if (hit) return hit;
  if (!Number.isInteger(version)) return null;
  const [row] = await db.select().from(instruments).where(and(eq(instruments.slug, slug), eq(instruments.version, version))).limit(1);
  if (!row) return null;
  const instrument = toInstrument(row);
  kept.set(key, instrument);
  return instrument;
}

/** Every released version (without its JSON), by slug then version, with who released it. */
export async function releasedVersions(db: Db) {
  return db
    .select({
      slug: instruments.slug,
      version: instruments.version,
      titleVi: instruments.titleVi,
      titleEn: instruments.titleEn,
      hash: instruments.hash,
      renamed: instruments.renamed,
      releasedAt: instruments.releasedAt,
      releasedBy: users.name,
    })
    .from(instruments)
    .leftJoin(users, eq(users.id, instruments.releasedBy))
    .orderBy(asc(instruments.slug), asc(instruments.version));
}

/** Every released version as an Instrument (with its JSON), e.g. to compile their validators at start. */
export async function allReleasedInstruments(db: Db): Promise<Instrument[]> {
  const rows = await db.select().from(instruments).orderBy(asc(instruments.slug), asc(instruments.version));
  return Promise.all(rows.map((r) => releasedInstrument(db, r.slug, r.version).then((i) => i ?? toInstrument(r))));
}

/** Every released version of one instrument, oldest first (cached as releasedInstrument is). */
export async function releasedOfSlug(db: Db, slug: string): Promise<Instrument[]> {
  const rows = await db.select({ version: instruments.version }).from(instruments).where(eq(instruments.slug, slug)).orderBy(asc(instruments.version));
  const found = await Promise.all(rows.map((r) => releasedInstrument(db, slug, r.version)));
  return found.filter((i): i is Instrument => i !== null);
}

/** The renamed questions of every released version, keyed `slug@version` (for counting stored answers). */
export async function renamesByVersion(db: Db): Promise<Map<string, Readonly<Record<string, string>>>> {
  const rows = await db.select({ slug: instruments.slug, version: instruments.version, renamed: instruments.renamed }).from(instruments);
  return new Map(rows.map((r) => [`${r.slug}@${r.version}`, JSON.parse(r.renamed) as Record<string, string>]));
}

/** The latest released version of a slug (its full row), or null for a new slug. */
export async function latestReleased(db: Db, slug: string): Promise<Instrument | null> {
  const [row] = await db.select({ version: instruments.version }).from(instruments).where(eq(instruments.slug, slug)).orderBy(desc(instruments.version)).limit(1);
  return row ? releasedInstrument(db, slug, row.version) : null;
}

/** The stored row of a released version (its exact text), or null. */
export async function releasedRow(db: Db, slug: string, version: number): Promise<ReleasedRow | null> {
  const [row] = await db.select().from(instruments).where(and(eq(instruments.slug, slug), eq(instruments.version, version))).limit(1);
  return row ?? null;
}

/** Which rounds (of which model) pin which versions. */
export async function allPins(db: Db) {
  return db
    .select({ roundId: roundInstruments.roundId, slug: roundInstruments.slug, version: roundInstruments.version, modelId: rounds.modelId })
    .from(roundInstruments)
    .innerJoin(rounds, eq(rounds.id, roundInstruments.roundId))
    .orderBy(asc(roundInstruments.roundId));
}

/** Releases a version; false when the slug and version were already released (by this or another request). */
export async function insertReleased(db: Db, row: typeof instruments.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(instruments).values(row).onConflictDoNothing().returning({ slug: instruments.slug });
  return inserted.length === 1;
}

/** Keeps an upload as a draft; the same upload twice is the same draft (its id is made from its content). */
export async function saveDraft(db: Db, row: typeof instrumentDrafts.$inferInsert): Promise<void> {
  await db.insert(instrumentDrafts).values(row).onConflictDoNothing();
}

/** Drafts waiting to be released, newest first (without their JSON). */
export async function listDrafts(db: Db) {
  return db
    .select({ id: instrumentDrafts.id, slug: instrumentDrafts.slug, version: instrumentDrafts.version, createdAt: instrumentDrafts.createdAt })
    .from(instrumentDrafts)
    .orderBy(desc(instrumentDrafts.createdAt));
}

export async function draftById(db: Db, id: string): Promise<DraftRow | null> {
  const [row] = await db.select().from(instrumentDrafts).where(eq(instrumentDrafts.id, id)).limit(1);
  return row ?? null;
}

/**
 * Releases a draft in one batch: the version is inserted unless it exists, and the draft deleted only when the
 * released row is this draft's content. Returns whether this call released it.
 */
export async function releaseDraft(db: Db, draftId: string, row: typeof instruments.$inferInsert): Promise<boolean> {
  const [inserted] = await db.batch([
    db.insert(instruments).values(row).onConflictDoNothing().returning({ slug: instruments.slug }),
    statement(db, sql`DELETE FROM ${instrumentDrafts} WHERE ${instrumentDrafts.id} = ${draftId}
               AND EXISTS (SELECT 1 FROM ${instruments} WHERE ${instruments.slug} = ${row.slug} AND ${instruments.version} = ${row.version} AND ${instruments.hash} = ${row.hash})`),
  ]);
  return inserted.length === 1;
}

/**
 * Pins versions to a round (a newer version of a slug it pins, or another instrument), all in one statement; the
 * pins come as one JSON array, within D1's bound parameters. A pin never goes back to a lower version.
 */
export async function pinInstruments(db: Db, roundId: string, pins: { slug: string; version: number }[]): Promise<void> {
  if (pins.length === 0) return;
  await statement(db, sql`INSERT INTO ${roundInstruments} (round_id, slug, version)
                   SELECT ${roundId}, json_extract(value, '$.slug'), json_extract(value, '$.version') FROM json_each(${JSON.stringify(pins)}) WHERE true
                   ON CONFLICT (round_id, slug) DO UPDATE SET version = excluded.version WHERE excluded.version > ${roundInstruments.version}`);
}
