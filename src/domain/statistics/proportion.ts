/**
 * One proportion: the Wilson score and Clopper–Pearson exact intervals (Newcombe 1998a, methods 3 and 5),
 * the rule that picks one for the dashboard, and both widened for a commune-clustered sample.
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Interval {
  low: number;
  high: number;
}

/** The two-sided standard normal quantile. Example: zFor(0.95) → 1.959964. */
export function zFor(confidence = 0.95): number {
  return normalQuantile(1 - alphaOf(confidence) / 2, 0, 1);
}

/**
 * The two-sided quantile of Student's t with `df` degrees of freedom, the normal one when df is null (a simple
 * random sample, or one large enough). Example: tFor(0.95, 3) → 3.182446; tFor(0.95, null) → 1.959964.
 */
export function tFor(confidence = 0.95, df: number | null = null): number {
  if (df === null) return zFor(confidence);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, not ${df}`);
  // A page asks for the same few (confidence, df) many times; the quantile is an iterative inversion.
  const key = `${confidence}:${df}`;
  let t = tQuantiles.get(key);
  if (t === undefined) {
    t = tQuantile(1 - alphaOf(confidence) / 2, df);
    if (tQuantiles.size < 1000) tQuantiles.set(key, t);
  }
  return t;
}

const tQuantiles = new Map<string, number>();

/** (z / t_df)²: how much of the effective sample a design's few degrees of freedom leave (1 without df). */
export function dfFactor(df: number | null, confidence = 0.95): number {
  return df === null ? 1 : (zFor(confidence) / tFor(confidence, df)) ** 2;
}

/** 1 − confidence, once the confidence is known to be a level. */
function alphaOf(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must lie between 0 and 1, not ${confidence}`);
  return 1 - confidence;
}

/** Counts may be fractional (scaled by a design effect) but never negative or above n. */
export function checkCounts(successes: number, n: number): void {
  if (!(n >= 0 && successes >= 0 && successes <= n && Number.isFinite(n))) throw new RangeError(`${successes} of ${n} is not a count of successes`);
}

/**
 * Wilson score interval of successes / n, as proportions; 0 and n give exactly 0 and 1 at that end, and
 * n = 0 says nothing (0–1). Example: wilsonInterval(81, 263) → 0.2553–0.3662.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Interval {
  checkCounts(successes, n);
  return wilsonAt(successes, n, zFor(confidence));
}

/**
 * Wilson's interval with the quantile `z` given: Student's t for a design with few degrees of freedom, or any
 * level while a change's interval is inverted for its p-value (change.ts). Counts are not checked here.
 */
export function wilsonAt(successes: number, n: number, z: number): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/** Clopper–Pearson exact interval from beta quantiles. Example: exactBinomialInterval(1, 29) → 0.0009–0.1776. */
export function exactBinomialInterval(successes: number, n: number, confidence = 0.95): Interval {
  checkCounts(successes, n);
  const alpha = alphaOf(confidence);
  if (n === 0) return { low: 0, high: 1 };
  return {
    low: successes === 0 ? 0 : betaQuantile(alpha / 2, successes, n - successes + 1),
    high: successes === n ? 1 : betaQuantile(1 - alpha / 2, successes + 1, n - successes),
  };
}

/**
 * Wilson interval of a cluster sample: the same proportion over the effective sample n / deff, i.e. successes
 * and n both divided by deff. Korn & Graubard (1998, Survey Methodology 24:193–201) do this for the exact
 * interval; Dean & Pagano (2015, J Surv Stat Methodol 3:484–503) evaluate it for Wilson in cluster surveys.
 * Example: the EPI's 30 × 7 children with deff 2 at 50% → as wilsonInterval(52.5, 105): 0.406–0.594.
 */
export function wilsonIntervalWithDesignEffect(successes: number, n: number, deff: number, confidence = 0.95): Interval {
  if (!(deff > 0)) throw new RangeError(`a design effect must be positive, not ${deff}`);
  return wilsonInterval(successes / deff, n / deff, confidence);
}

export interface ProportionEstimate extends Interval {
  method: 'wilson' | 'exact';
  /** The sample size the interval stands for after the design effect: n / deff. */
  effectiveN: number;
}

/**
 * The interval a dashboard shows for successes of n: exact (Clopper–Pearson) when the effective sample is
 * under 30 or either side has fewer than 5, where Wilson's normal approximation is least trusted; Wilson
 * otherwise. A design effect below 1 counts as 1, so a cluster sample never looks more precise than a simple
 * one. With `df` (a design's degrees of freedom, e.g. communes − 1) the effective sample is shrunk further by
 * (z / t_df)², Korn & Graubard's (1998) adjustment with z in place of their t_(n−1): Wilson's interval on it is
 * Wilson's with t_df for z. Example: proportionInterval(1, 29) → exact 0.0009–0.1776; (81, 263) → Wilson.
 */
export function proportionInterval(successes: number, n: number, opts: { deff?: number; df?: number | null; confidence?: number } = {}): ProportionEstimate {
  const deff = Math.max(1, opts.deff ?? 1);
  const effectiveN = (n / deff) * dfFactor(opts.df ?? null, opts.confidence);
  const effectiveSuccesses = effectiveN * (n > 0 ? successes / n : 0);
  const small = effectiveN < 30 || Math.min(effectiveSuccesses, effectiveN - effectiveSuccesses) < 5;
  const interval = small
    ? exactBinomialInterval(effectiveSuccesses, effectiveN, opts.confidence)
    : wilsonInterval(effectiveSuccesses, effectiveN, opts.confidence);
  return { ...interval, method: small ? 'exact' : 'wilson', effectiveN };
}
