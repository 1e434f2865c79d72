/**
 * The sampling design of an indicator value, from per-cluster sums alone (docs/statistics.md): households are
 * drawn in communes, so the communes are the primary sampling units (PSUs). The variance of the value — a
 * ratio Σyᵢ / Σmᵢ of the communes' numerators and denominators — is the linearization ("ultimate cluster")
 * estimator over the PSUs, which needs no model of what happens inside a commune: it covers unequal commune
 * sizes exactly, and children clustered in households, since a household lies inside one commune.
 *   Lohr, Sampling: Design and Analysis, 2nd ed. 2010, ch. 5 (one-stage clusters of unequal sizes, ratio
 *   estimation) and §9.1 (linearization); Wolter, Introduction to Variance Estimation, 2nd ed. 2007, ch. 6
 *   (Taylor series); Kalton 1979, "Ultimate cluster sampling", JRSS A 142:210–222.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { GroupMoments } from './mean';

export interface Design {
  /** Variance under the design over that of a simple random sample of as many terms; never below 1. */
  deff: number;
  /** Degrees of freedom of the variance, PSUs − 1; null for a simple random sample (normal quantiles). */
  df: number | null;
}

/** One commune (or none): households are the sample, drawn at random within it. */
export const simpleRandomSample: Design = { deff: 1, df: null };

/**
 * The linearization variance of r = Σyᵢ / Σmᵢ over k PSUs taken as drawn with replacement (no finite
 * population correction): v(r) = k / (k − 1) · Σ(yᵢ − r·mᵢ)² / M², M = Σmᵢ, from the summed moments
 * (Σ(yᵢ − r·mᵢ)² = Σyᵢ² − 2r·Σyᵢmᵢ + r²·Σmᵢ²). Null with fewer than two PSUs, where no variance between them
 * can be seen. Example: communes (m, y) (10, 2), (20, 10), (30, 24): r 0.6, residuals −4, −2, 6, v = 3/2 ·
 * 56 / 3600 = 0.023333.
 */
export function ratioVariance(m: GroupMoments): number | null {
  if (m.groups < 2 || !(m.n > 0)) return null;
  const r = m.sum / m.n;
  const residuals = Math.max(0, m.groupSumSquares - 2 * r * m.groupSumTimesN + r * r * m.nSquares);
  return ((m.groups / (m.groups - 1)) * residuals) / (m.n * m.n);
}

/**
 * The design of a ratio over PSUs, given the variance a simple random sample of its terms would have: deff is
 * their quotient, at least 1 (a clustered sample never shown more precise than a simple one; with few
 * communes the between-commune variance is itself uncertain), and df = PSUs − 1. Fewer than two PSUs: a
 * simple random sample.
 */
export function designOf(psus: GroupMoments, simpleVariance: number): Design {
  const v = ratioVariance(psus);
  if (v === null) return simpleRandomSample;
  return { deff: simpleVariance > 0 ? Math.max(1, v / simpleVariance) : 1, df: psus.groups - 1 };
}

/** A proportion's design: against p(1 − p) / n. Example: the communes above → deff 0.023333 / 0.004 = 5.8333, df 2. */
export function proportionDesign(psus: GroupMoments): Design {
  const p = psus.n > 0 ? psus.sum / psus.n : 0;
  return designOf(psus, (p * (1 - p)) / psus.n);
}

/** A mean's design: against s² / n, s² from the terms' Σx and Σx² (each term's denominator is 1). */
export function meanDesign(psus: GroupMoments): Design {
  if (psus.n < 2) return simpleRandomSample;
  const s2 = Math.max(0, (psus.sumSquares - (psus.sum * psus.sum) / psus.n) / (psus.n - 1));
  return designOf(psus, s2 / psus.n);
}

/**
 * Two-sided p of Student's t with df degrees of freedom (the normal's when df is null), in closed form for
 * whole df (Abramowitz & Stegun 1964, 26.7.3 and 26.7.4): with θ = atan(|t| / √ν), P(|T| ≤ t) is
 * 2/π·(θ + sin θ cos θ·(1 + 2/3 cos²θ + … + (2·4…(ν−3))/(3·5…(ν−2)) cos^(ν−3) θ)) for odd ν (2θ/π for ν = 1),
 * sin θ·(1 + 1/2 cos²θ + … + (1·3…(ν−3))/(2·4…(ν−2)) cos^(ν−2) θ) for even ν. A fractional df is rounded down,
 * the safe side. Example: studentTwoSidedP(12.706205, 1) → 0.05; studentTwoSidedP(2.776445, 4) → 0.05.
 */
export function studentTwoSidedP(t: number, df: number | null): number {
  if (df === null || df > 1e5) return Math.min(1, 2 * normalCdf(-Math.abs(t), 0, 1));
  const nu = Math.floor(df);
  if (nu < 1) throw new RangeError(`degrees of freedom must be at least 1, not ${df}`);
  const theta = Math.atan(Math.abs(t) / Math.sqrt(nu));
  const sin = Math.sin(theta);
  const cos = Math.cos(theta);
  const c2 = cos * cos;
  let sum = 1;
  let term = 1;
  let within: number;
  if (nu % 2 === 1) {
    for (let k = 3; k <= nu - 2; k += 2) sum += term *= ((k - 1) / k) * c2;
    within = nu === 1 ? (2 * theta) / Math.PI : (2 / Math.PI) * (theta + sin * cos * sum);
  } else {
    for (let k = 2; k <= nu - 2; k += 2) sum += term *= ((k - 1) / k) * c2;
    within = sin * sum;
  }
  return Math.min(1, Math.max(0, 1 - within));
}
