/**
 * The names an evaluator's device lacks: drafts and queued surveys in IndexedDB hold codes (round id, instrument
 * slug, commune code); the home page lists them with these names (public/app/field-home.js), also offline, as the
 * page is part of the evaluator's offline kit.
 */
import { type Locale, localName, messages } from '../domain/i18n';
import { instrumentTitle } from '../domain/instrument';
import type { RoundKind } from '../domain/rounds';
import type { Db } from '../db';
import { releasedInstrument } from '../queries/instruments';
import { placesOfModels } from '../queries/models';
import { instrumentsOfRounds } from '../queries/rounds';

export interface FieldNames {
  /** Round id → "model — round kind". */
  rounds: Record<string, string>;
  /** Instrument slug → title (of the latest version the rounds pin). */
  instruments: Record<string, string>;
  /** Commune code → name. */
  communes: Record<string, string>;
}

/** Names for the evaluator's rounds, the instruments those rounds pin and their models' communes, in `locale`. */
export async function fieldNames(db: Db, rounds: { id: string; kind: RoundKind; modelId: string; modelVi: string; modelEn: string }[], locale: Locale): Promise<FieldNames> {
  const t = messages[locale];
  const [pins, places] = await Promise.all([instrumentsOfRounds(db, rounds.map((r) => r.id)), placesOfModels(db, [...new Set(rounds.map((r) => r.modelId))])]);
  const latest = new Map<string, number>();
  for (const p of pins) latest.set(p.slug, Math.max(p.version, latest.get(p.slug) ?? 0));
  const released = await Promise.all([...latest].map(([slug, version]) => releasedInstrument(db, slug, version)));
  return {
    rounds: Object.fromEntries(rounds.map((r) => [r.id, `${localName({ nameVi: r.modelVi, nameEn: r.modelEn }, locale)} — ${t[r.kind]}`])),
    instruments: Object.fromEntries(released.flatMap((i) => (i ? [[i.slug, instrumentTitle(i, locale)]] : []))),
    communes: Object.fromEntries(places.filter((p) => p.level === 'commune').map((p) => [p.code, localName(p, locale)])),
  };
}
