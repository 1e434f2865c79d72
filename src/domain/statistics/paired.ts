/**
 * The same households asked twice (before and after): McNemar's test on the households that changed, and
 * Newcombe's interval for the difference of the paired proportions (Newcombe 1998c, method 10).
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import { type Change, type Difference, quantileAtZero } from './change';
import { studentTwoSidedP } from './design';
import { wilsonAt, zFor } from './proportion';

export interface McNemarResult {
  /** (b − c)² / (b + c), chi-square with 1 df (McNemar 1947). */
  statistic: number;
  pValue: number;
  /** With Edwards' (1948) continuity correction: (|b − c| − 1)² / (b + c). */
  corrected: { statistic: number; pValue: number };
  /** Two-sided exact binomial p (b of b + c at ½, doubled) when b + c < 25, where the chi-square is poor. */
  exactPValue: number | null;
}

/**
 * McNemar's test from the discordant pairs: `b` yes at first and no at second, `c` the other way round.
 * Example: mcnemarTest(150, 86).statistic → 17.36 (Agresti's presidential approval ratings).
 */
export function mcnemarTest(b: number, c: number): McNemarResult {
  if (![b, c].every((x) => Number.isInteger(x) && x >= 0)) throw new RangeError(`discordant pairs must be counts, not ${b} and ${c}`);
  const changed = b + c;
  if (changed === 0) return { statistic: 0, pValue: 1, corrected: { statistic: 0, pValue: 1 }, exactPValue: 1 };
  const statistic = (b - c) ** 2 / changed;
  const correctedStatistic = Math.max(0, Math.abs(b - c) - 1) ** 2 / changed;
  return {
    statistic,
    pValue: upperChiSquare1(statistic),
    corrected: { statistic: correctedStatistic, pValue: upperChiSquare1(correctedStatistic) },
    exactPValue: changed < 25 ? Math.min(1, 2 * binomialCdf(Math.min(b, c), changed, 0.5)) : null,
  };
}

function upperChiSquare1(x: number): number {
  return 1 - chisquareCdf(x, 1);
}

/** A paired 2 × 2 table: yes both times, yes only the first time, only the second time, neither time. */
export interface PairedTable {
  both: number;
  firstOnly: number;
  secondOnly: number;
  neither: number;
}

/**
 * Newcombe's interval for p1 − p2 of paired proportions (1998c, method 10): the Wilson limits of the two
 * margins squared and added as for independent samples, less a term for their correlation φ, which is
 * shrunk towards 0 by n/2 when positive and set to 0 when a margin is empty. Example: Armitage & Berry's
 * two culture media, { both: 20, firstOnly: 12, secondOnly: 2, neither: 16 } → 0.2000, 0.0562–0.3292.
 */
export function newcombePairedInterval(t: PairedTable, confidence = 0.95): Difference {
  checkTable(t);
  return newcombePairedAt(t, zFor(confidence));
}

function checkTable(t: PairedTable): void {
  const counts = [t.both, t.firstOnly, t.secondOnly, t.neither];
  if (!counts.every((x) => x >= 0)) throw new RangeError('a paired table holds counts');
  if (counts.reduce((s, x) => s + x, 0) === 0) throw new RangeError('a paired table must not be empty');
}

/**
 * The paired change first − second with Newcombe's paired interval and, as p-value, the level at which that
 * interval's nearer end reaches 0 (inverted as change.ts does for independent rounds), so that p < 0.05 exactly
 * when the 95% interval leaves out 0. Example: Armitage & Berry's media → 0.2000, 0.0562–0.3292, p 0.0057.
 */
export function pairedChange(t: PairedTable, confidence = 0.95): Change {
  checkTable(t);
  const at = (z: number) => newcombePairedAt(t, z);
  return { ...at(zFor(confidence)), pValue: studentTwoSidedP(quantileAtZero(at), null), df: null };
}

function newcombePairedAt(t: PairedTable, z: number): Difference {
  const n = t.both + t.firstOnly + t.secondOnly + t.neither;
  const first = t.both + t.firstOnly;
  const second = t.both + t.secondOnly;
  const p1 = first / n;
  const p2 = second / n;
  const w1 = wilsonAt(first, n, z);
  const w2 = wilsonAt(second, n, z);
  const margins = first * (n - first) * second * (n - second);
  const cross = t.both * t.neither - t.firstOnly * t.secondOnly;
  const phi = margins === 0 ? 0 : (cross > n / 2 ? cross - n / 2 : cross < 0 ? cross : 0) / Math.sqrt(margins);
  const side = (d1: number, d2: number) => Math.sqrt(d1 * d1 - 2 * phi * d1 * d2 + d2 * d2);
  const difference = p1 - p2;
  return {
    difference,
    low: difference - side(p1 - w1.low, w2.high - p2),
    high: difference + side(p2 - w2.low, w1.high - p1),
  };
}
