/**
 * The sums Mốc keeps per round × commune × indicator × category (indicator_aggregates), so that dashboards
 * read a few hundred rows instead of every submission. Pure: what one submission adds to those sums, and
 * how kept sums add up again. Summing parts, never values, is what makes this exact (see indicators.ts).
 * Ratios of registered counts are not kept here: their terms are the commune's figures (registered-counts.ts).
 */
import { type ChildDimension, childCategories, childDimensions } from './disaggregation';
import { type IndicatorDef, type IndicatorValue, termOf, termsOf, valueOf } from './indicators';
import { momentKeys, momentsOfGroups, type GroupMoments } from './statistics';
import { ratioSums } from './registered-counts';
import type { Households } from './disclosure';

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
 * the child's sex, age band and CSC groups, and count the household once per category it has a counted child
 * in (householdsPart). Example: a household with knows_111 'yes' adds
 * { indicatorId: 'caregivers-know-111', dimension: 'all', category: '', numerator: 1, denominator: 1, n: 1, sumSquares: 1 }.
 */
export function partsOfSubmission(catalogue: readonly IndicatorDef[], slug: string, answers: Record<string, unknown>): AggregatePart[] {
  const parts = new Map<string, AggregatePart>();
  // Parts of child-level indicators, in the order they were made: each also counts its household (below).
  const ofChildren: AggregatePart[] = [];
  const add = (def: IndicatorDef, dimension: KeptDimension, category: string, term: { numerator: number; denominator: number }) => {
    const key = `${def.id}\u0000${dimension}\u0000${category}`;
    let part = parts.get(key);
    if (!part) {
      parts.set(key, (part = { indicatorId: def.id, indicatorVersion: def.version, dimension, category, ...noSums() }));
      if (def.unitOfAnalysis === 'child') ofChildren.push(part);
    }
    part.numerator += term.numerator;
    part.denominator += term.denominator;
    part.n += 1;
    part.sumSquares += term.numerator * term.numerator;
  };
  // The children's terms are the same for every child-level indicator: made once (termsOf copies each child).
  let childTerms: Record<string, unknown>[] | undefined;
  for (const def of keptIndicators(catalogue)) {
    if (def.instrument !== slug) continue;
    const terms = def.unitOfAnalysis === 'child' ? (childTerms ??= termsOf(def, answers)) : termsOf(def, answers);
    for (const term of terms) {
      const counted = termOf(def, term);
      if (!counted) continue;
      add(def, 'all', '', counted);
      if (def.unitOfAnalysis !== 'child') continue;
      for (const dimension of childDimensions) for (const category of childCategories(dimension, term)) add(def, dimension, category, counted);
    }
  }
  // One submission is one household: each child-level category it added a child to counts it once, and
  // keeps the household's squares for the variance of households as clusters (clustersPart).
  const households = ofChildren.flatMap((p) => [householdsPart(p), clustersPart(p)]);
  return [...parts.values(), ...households];
}

/**
 * Children of one household answer alike, so for a child-level value in one commune the households are the
 * clusters (statistics/design.ts). What their variance needs beyond the children's sums is kept per household
 * under a derived id (`clusters:<id>`, same version, dimension and category), so that it adds up like any sum:
 *   numerator = y² (the household's children in the numerator, squared), denominator = m² (its counted
 *   children, squared), sumSquares = y·m, n = 1.
 */
export const clustersIndicator = (indicatorId: string) => `clusters:${indicatorId}`;

/** Example: clustersPart of 3 children, 2 registered → { numerator: 4, denominator: 9, n: 1, sumSquares: 6 }. */
export function clustersPart(children: AggregatePart): AggregatePart {
  const { numerator: y, denominator: m } = children;
  return { ...children, indicatorId: clustersIndicator(children.indicatorId), numerator: y * y, denominator: m * m, n: 1, sumSquares: y * m };
}

/**
 * The households of a child-level value as clusters (statistics GroupMoments, one group per household), from
 * the children's totals and the kept clusters parts added up (keptTotals of `clustersIndicator(id)`).
 * Undefined without them.
 */
export function householdMoments(children: Totals, clusters: Totals | undefined): GroupMoments | undefined {
  if (!clusters || clusters.terms === 0) return undefined;
  return {
    ...children.moments,
    groups: clusters.terms,
    nSquares: clusters.moments.n,
    groupSumSquares: clusters.moments.sum,
    groupSumTimesN: clusters.moments.sumSquares,
    // Σyₕ²/mₕ is not kept: only the ANOVA ICC reads it, and households need none.
    sumSquaredOverN: 0,
  };
}

