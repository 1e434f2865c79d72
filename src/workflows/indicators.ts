/**
 * Indicator values of one model across its rounds, from the kept sums (indicator_aggregates) and registered
 * counts: a page reads a few rows per commune, never the submissions.
 */
import type { Db } from '../db';
import type { Actor } from '../domain/access';
import { type Sums, sumsByCommune, sumsKey, totalOf } from '../domain/aggregates';
import { type IndicatorDef, indicatorCatalogue, type IndicatorValue, suppressSmall, valueOf } from '../domain/indicators';
import { aggregatesOfRounds, figuresOfRounds } from '../queries/aggregates';
import { changes, type Estimate, estimate, type RoundChange } from '../domain/estimates';
import { seededTargets, type Target, targetFor } from '../domain/targets';

export interface IndicatorSeries {
  def: IndicatorDef;
  /** The last target due; each round's estimate is against the target due in or after its year. */
  target: Target | null;
  values: { roundId: string; kind: string; value: IndicatorValue; estimate: Estimate }[];
  changes: RoundChange[];
}

/** One indicator for one round: overall, with its interval from the per-commune sums (the clusters). */
export function roundValue(def: IndicatorDef, communes: Iterable<Sums>, target: Target | null, year: number) {
  const list = [...communes];
  const total = totalOf(list);
  const value = valueOf(def, total);
  const perCommune = list.map((c) => ({ ...valueOf(def, c), sumSquares: c.sumSquares }));
  return { value, estimate: estimate(def, { ...value, sumSquares: total.sumSquares }, perCommune, target, year) };
}

/** The kept sums of some rounds, per indicator × round × category and commune (see sumsByCommune). */
export async function keptSums(db: Db, roundIds: string[]) {
  const [kept, figures] = await Promise.all([aggregatesOfRounds(db, roundIds), figuresOfRounds(db, roundIds)]);
  return sumsByCommune(indicatorCatalogue, kept, figures);
}

export async function indicatorsOfModel(
  db: Db,
  model: { id: string; programmeId: string },
  modelRounds: { id: string; kind: string; plannedStart: string }[],
): Promise<IndicatorSeries[]> {
  const sums = await keptSums(db, modelRounds.map((r) => r.id));
  return indicatorCatalogue.map((def) => {
    const values = modelRounds.map((r) => {
      const year = Number(r.plannedStart.slice(0, 4));
      // Each round against the target due in or after its year (Hanoi 2015: 95%, later: 98%).
      const due = targetFor(def.id, model, seededTargets, year);
      return { roundId: r.id, kind: r.kind, ...roundValue(def, sums.get(sumsKey(def.id, r.id))?.values() ?? [], due, year) };
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
