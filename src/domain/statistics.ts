/**
 * The thin statistical layer over indicator values (numerator of denominator, see indicators.ts). Pure:
 * plain numbers in, plain numbers out, in Node and in Workers alike. Distributions come from @stdlib's
 * single-function packages (normal, beta, binomial, chi-square; pure JavaScript); what lives in
 * statistics/ is only the published formulas on top of them, each checked in test/statistics.test.ts
 * against a published worked example.
 * - proportion.ts: Wilson and Clopper–Pearson intervals (Newcombe 1998a) and the rule that picks one.
 * - design.ts: the design of a value from per-commune sums: linearization variance over communes (the PSUs),
 *   design effect, degrees of freedom (communes − 1), Student's t p-values. docs/statistics.md says why.
 * - clusters.ts: Kish's design effect, effective sample size and ICC of commune-clustered samples.
 * - change.ts: two independent rounds (Newcombe 1998b interval on effective samples, inverted for its p;
 *   the z test for reference), difference in differences, verdicts.
 * - paired.ts: the same households twice (McNemar, Newcombe 1998c interval inverted for its p).
 * - mean.ts: the t interval of a mean and the ICC of a numeric answer, from n, Σx and Σx².
 */
export * from './statistics/proportion';
export * from './statistics/clusters';
export * from './statistics/change';
export * from './statistics/paired';
export * from './statistics/mean';
export * from './statistics/design';
