/**
 * The instrument versions the demo programme uses beyond the first ones (which migration 0011 puts in every
 * database): household v2, released through the same workflow as an upload, as an admin would release it; and
 * on the demo installation (npm start, db:seed) household v3, which marks the personal questions.
 * Their texts are written as the files in surveys/ are, so they have the files' hashes (surveys/released.json).
 */
import householdV2 from '../../surveys/household.v2.json' with { type: 'json' };
import householdV3 from '../../surveys/household.v3.json' with { type: 'json' };
import type { Db } from '../db';
import { latestReleased } from '../queries/instruments';
import { receiveInstrument } from '../workflows/instruments';

export const seededReleases = [{ slug: 'household', version: 2, json: householdV2, renamed: { hotline_111: 'knows_111' } }];

/**
 * Household v2 with `"personal": true` on hamlet, household_number (the exact address) and comments (free text
 * that may name people): released versions never change, so the marks come as a new version, and hold for the
 * answers stored on v1 and v2 too (domain/personal.ts). Another installation uploads surveys/household.v3.json.
 */
export const markedHousehold = { slug: 'household', version: 3, json: householdV3, renamed: { hotline_111: 'knows_111' } };

/** Releases the demo's later versions; a second run replays them and changes nothing. */
export async function seedInstruments(db: Db, now = new Date()): Promise<void> {
  for (const release of seededReleases) await receiveInstrument({ db, locale: 'en', now, by: null }, { ...release, release: true });
}

/**
 * The demo installation's household v3 (see markedHousehold), released when household v2 is the latest (or
 * replayed when v3 is this very file); an installation where someone released another v3 keeps theirs.
 */
export async function seedMarkedHousehold(db: Db, now = new Date()): Promise<void> {
  const latest = await latestReleased(db, markedHousehold.slug);
  if (latest?.version !== 2) return;
  await receiveInstrument({ db, locale: 'en', now, by: null }, { ...markedHousehold, release: true });
}
