/** Indicator values of one model across its rounds, computed from stored answers. */
import type { Db } from '../db';
import type { Actor } from '../domain/access';
import { canonicalAnswers, computeIndicator, indicatorCatalogue, type IndicatorDef, type IndicatorValue, suppressSmall } from '../domain/indicators';
import { findInstrument } from '../instruments';
import { answersOfRounds } from '../queries/submissions';
import { changes, type Estimate, estimate, type RoundChange } from '../domain/estimates';
import { seededTargets, type Target, targetFor } from '../domain/targets';

export interface IndicatorSeries {
  def: IndicatorDef;
  /** The last target due; each round's estimate is against the target due in or after its year. */
  target: Target | null;
  values: { roundId: string; kind: string; value: IndicatorValue; estimate: Estimate }[];
  changes: RoundChange[];
}

type CanonicalRow = { communeId: number; answers: Record<string, unknown> };

/** One indicator for one round: overall, with its interval from the per-commune values (the clusters). */
function roundValue(def: IndicatorDef, rows: readonly CanonicalRow[], target: Target | null, year: number) {
  const value = computeIndicator(def, rows.map((r) => r.answers));
  const byCommune = new Map<number, Record<string, unknown>[]>();
  for (const r of rows) byCommune.set(r.communeId, [...(byCommune.get(r.communeId) ?? []), r.answers]);
  const communes = [...byCommune.values()].map((answers) => computeIndicator(def, answers));
  return { value, estimate: estimate(def, value, communes, target, year) };
}

export async function indicatorsOfModel(
  db: Db,
  model: { id: string; programmeId: string },
  modelRounds: { id: string; kind: string; plannedStart: string }[],
): Promise<IndicatorSeries[]> {
  const roundIds = modelRounds.map((r) => r.id);
  const slugs = [...new Set(indicatorCatalogue.map((d) => d.instrument))];
  const answersBySlug = new Map(
    await Promise.all(
      slugs.map(async (slug) => {
        const byRound = await answersOfRounds(db, roundIds, slug);
        // Every version's answers under the names of the catalogue (see Instrument.renamed).
        const canonical = new Map(
          [...byRound].map(([roundId, rows]) => [
            roundId,
            rows.map((r): CanonicalRow => ({ communeId: r.communeId, answers: canonicalAnswers(r.answers, findInstrument(slug, r.version)?.renamed ?? {}) })),
          ]),
        );
        return [slug, canonical] as const;
      }),
    ),
  );
  return indicatorCatalogue.map((def) => {
    const values = modelRounds.map((r) => {
      const year = Number(r.plannedStart.slice(0, 4));
      // Each round against the target due in or after its year (Hanoi 2015: 95%, later: 98%).
      const due = targetFor(def.id, model, seededTargets, year);
      return { roundId: r.id, kind: r.kind, ...roundValue(def, answersBySlug.get(def.instrument)?.get(r.id) ?? [], due, year) };
    });
    const target = targetFor(def.id, model);
    return { def, target, values, changes: changes(def, values) };
  });
}

export type ShownSeries = Omit<IndicatorSeries, 'values'> & {
  values: (Omit<IndicatorSeries['values'][number], 'value'> & { value: IndicatorValue & { suppressed: boolean } })[];
};

/**
 * The series as its reader may see it: for sponsors, small counts are suppressed (suppressSmall), and with
 * them the interval and every change that involves a suppressed round, which could give the count away.
 */
export function asSeenBy(series: IndicatorSeries[], actor: Actor, threshold: number): ShownSeries[] {
  return series.map((s) => {
    const values = s.values.map((v) => {
      const value = actor.role === 'sponsor' ? suppressSmall(v.value, threshold) : { ...v.value, suppressed: false };
      return { ...v, value, estimate: value.suppressed ? { ...v.estimate, ci: null, method: null } : v.estimate };
    });
    const hidden = new Set(values.filter((v) => v.value.suppressed).map((v) => v.kind));
    return { ...s, values, changes: s.changes.filter((c) => !hidden.has(c.from) && !hidden.has(c.to)) };
  });
}
