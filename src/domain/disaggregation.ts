/**
 * Indicator values broken down by the traits of a child (sex, age band, CSC group) or of the place a
 * submission comes from (commune, model type). Each category is summed from its own terms, like the
 * overall value, so categories that partition the terms (communes, model types, sexes) add up to it.
 */
import { type IndicatorDef, type IndicatorValue, sumTerms, termsOf } from './indicators';

export type Dimension = 'sex' | 'ageBand' | 'cscGroup' | 'commune' | 'modelType';

/** A submission's answers (under the catalogue's names) with the place and model type it belongs to. */
export interface TaggedAnswers {
  answers: Record<string, unknown>;
  /** GSO commune code, e.g. '09649'. */
  commune: string;
  /** Model type id, e.g. 'community-cp'. */
  modelType: string;
}

export const childDimensions: readonly ChildDimension[] = ['sex', 'ageBand', 'cscGroup'];

/** The dimensions an indicator can be broken down by: place for all, a child's traits for child-level ones. */
export function dimensionsOf(def: Pick<IndicatorDef, 'unitOfAnalysis'>): Dimension[] {
  return def.unitOfAnalysis === 'child' ? ['commune', 'modelType', ...childDimensions] : ['commune', 'modelType'];
}

/** Age bands of the programme's reports. Example: ageBand(5) → '0-5', ageBand(16) → '16-17'. */
export function ageBand(age: unknown): string | null {
  const a = Number(age);
  if (age === undefined || age === null || age === '' || !Number.isFinite(a) || a < 0 || a > 17) return null;
  return a <= 5 ? '0-5' : a <= 10 ? '6-10' : a <= 15 ? '11-15' : '16-17';
}

export type ChildDimension = 'sex' | 'ageBand' | 'cscGroup';

function keysOf(dimension: Dimension, term: Record<string, unknown>, row: TaggedAnswers): string[] {
  if (dimension === 'commune') return [row.commune];
  if (dimension === 'modelType') return [row.modelType];
  return childCategories(dimension, term);
}

/** The categories a child's term falls in. Example: childCategories('cscGroup', { csc_groups: [4, 13] }) → ['4', '13']. */
export function childCategories(dimension: ChildDimension, term: Record<string, unknown>): string[] {
  switch (dimension) {
    case 'sex':
      return typeof term.sex === 'string' ? [term.sex] : [];
    case 'ageBand': {
      const band = ageBand(term.age);
      return band ? [band] : [];
    }
    case 'cscGroup':
      // Coded 1–14 (Law on Children 2016, Art. 10); a child may be in several groups and counts in each,
      // so these categories overlap and need not add up to the overall value.
      return Array.isArray(term.csc_groups) ? [...new Set(term.csc_groups.map(String))] : [];
  }
}

/**
 * An indicator's value per category of one dimension, categories sorted ('4' before '13'). A dimension the
 * indicator cannot be broken down by (see dimensionsOf) gives an empty map; terms without the trait (a
 * child with no age) are left out of that dimension only.
 * Example: disaggregate(birthRegistered, rows, 'ageBand') → Map { '0-5' → …, '6-10' → … }.
 */
export function disaggregate(def: IndicatorDef, rows: readonly TaggedAnswers[], dimension: Dimension): Map<string, IndicatorValue> {
  if (!dimensionsOf(def).includes(dimension)) return new Map();
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    for (const term of termsOf(def, row.answers)) {
      for (const key of keysOf(dimension, term, row)) {
        const group = groups.get(key);
        if (group) group.push(term);
        else groups.set(key, [term]);
      }
    }
  }
  const sorted = [...groups].sort(([a], [b]) => a.localeCompare(b, 'vi', { numeric: true }));
  return new Map(sorted.map(([key, terms]) => [key, sumTerms(def, terms)]));
}

export interface Breakdown {
  overall: IndicatorValue;
  /** One map per requested dimension that applies to the indicator; the others are absent. */
  by: Partial<Record<Dimension, Map<string, IndicatorValue>>>;
}

/**
 * The overall value and its breakdown by the requested dimensions, each category with numerator,
 * denominator, value and n. Example: breakdown(inSchool, rows, ['sex', 'commune']).by.sex?.get('female').
 */
export function breakdown(def: IndicatorDef, rows: readonly TaggedAnswers[], dimensions: readonly Dimension[]): Breakdown {
  const overall = sumTerms(def, rows.flatMap((r) => termsOf(def, r.answers)));
  const applicable = dimensionsOf(def);
  const by: Breakdown['by'] = {};
  for (const d of new Set(dimensions)) if (applicable.includes(d)) by[d] = disaggregate(def, rows, d);
  return { overall, by };
}
