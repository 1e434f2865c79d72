/** Indicator values of one model across its rounds, computed from stored answers. */
import type { Db } from '../db';
import { canonicalAnswers, computeIndicator, indicatorCatalogue, type IndicatorDef, type IndicatorValue } from '../domain/indicators';
import { findInstrument } from '../instruments';
import { answersOfRounds } from '../queries/submissions';

export interface IndicatorSeries {
  def: IndicatorDef;
  values: { roundId: string; kind: string; value: IndicatorValue }[];
}

export async function indicatorsOfModel(db: Db, modelRounds: { id: string; kind: string }[]): Promise<IndicatorSeries[]> {
  const roundIds = modelRounds.map((r) => r.id);
  const slugs = [...new Set(indicatorCatalogue.map((d) => d.instrument))];
  const answersBySlug = new Map(
    await Promise.all(
      slugs.map(async (slug) => {
        const byRound = await answersOfRounds(db, roundIds, slug);
        // Every version's answers under the names of the catalogue (see Instrument.renamed).
        const canonical = new Map([...byRound].map(([roundId, rows]) => [roundId, rows.map((r) => canonicalAnswers(r.answers, findInstrument(slug, r.version)?.renamed ?? {}))]));
        return [slug, canonical] as const;
      }),
    ),
  );
  return indicatorCatalogue.map((def) => ({
    def,
    values: modelRounds.map((r) => ({
      roundId: r.id,
      kind: r.kind,
      value: computeIndicator(def, answersBySlug.get(def.instrument)?.get(r.id) ?? []),
    })),
  }));
}
