/**
 * Follow-up households: the same household visited at baseline, midterm and final. Pure (no I/O).
 * A household is known by a stable code, commune + hamlet + household number, so its submissions link
 * across rounds; a later round's form starts from the household's stable facts, with children's ages moved on.
 */

/** Household questions that do not change between rounds (children are handled apart: they grow older). */
const stableQuestions = ['hamlet', 'household_number', 'household_size'] as const;
/** Per child: what stays true as the child grows up. `in_school` changes, so it is asked again. */
const stableChildFacts = ['sex', 'birth_registered', 'has_disability', 'csc_groups'] as const;
/** The household survey counts children under 18. */
const oldestChildAge = 17;

/**
 * The stable code of the household these answers describe, or null when hamlet or number is missing; shared with
 * the survey page, which finds a household's unfinished survey by it (public/app/household-code.js).
 * Example: householdCode('09649', { hamlet: ' Thôn  3', household_number: '017' }) → '09649|thôn 3|017'.
 */
export { householdCode } from '../../public/app/household-code.js';

/** Whole years from one date to another (ISO strings), never negative. */
export function wholeYearsBetween(from: string, to: string): number {
  const a = new Date(from);
  const b = new Date(to);
  let years = b.getUTCFullYear() - a.getUTCFullYear();
  if (b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate())) years -= 1;
  return Math.max(0, years);
}

export interface Prefill {
  answers: Record<string, unknown>;
  /** Top-level question names that were prefilled, so the form can mark them. */
  prefilled: string[];
  /** Children from the earlier visit who are 18 or older by now, left out of the roster. */
  agedOut: number;
}

/**
 * A later round's starting answers from an earlier submission of the same household: its stable facts, and
 * its children with ages moved on by the whole years since `collectedAt`. Example: a child of 4 at a
 * baseline two years ago is prefilled as 6.
 */
export function prefillFrom(earlier: Record<string, unknown>, collectedAt: string, now: string): Prefill {
  const answers: Record<string, unknown> = {};
  for (const q of stableQuestions) if (earlier[q] !== undefined) answers[q] = earlier[q];
  const years = wholeYearsBetween(collectedAt, now);
  let agedOut = 0;
  if (Array.isArray(earlier.children)) {
    const children: Record<string, unknown>[] = [];
    for (const child of earlier.children as Record<string, unknown>[]) {
      const age = Number(child?.age);
      if (!Number.isFinite(age)) continue;
      if (age + years > oldestChildAge) {
        agedOut += 1;
        continue;
      }
      const next: Record<string, unknown> = { age: age + years };
      for (const fact of stableChildFacts) if (child[fact] !== undefined) next[fact] = child[fact];
      children.push(next);
    }
    if (children.length > 0) answers.children = children;
  }
  return { answers, prefilled: Object.keys(answers), agedOut };
}
