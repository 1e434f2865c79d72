/**
 * The instrument versions the demo programme uses beyond the first ones (which migration 0011 puts in every
 * database): household v2, released through the same workflow as an upload, as an admin would release it.
 * Its text is written as the file in surveys/ is, so it has the file's hash (surveys/released.json).
 */
import householdV2 from '../../surveys/household.v2.json' with { type: 'json' };
import type { Db } from '../db';
import { receiveInstrument } from '../workflows/instruments';

export const seededReleases = [{ slug: 'household', version: 2, json: householdV2, renamed: { hotline_111: 'knows_111' } }];

/** Releases the demo's later versions; a second run replays them and changes nothing. */
export async function seedInstruments(db: Db, now = new Date()): Promise<void> {
  for (const release of seededReleases) await receiveInstrument({ db, locale: 'en', now, by: null }, { ...release, release: true });
}
