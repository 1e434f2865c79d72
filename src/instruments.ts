/**
 * The instrument registry: every released SurveyJS file in `surveys/`, bundled as JSON so that Node and
 * Workers serve the same bytes. Add a version by adding its file here and to surveys/released.json.
 */
import checklistV1 from '../surveys/commune-checklist.v1.json' with { type: 'json' };
import householdV1 from '../surveys/household.v1.json' with { type: 'json' };
import householdV2 from '../surveys/household.v2.json' with { type: 'json' };
import released from '../surveys/released.json' with { type: 'json' };

export interface Instrument {
  slug: string;
  version: number;
  /** SHA-256 of the released file's bytes (surveys/released.json). */
  hash: string;
  json: Record<string, unknown>;
  /**
   * Questions renamed since an earlier version: new name → the name indicators use. Example: household v2
   * asks `hotline_111` where v1 asked `knows_111`, so baseline on v1 and final on v2 still compare.
   */
  renamed: Readonly<Record<string, string>>;
}

const releasedHashes = released as Record<string, string>;

function instrument(slug: string, version: number, json: object, renamed: Record<string, string> = {}): Instrument {
  const hash = releasedHashes[`${slug}.v${version}.json`];
  if (!hash) throw new Error(`surveys/${slug}.v${version}.json is not in surveys/released.json`);
  return { slug, version, hash, json: json as Record<string, unknown>, renamed };
}

export const instruments: readonly Instrument[] = [
  instrument('household', 1, householdV1),
  instrument('household', 2, householdV2, { hotline_111: 'knows_111' }),
  instrument('commune-checklist', 1, checklistV1),
];

export function findInstrument(slug: string, version: number): Instrument | undefined {
  return instruments.find((i) => i.slug === slug && i.version === version);
}

/** The survey title in one language, from its localizable string. */
export function instrumentTitle(instrument: Instrument, locale: 'vi' | 'en'): string {
  const title = instrument.json.title as string | Record<string, string> | undefined;
  if (!title) return instrument.slug;
  if (typeof title === 'string') return title;
  return (locale === 'vi' ? title.vi : title.default) ?? title.default ?? instrument.slug;
}
