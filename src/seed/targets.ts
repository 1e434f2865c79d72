/**
 * The targets of the source documents (DOMAIN.md), seeded as rows that admins and managers then edit on the
 * targets page; a second seeding keeps their edits.
 */
import type { Target } from '../domain/targets';

export const seededTargets: readonly Target[] = [
  // Hanoi 2015 plan (seed 000): at least 95% of CSC assisted that year.
  { indicator: 'csc-assisted', programme: 'hanoi-2015-2020', value: 95, year: 2015, source: 'Hanoi plan 2015 (seed 000)' },
  // Hanoi plan 2016–2020: the seeds give no measured 2015 level, so the planned line starts from the level
  // the 2015 plan set.
  { indicator: 'csc-assisted', programme: 'hanoi-2015-2020', value: 98, year: 2020, baseline: { value: 95, year: 2015 }, source: 'Hanoi plan 2016–2020 (seeds 001, 003); 2015: seed 000' },
  // Hanoi's own report: about 0.73% of children in special circumstances in 2016.
  { indicator: 'csc-share', programme: 'hanoi-2015-2020', value: 0.7, year: 2020, baseline: { value: 0.73, year: 2016 }, source: 'Hanoi plan 2016–2020 (seeds 001, 003); 2016: Hanoi report' },
  { indicator: 'abuse-reports-12h', programme: 'hanoi-2015-2020', value: 100, year: 2016, source: 'Law on Children 2016: intervention within 12 hours' },
  // Yên Bái's 2021 report (seed 004) gives the levels the pilot reached; they stand as its targets.
  { indicator: 'csc-assisted', programme: 'yen-bai-2018-2020', value: 85, year: 2020, source: 'Yên Bái 2021 (seed 004), level reached' },
  { indicator: 'child-friendly-communes', programme: 'yen-bai-2018-2020', value: 90, year: 2020, source: 'Yên Bái 2021 (seed 004), level reached' },
];
