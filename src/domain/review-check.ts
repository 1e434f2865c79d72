/**
 * A review as a reviewer asks for it (`{ status, comment }`), checked against the submission's current state
 * with the rules of domain/review.ts; per-field messages in vi and en. Pure.
 * Example: checkReview({ status: 'has_issues' }, 'received', 'en')
 * → { ok: false, errors: [{ question: 'comment', message: 'Say why: a comment is needed for “Has issues”.' }] }.
 */
import type { FieldError } from './errors';
import type { Locale } from './i18n';
import { canMove, commentRequired, isReviewState, type ReviewState, reviewStateNames, statesCountedIn } from './review';

/** Longest comment kept with a review (characters). */
export const maxReviewComment = 1000;

/** The states a reviewer can choose from `from`, in the order the controls show them. */
export function movesFrom(from: ReviewState): ReviewState[] {
  return (['approved', 'has_issues', 'rejected', 'received', 'removed'] as const).filter((to) => canMove(from, to));
}

const texts = {
  vi: {
    status: 'Trạng thái là một trong: approved, has_issues, rejected, received, removed.',
    move: 'Không thể chuyển phiếu từ “{from}” sang “{to}”.',
    comment: 'Hãy ghi lý do: trạng thái “{to}” cần có nhận xét.',
    long: `Nhận xét tối đa ${maxReviewComment} ký tự.`,
    notText: 'Nhận xét phải là văn bản.',
  },
  en: {
    status: 'The status is one of: approved, has_issues, rejected, received, removed.',
    move: 'A submission cannot move from “{from}” to “{to}”.',
    comment: 'Say why: a comment is needed for “{to}”.',
    long: `A comment has at most ${maxReviewComment} characters.`,
    notText: 'The comment must be text.',
  },
} satisfies Record<Locale, Record<string, string>>;

export type ReviewChoice = { to: ReviewState; comment: string | null };

/** Checks a review of a submission now in `from`: a known state one may move to, and the comment its state needs. */
export function checkReview(input: unknown, from: ReviewState, locale: Locale): { ok: true; review: ReviewChoice } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  const body = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const errors: FieldError[] = [];
  const to = body.status;
  if (!isReviewState(to)) return { ok: false, errors: [{ question: 'status', message: t.status }] };
  const names = reviewStateNames[locale];
  if (!canMove(from, to)) errors.push({ question: 'status', message: t.move.replace('{from}', names[from]).replace('{to}', names[to]) });
  let comment: string | null = null;
  if (body.comment !== undefined && body.comment !== null && typeof body.comment !== 'string') errors.push({ question: 'comment', message: t.notText });
  else if (typeof body.comment === 'string' && body.comment.trim() !== '') comment = body.comment.trim();
  if (comment !== null && [...comment].length > maxReviewComment) errors.push({ question: 'comment', message: t.long });
  if (comment === null && commentRequired.has(to) && !errors.some((e) => e.question === 'comment')) errors.push({ question: 'comment', message: t.comment.replace('{to}', names[to]) });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, review: { to, comment } };
}

/**
 * The submissions round progress counts (collected against the planned sample, per commune and evaluator, on
 * the round, model and home pages): those managers' figures count, received and approved ones (the `received`
 * basis, so that the model page can read it from the kept sums). One sent back with issues counts again once
 * its evaluator has corrected it; a rejected or removed one has to be collected again.
 */
export const statesCollected: readonly ReviewState[] = statesCountedIn('received');
