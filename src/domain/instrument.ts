/**
 * An instrument version: a SurveyJS JSON released under a slug and a version number. Released versions live in
 * the database (table instruments; queries/instruments.ts reads them) and never change. Pure.
 */
import type { Locale } from './i18n';

export interface Instrument {
  slug: string;
  version: number;
  /** SHA-256 of the released JSON text's bytes. */
  hash: string;
  json: Record<string, unknown>;
  /**
   * Questions renamed since an earlier version: new name → the name indicators use. Example: household v2
   * asks `hotline_111` where v1 asked `knows_111`, so baseline on v1 and final on v2 still compare.
   */
  renamed: Readonly<Record<string, string>>;
}

/** The survey's title in both languages, from its localizable `title` (the slug when it has none). */
export function titlesOf(json: Record<string, unknown>, slug: string): { vi: string; en: string } {
  const title = json.title as string | Record<string, string> | undefined;
  if (!title) return { vi: slug, en: slug };
  if (typeof title === 'string') return { vi: title, en: title };
  const en = title.default ?? title.en ?? title.vi ?? slug;
  return { vi: title.vi ?? en, en };
}

/** The survey title in one language. Example: instrumentTitle(householdV2, 'en') → 'Household survey …'. */
export function instrumentTitle(instrument: Pick<Instrument, 'json' | 'slug'>, locale: Locale): string {
  return titlesOf(instrument.json, instrument.slug)[locale];
}
