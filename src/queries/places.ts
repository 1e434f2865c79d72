import { and, asc, eq, gte, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { placeSuccessions, places } from '../../db/schema';
import { type Db, valuesOf } from '../db';
import { foldName, isCodeQuery } from '../domain/place-search';
import { placeGraph, type PlaceGraph, type PlaceLevel, type PlaceNode } from '../domain/places';
import { inJson } from './bound';

/**
 * All places and successions as a graph for roll-ups; the tables are small, so one read each. Places are read
 * by position (valuesOf): as Drizzle's row objects, the 636 places of bench:aggregates took 6 ms instead of 1.5.
 */
export async function loadPlaceGraph(db: Db): Promise<PlaceGraph> {
  type Row = [number, string, PlaceLevel, string, string, number | null, string, string | null];
  const [rows, successions] = await Promise.all([valuesOf<Row>(db, db.select().from(places).getSQL()), db.select().from(placeSuccessions)]);
  const nodes = rows.map(([id, code, level, nameVi, nameEn, parentId, validFrom, validTo]): typeof places.$inferSelect => ({ id, code, level, nameVi, nameEn, parentId, validFrom, validTo }));
  return placeGraph(nodes, successions);
}

const parent = alias(places, 'parent');
const grandparent = alias(places, 'grandparent');

const placeColumns = {
  id: places.id,
  code: places.code,
  level: places.level,
  nameVi: places.nameVi,
  nameEn: places.nameEn,
  parentId: places.parentId,
  validFrom: places.validFrom,
  validTo: places.validTo,
};

/** A unit with its district and province (where it has them) and the units that replaced it. */
export interface PlaceWithContext extends PlaceNode {
  district: { code: string; nameVi: string; nameEn: string } | null;
  province: { code: string; nameVi: string; nameEn: string } | null;
  successors: { code: string; level: PlaceLevel; nameVi: string; nameEn: string; validFrom: string; effective: string }[];
}

/** Units with their parent and grandparent, and their successors (one more statement, ids as one JSON list). */
async function withContext(db: Db, where: SQL | undefined, limit: number): Promise<PlaceWithContext[]> {
  const rows = await db
    .select({
      place: placeColumns,
      parent: { code: parent.code, level: parent.level, nameVi: parent.nameVi, nameEn: parent.nameEn },
      grandparent: { code: grandparent.code, level: grandparent.level, nameVi: grandparent.nameVi, nameEn: grandparent.nameEn },
    })
    .from(places)
    .leftJoin(parent, eq(parent.id, places.parentId))
    .leftJoin(grandparent, eq(grandparent.id, parent.parentId))
    .where(where)
    .orderBy(asc(places.code), asc(places.validFrom))
    .limit(limit);
  if (rows.length === 0) return [];
  const successor = alias(places, 'successor');
  const next = await db
    .select({ predecessorId: placeSuccessions.predecessorId, effective: placeSuccessions.effective, code: successor.code, level: successor.level, nameVi: successor.nameVi, nameEn: successor.nameEn, validFrom: successor.validFrom })
    .from(placeSuccessions)
    .innerJoin(successor, eq(successor.id, placeSuccessions.successorId))
    .where(inJson(placeSuccessions.predecessorId, rows.map((r) => r.place.id)))
    .orderBy(asc(successor.code));
  const at = (level: PlaceLevel, ...units: ({ code: string; level: PlaceLevel; nameVi: string; nameEn: string } | null)[]) => {
    const unit = units.find((u) => u?.level === level);
    return unit ? { code: unit.code, nameVi: unit.nameVi, nameEn: unit.nameEn } : null;
  };
  return rows.map((r) => ({
    ...r.place,
    district: at('district', r.parent, r.grandparent),
    province: at('province', r.parent, r.grandparent),
    successors: next.filter((n) => n.predecessorId === r.place.id).map(({ predecessorId: _, ...n }) => n),
  }));
}

/** Every stored unit with one of these codes, whatever its level and validity (the list is one JSON parameter). */
export async function placesWithCodes(db: Db, codes: readonly string[]): Promise<PlaceWithContext[]> {
  if (codes.length === 0) return [];
  return withContext(db, inJson(places.code, [...new Set(codes)]), 5000);
}

const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The units of these levels, valid at some time in [from, to] when given, that may match a search (at most
 * 200; domain/place-search.ts ranks them). A number matches codes by their start; words match the unaccented
 * English name (the seed's name_en is the name without accents) or the Vietnamese name as typed.
 */
export async function placeSearchCandidates(db: Db, search: { query: string; levels: readonly PlaceLevel[]; from?: string; to?: string }): Promise<PlaceWithContext[]> {
  const query = search.query.normalize('NFC').trim();
  if (!query || search.levels.length === 0) return [];
  const matches = isCodeQuery(query)
    ? sql`${places.code} LIKE ${`${query}%`}`
    : or(sql`lower(${places.nameEn}) LIKE ${`%${likeEscaped(foldName(query))}%`} ESCAPE '\\'`, sql`${places.nameVi} LIKE ${`%${likeEscaped(query)}%`} ESCAPE '\\'`);
  return withContext(
    db,
    and(
      inArray(places.level, [...search.levels]),
      matches,
      search.to ? lte(places.validFrom, search.to) : undefined,
      search.from ? or(isNull(places.validTo), gte(places.validTo, search.from)) : undefined,
    ),
    200,
  );
}
