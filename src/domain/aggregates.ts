/**
 * The sums Mốc keeps per round × commune × indicator × category (indicator_aggregates), so that dashboards
 * read a few hundred rows instead of every submission. Pure: what one submission adds to those sums, and
 * how kept sums add up again. Summing parts, never values, is what makes this exact (see indicators.ts).
 * Ratios of registered counts are not kept here: their terms are the commune's figures (registered-counts.ts).
 */
import { type ChildDimension, childCategories, childDimensions } from './disaggregation';
import { type IndicatorDef, termOf, termsOf } from './indicators';
import { ratioSums } from './registered-counts';

export interface Sums {
  numerator: number;
  denominator: number;
  /** Terms counted: households, children or communes. */
  n: number;
  /** Sum of each term's numerator squared: with n and numerator, the spread of a mean. */
  sumSquares: number;
}

export type KeptDimension = 'all' | ChildDimension;

export interface AggregatePart extends Sums {
  indicatorId: string;
  indicatorVersion: number;
  /** 'all' (category '') for the overall value, else a child's trait (disaggregation.ts). */
  dimension: KeptDimension;
  category: string;
}

export const noSums = (): Sums => ({ numerator: 0, denominator: 0, n: 0, sumSquares: 0 });

/** Adds `b` into `a` (times `sign`, -1 to take a submission out again) and returns `a`. */
export function addSums(a: Sums, b: Sums, sign: 1 | -1 = 1): Sums {
  a.numerator += sign * b.numerator;
  a.denominator += sign * b.denominator;
  a.n += sign * b.n;
  a.sumSquares += sign * b.sumSquares;
  return a;
}

/** The indicators whose sums are kept: all but ratios of registered counts. */
export function keptIndicators(catalogue: readonly IndicatorDef[]): IndicatorDef[] {
  return catalogue.filter((d) => d.shape !== 'ratio');
}

/**
 * What one submission of instrument `slug` adds to the kept sums, one part per indicator × category it
 * touches. `answers` are under the catalogue's names (canonicalAnswers). Child-level indicators also add to
 * the child's sex, age band and CSC groups. Example: a household with knows_111 'yes' adds
 * { indicatorId: 'caregivers-know-111', dimension: 'all', category: '', numerator: 1, denominator: 1, n: 1, sumSquares: 1 }.
 */
export function partsOfSubmission(catalogue: readonly IndicatorDef[], slug: string, answers: Record<string, unknown>): AggregatePart[] {
  const parts = new Map<string, AggregatePart>();
  const add = (def: IndicatorDef, dimension: KeptDimension, category: string, term: { numerator: number; denominator: number }) => {
    const key = `${def.id}\u0000${dimension}\u0000${category}`;
    let part = parts.get(key);
    if (!part) parts.set(key, (part = { indicatorId: def.id, indicatorVersion: def.version, dimension, category, ...noSums() }));
    addSums(part, { ...term, n: 1, sumSquares: term.numerator * term.numerator });
  };
  for (const def of keptIndicators(catalogue)) {
    if (def.instrument !== slug) continue;
    for (const term of termsOf(def, answers)) {
      const counted = termOf(def, term);
      if (!counted) continue;
      add(def, 'all', '', counted);
      if (def.unitOfAnalysis !== 'child') continue;
      for (const dimension of childDimensions) for (const category of childCategories(dimension, term)) add(def, dimension, category, counted);
    }
  }
  return [...parts.values()];
}

/** A signature of the kept definitions: when it changes, the kept sums are rebuilt from the submissions. */
export function catalogueSignature(catalogue: readonly IndicatorDef[]): string {
  return keptIndicators(catalogue)
    .map((d) => `${d.id}@${d.version}`)
    .sort()
    .join(',');
}

/** A kept row as read back: the sums of one indicator × round × category in one commune. */
export interface KeptRow extends Sums {
  roundId: string;
  indicatorId: string;
  indicatorVersion: number;
  category: string;
  communeId: number;
}

/** A registered figure as read back. */
export interface FigureRow {
  roundId: string;
  communeId: number;
  figure: string;
  value: number;
}

export const sumsKey = (indicatorId: string, roundId: string, category = '') => `${indicatorId}\u0000${roundId}\u0000${category}`;

/**
 * Per indicator × round × category (sumsKey), the sums of each commune: kept rows of the current definition
 * versions, and for ratios each commune's registered figures as one term. Overall values, intervals (the
 * communes are the clusters) and roll-ups to larger places all start from here.
 */
export function sumsByCommune(catalogue: readonly IndicatorDef[], kept: readonly KeptRow[], figures: readonly FigureRow[]): Map<string, Map<number, Sums>> {
  const versions = new Map(catalogue.map((d) => [d.id, d.version]));
  const out = new Map<string, Map<number, Sums>>();
  const into = (key: string, communeId: number, sums: Sums) => {
    let communes = out.get(key);
    if (!communes) out.set(key, (communes = new Map()));
    const at = communes.get(communeId);
    if (at) addSums(at, sums);
    else communes.set(communeId, { ...sums });
  };
  for (const row of kept) if (versions.get(row.indicatorId) === row.indicatorVersion) into(sumsKey(row.indicatorId, row.roundId, row.category), row.communeId, row);
  const communeFigures = new Map<string, { roundId: string; communeId: number; figures: Record<string, number> }>();
  for (const f of figures) {
    const key = `${f.roundId}\u0000${f.communeId}`;
    const entry = communeFigures.get(key) ?? { roundId: f.roundId, communeId: f.communeId, figures: {} };
    entry.figures[f.figure] = f.value;
    communeFigures.set(key, entry);
  }
  for (const def of catalogue.filter((d) => d.shape === 'ratio')) {
    for (const c of communeFigures.values()) {
      const sums = ratioSums(def, [c.figures]);
      if (sums.n > 0) into(sumsKey(def.id, c.roundId), c.communeId, sums);
    }
  }
  return out;
}

/** The total of several communes' sums. */
export function totalOf(communes: Iterable<Sums>): Sums {
  const total = noSums();
  for (const c of communes) addSums(total, c);
  return total;
}