/**
 * The households behind a child-level cell (disclosure control counts them as well as the children: 5
 * children of one household are one household's answers). Kept as parts of a derived indicator id
 * (`households:<id>`, same version, dimension and category as the children's part), one per household, so
 * that they add up over households, communes, rounds and places like any kept sum:
 *   n = denominator = 1 (the household has a counted child in the cell),
 *   numerator = 1 when one of those children is in the numerator,
 *   sumSquares = 1 when one of them is in the remainder (denominator − numerator).
 * They never add up over categories: a household with a girl and a boy is in both sexes.
 */
export const householdsIndicator = (indicatorId: string) => `households:${indicatorId}`;

/** Example: householdsPart of 3 children, 2 registered → { numerator: 1, denominator: 1, n: 1, sumSquares: 1 }. */
export function householdsPart(children: AggregatePart): AggregatePart {
  const inNumerator = children.numerator > 0 ? 1 : 0;
  // Whether some child is in the remainder: the children's numerators are each within their denominator,
  // so the remainder is positive exactly when one child's is (for a mean, "remainder" means nothing; kept alike).
  const inRemainder = children.denominator - children.numerator > 0 ? 1 : 0;
  return { ...children, indicatorId: householdsIndicator(children.indicatorId), numerator: inNumerator, denominator: 1, n: 1, sumSquares: inRemainder };
}

/** The households of kept households parts added up (keptTotals of `householdsIndicator(id)`). */
export function householdsOfTotals(t: Totals | undefined): Households {
  return t ? { all: t.terms, numerator: t.moments.sum, remainder: t.moments.sumSquares } : { all: 0, numerator: 0, remainder: 0 };
}

/** The part that counts a received submission of instrument `slug` (round progress), whatever its answers. */
export const receivedIndicator = 'received';
export function receivedPart(slug: string): AggregatePart {
  return { indicatorId: receivedIndicator, indicatorVersion: 1, dimension: 'all', category: slug, numerator: 1, denominator: 1, n: 1, sumSquares: 1 };
}

/** A signature of the kept definitions: when it changes, the kept sums are rebuilt from the submissions. */
export function catalogueSignature(catalogue: readonly IndicatorDef[]): string {
  return keptIndicators(catalogue)
    .flatMap((d) => (d.unitOfAnalysis === 'child' ? [`${d.id}@${d.version}`, `${householdsIndicator(d.id)}@${d.version}`, `${clustersIndicator(d.id)}@${d.version}`] : [`${d.id}@${d.version}`]))
    .concat(`${receivedIndicator}@1`)
    .sort()
    .join(',');
}

/**
 * Kept sums of one indicator × round (× category, × place) added up over communes: the number of terms and
 * the communes' moments (statistics/mean.ts), where a commune's size is its denominator and its sum its
 * numerator. A database adds these up in one GROUP BY; so does totalsOf, from per-commune sums.
 */
export interface Totals {
  terms: number;
  moments: GroupMoments;
  /** For a child-level value: its households as clusters (householdMoments), when kept. */
  households?: GroupMoments;
}

/** Example: totalsOf([{ numerator: 3, denominator: 4, n: 4, sumSquares: 3 }]).moments.sum → 3. */
export function totalsOf(communes: Iterable<Sums>): Totals {
  const list = [...communes].filter((c) => c.denominator > 0);
  return { terms: list.reduce((t, c) => t + c.n, 0), moments: momentsOfGroups(list.map((c) => ({ n: c.denominator, sum: c.numerator, sumSquares: c.sumSquares }))) };
}

/** The indicator value of some totals. */
export function valueOfTotals(def: IndicatorDef, t: Totals): IndicatorValue {
  return valueOf(def, { numerator: t.moments.sum, denominator: t.moments.n, n: t.terms });
}

/** A ratio indicator's totals over communes, each commune's registered figures one term. */
export function ratioTotals(def: IndicatorDef, communes: Iterable<Record<string, number>>): Totals {
  return totalsOf([...communes].map((figures) => ratioSums(def, [figures])));
}

/** Adds `b` into `a` (totals of other communes or rounds; every part is a plain sum) and returns `a`. */
export function addTotals(a: Totals, b: Totals): Totals {
  a.terms += b.terms;
  for (const k of momentKeys) a.moments[k] += b.moments[k];
  if (b.households) {
    const h = a.households ?? { ...b.households, ...Object.fromEntries(momentKeys.map((k) => [k, 0])) };
    for (const k of momentKeys) h[k] += b.households[k];
    a.households = h;
  }
  return a;
}
