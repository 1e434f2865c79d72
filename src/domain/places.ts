/**
 * Places over time. GSO units carry valid-from / valid-to dates and links to the units that replaced them
 * (on 2025-07-01 districts were abolished and communes and provinces merged: Yên Bái into Lào Cai, Hà Nam
 * into Ninh Bình). A round is reported under the boundaries it was run in, or rolled up under today's.
 * Pure: dates are ISO `YYYY-MM-DD` strings, which compare correctly as strings.
 */
export type PlaceLevel = 'province' | 'district' | 'commune';

export interface PlaceNode {
  id: number;
  code: string;
  level: PlaceLevel;
  nameVi: string;
  nameEn: string;
  parentId: number | null;
  validFrom: string;
  /** Last day the unit existed; null while it still does. */
  validTo: string | null;
}

export interface Succession {
  predecessorId: number;
  successorId: number;
  effective: string;
}

export interface PlaceGraph {
  byId: Map<number, PlaceNode>;
  successorsOf: Map<number, number[]>;
}

/** Under which boundaries to roll up: those the round's communes belong to, or those in force on `date`. */
export type Boundaries = { kind: 'round' } | { kind: 'today'; date: string };

const depth: Record<PlaceLevel, number> = { province: 0, district: 1, commune: 2 };

/** Indexes the (small) place tables once. Example: `placeGraph(await allPlaces(), await allSuccessions())`. */
export function placeGraph(places: PlaceNode[], successions: Succession[]): PlaceGraph {
  const successorsOf = new Map<number, number[]>();
  for (const s of successions) successorsOf.set(s.predecessorId, [...(successorsOf.get(s.predecessorId) ?? []), s.successorId]);
  return { byId: new Map(places.map((p) => [p.id, p])), successorsOf };
}

/** Whether the unit existed on `date`. Example: Yên Bái (2008-08-01 .. 2025-06-30) on '2025-07-01' → false. */
export function validOn(place: PlaceNode, date: string): boolean {
  return place.validFrom <= date && (place.validTo === null || date <= place.validTo);
}

/**
 * The unit at `level` containing the place, along its own parent chain (the boundaries it belongs to).
 * Example: ancestorAt(g, phuNham2008, 'province') → Yên Bái; ancestorAt(g, commune2025, 'district') → null.
 */
export function ancestorAt(graph: PlaceGraph, placeId: number, level: PlaceLevel): number | null {
  const seen = new Set<number>();
  let place = graph.byId.get(placeId);
  while (place && !seen.has(place.id) && depth[place.level] >= depth[level]) {
    if (place.level === level) return place.id;
    seen.add(place.id);
    place = place.parentId === null ? undefined : graph.byId.get(place.parentId);
  }
  return null;
}

/**
 * The unit valid on `date` that the place had become, following successions over as many steps as needed.
 * Null when that cannot be said: the place did not exist yet, no successor is known, or the unit was split
 * (its data cannot be divided between several successors).
 * Example: unitOn(g, yenBai, '2026-01-01') → Lào Cai (2025); unitOn(g, yenBai, '2019-05-01') → Yên Bái.
 */
export function unitOn(graph: PlaceGraph, placeId: number, date: string): number | null {
  const seen = new Set<number>();
  let place = graph.byId.get(placeId);
  while (place && !seen.has(place.id)) {
    if (validOn(place, date)) return place.id;
    if (date < place.validFrom) return null;
    seen.add(place.id);
    const next = graph.successorsOf.get(place.id) ?? [];
    if (next.length !== 1) return null;
    place = graph.byId.get(next[0]);
  }
  return null;
}

/**
 * The unit at `level` a commune's data rolls up to, or null ("not mapped").
 * Under the round's boundaries: the commune's own ancestor. Under today's: today's commune's ancestor; when
 * the commune's successor was never entered (or it was split), its old ancestor carried forward, so a
 * province roll-up still works. Districts end on 2025-06-30 without successors, so under today's boundaries
 * a district roll-up is null.
 * Example: rollUpUnit(g, phuNham2008, 'province', { kind: 'today', date: '2026-01-01' }) → Lào Cai (2025).
 */
export function rollUpUnit(graph: PlaceGraph, communeId: number, level: PlaceLevel, boundaries: Boundaries): number | null {
  if (boundaries.kind === 'round') return ancestorAt(graph, communeId, level);
  const from = unitOn(graph, communeId, boundaries.date) ?? communeId;
  const ancestor = ancestorAt(graph, from, level);
  return ancestor === null ? null : unitOn(graph, ancestor, boundaries.date);
}

/**
 * Groups rows by the unit their commune rolls up to; rows that cannot be placed go under null, to be shown
 * as "not mapped" rather than dropped. The programme level needs no grouping: it is all rows together.
 * Example: rollUp(g, [{ communeId: 7, n: 3 }], 'province', { kind: 'round' }) → Map { 2 => [{ communeId: 7, n: 3 }] }.
 */
export function rollUp<T extends { communeId: number }>(graph: PlaceGraph, rows: T[], level: PlaceLevel, boundaries: Boundaries): Map<number | null, T[]> {
  const unitOf = new Map<number, number | null>();
  const groups = new Map<number | null, T[]>();
  for (const row of rows) {
    if (!unitOf.has(row.communeId)) unitOf.set(row.communeId, rollUpUnit(graph, row.communeId, level, boundaries));
    const unit = unitOf.get(row.communeId)!;
    const group = groups.get(unit);
    if (group) group.push(row);
    else groups.set(unit, [row]);
  }
  return groups;
}
