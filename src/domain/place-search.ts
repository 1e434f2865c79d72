/**
 * Finding administrative units as people type them: without accents ("phu chau" finds Phú Châu, "duc" finds
 * Đức Giang), in any case, or by the start of the GSO code ("0964" finds 09649). Pure: the query module
 * narrows the candidates, this decides what matches and in which order.
 * Example: rankPlaces([phuChau, phungXa], 'phu chau') → [phuChau].
 */

import { foldText } from '../../public/app/fold.js';

/**
 * Lower case without Vietnamese diacritics (đ → d), spaces collapsed: the one folding, shared with the browser's
 * follow-up search (public/app/fold.js). Example: foldName('  Đức  Giang') → 'duc giang'.
 */
export const foldName: (text: string) => string = foldText;

/** Whether the query is (the start of) a GSO code rather than a name. */
export function isCodeQuery(query: string): boolean {
  return /^\d+$/.test(query.trim());
}

export interface Searchable {
  code: string;
  level: string;
  nameVi: string;
  nameEn: string;
}

/** How well a place matches: lower is better; null when it does not match. */
function matchRank(place: Searchable, query: string, folded: string): number | null {
  if (isCodeQuery(query)) {
    const code = query.trim();
    if (place.code === code) return 0;
    return place.code.startsWith(code) ? 1 : null;
  }
  if (!folded) return null;
  const names = [foldName(place.nameVi), foldName(place.nameEn)];
  if (names.some((n) => n === folded)) return 2;
  if (names.some((n) => n.startsWith(folded))) return 3;
  // A word of the name starting with the query ("chau" in "phu chau") before any substring.
  if (names.some((n) => n.includes(` ${folded}`))) return 4;
  return names.some((n) => n.includes(folded)) ? 5 : null;
}

const levelOrder: Record<string, number> = { commune: 0, district: 1, province: 2 };

/**
 * The places matching the query, best first: the exact code, codes starting with it, then names equal to,
 * starting with, having a word starting with, or containing the query; communes before districts; then by name
 * and code. Example: rankPlaces(places, '09649') → [Phú Châu], rankPlaces(places, 'PHU') → [Phú Châu, Phù Nham, Phùng Xá…].
 */
export function rankPlaces<T extends Searchable>(places: readonly T[], query: string, limit = 20): T[] {
  const folded = foldName(query);
  const ranked: { place: T; rank: number; name: string }[] = [];
  for (const place of places) {
    const rank = matchRank(place, query, folded);
    if (rank !== null) ranked.push({ place, rank, name: foldName(place.nameVi) });
  }
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      (levelOrder[a.place.level] ?? 9) - (levelOrder[b.place.level] ?? 9) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.place.code < b.place.code ? -1 : a.place.code > b.place.code ? 1 : 0),
  );
  return ranked.slice(0, limit).map((r) => r.place);
}
