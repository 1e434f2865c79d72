/**
 * Review of submissions: the states a submission goes through and which kept sums it is counted in. Pure.
 *
 * - `received`: as sent (or as corrected by its evaluator), waiting for review;
 * - `approved`: checked by a manager of the model or an admin;
 * - `has_issues`: sent back to its evaluator with a comment, to correct;
 * - `rejected`: will not count, kept as it is;
 * - `removed`: a deletion (a test entry, a duplicate), with a reason; the row is never lost.
 *
 * What counts (the `basis` of indicator_aggregates): managers read `received` (received and approved
 * submissions) unless they switch to `approved`; sponsors always read `approved`. A submission with issues,
 * rejected or removed counts nowhere until it is received or approved again.
 */
import type { Locale } from './i18n';

export const reviewStates = ['received', 'approved', 'has_issues', 'rejected', 'removed'] as const;
export type ReviewState = (typeof reviewStates)[number];

/** The two sets of kept sums: received-and-approved, and approved only. */
export const bases = ['received', 'approved'] as const;
export type Basis = (typeof bases)[number];

/**
 * The kept sums a submission in this state is counted in.
 * Example: `basesOf('approved')` → ['received', 'approved']; `basesOf('has_issues')` → [].
 */
export function basesOf(state: ReviewState): readonly Basis[] {
  if (state === 'approved') return bases;
  if (state === 'received') return ['received'];
  return [];
}

/** The states counted in a basis (the inverse of basesOf). Example: `statesCountedIn('received')` → ['received', 'approved']. */
export function statesCountedIn(basis: Basis): readonly ReviewState[] {
  return reviewStates.filter((s) => basesOf(s).includes(basis));
}

/** Where a reviewer may move a submission from each state (a correction by its evaluator is not a review). */
const moves: Record<ReviewState, readonly ReviewState[]> = {
  received: ['approved', 'has_issues', 'rejected', 'removed'],
  approved: ['has_issues', 'rejected', 'removed'],
  has_issues: ['approved', 'rejected', 'removed'],
  rejected: ['received', 'removed'],
  removed: [],
};

/** The states a reviewer moves to that need a comment saying why. */
export const commentRequired: ReadonlySet<ReviewState> = new Set(['has_issues', 'rejected', 'removed']);

/** Example: `canMove('received', 'approved')` → true; `canMove('removed', 'received')` → false. */
export function canMove(from: ReviewState, to: ReviewState): boolean {
  return moves[from].includes(to);
}

/**
 * The state after a correction of the answers: an evaluator's correction of a submission with issues goes
 * back for review; a reviewer's edit keeps the state it had.
 * Example: `stateAfterCorrection('has_issues', 'evaluator')` → 'received'.
 */
export function stateAfterCorrection(state: ReviewState, by: 'evaluator' | 'reviewer'): ReviewState {
  return by === 'evaluator' && state === 'has_issues' ? 'received' : state;
}

export const isReviewState = (x: unknown): x is ReviewState => reviewStates.includes(x as ReviewState);

export const reviewStateNames: Record<Locale, Record<ReviewState, string>> = {
  vi: { received: 'Đã nhận', approved: 'Đã duyệt', has_issues: 'Cần sửa', rejected: 'Không dùng', removed: 'Đã xóa' },
  en: { received: 'Received', approved: 'Approved', has_issues: 'Has issues', rejected: 'Rejected', removed: 'Removed' },
};
