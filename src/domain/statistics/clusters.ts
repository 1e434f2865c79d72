/**
 * Commune-clustered samples: households in one commune answer alike more often than households drawn at
 * random, so n households carry the information of fewer. Kish (1965, Survey Sampling, §5.4) measures that
 * by the design effect; the intracluster correlation (ICC) comes from the clusters themselves.
 */
import { iccFromGroups } from './mean';

/** A cluster's answers to one yes/no question: how many said yes, of how many. */
export interface ClusterCount {
  successes: number;
  n: number;
}

/**
 * Kish's design effect 1 + (m − 1)·ICC for clusters of mean size m; a negative ICC counts as 0. Example: the
 * WHO EPI survey's 30 clusters of 7 children assume deff 2, i.e. designEffect(7, 1 / 6) → 2.
 */
export function designEffect(meanClusterSize: number, icc: number): number {
  return 1 + (Math.max(1, meanClusterSize) - 1) * Math.max(0, icc);
}

/** The simple random sample worth as much as n clustered answers. Example: effectiveSampleSize(210, 2) → 105. */
export function effectiveSampleSize(n: number, deff: number): number {
  if (!(deff > 0)) throw new RangeError(`a design effect must be positive, not ${deff}`);
  return n / deff;
}

/**
 * ICC of a yes/no answer by the one-way ANOVA estimator (Donner 1986, Int Stat Rev 54:67–82; for binary data
 * Ridout, Demétrio & Firth 1999, Biometrics 55:137–148): (MSB − MSW) / (MSB + (n₀ − 1)·MSW), where for 0/1
 * answers MSB = Σ nᵢ(pᵢ − p)² / (k − 1), MSW = Σ nᵢpᵢ(1 − pᵢ) / (N − k) and n₀ = (N − Σ nᵢ² / N) / (k − 1), the
 * mean cluster size adjusted for unequal sizes. Truncated at 0 (a negative estimate means "no clustering"),
 * and 0 when there are fewer than two non-empty clusters. Example: every commune 50% → 0; all-yes and
 * all-no communes → 1.
 */
export function iccFromClusters(clusters: readonly ClusterCount[]): number {
  // For 0/1 answers Σx = Σx² = successes.
  return iccFromGroups(clusters.map((c) => ({ n: c.n, sum: c.successes, sumSquares: c.successes })));
}
