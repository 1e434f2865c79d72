/**
 * Review on the pages: the submission page's review section (POST /submissions/:id/review) and the round
 * page's list by state with bulk approve (POST /rounds/:id/approve). htmx swaps the section with the answer;
 * without JavaScript the page comes back (303 after a change).
 */
import { type Context, Hono } from 'hono';
import { Layout } from '../../views/layout';
import { ReviewSection, type ReviewSectionProps, RoundSubmissions, type RoundSubmissionsProps } from '../../views/review';
import { canReview, canSeeSubmissions, submissionsSeenBy, type Actor, type Scope } from '../domain/access';
import { AppError, errorMessage } from '../domain/errors';
import { messages } from '../domain/i18n';
import { pageNumber } from '../domain/paging';
import { isReviewState, reviewStateNames, type ReviewState } from '../domain/review';
import { movesFrom } from '../domain/review-check';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { formBody } from '../middleware/form';
import { pageContext } from '../middleware/page';
import { reviewsOf, stateCountsOfRound, submissionsOfRoundByState } from '../queries/reviews';
import { roundById } from '../queries/rounds';
import { submissionDetail } from '../queries/submissions';
import { approveSubmissions, reviewSubmission } from '../workflows/review';
import { reviewContextOf } from './api-reviews';

type Round = { id: string; modelId: string };

/** The submission page's review section: its state, the moves the reader may make, the history. */
export async function reviewSectionOf(c: Context<AppEnv>, round: Round, submission: { id: string; reviewState: ReviewState }): Promise<ReviewSectionProps> {
  const actor = requireActor(c);
  const reviews = canReview(actor, c.get('scope'), round);
  return {
    ctx: pageContext(c),
    submissionId: submission.id,
    state: submission.reviewState,
    canReview: reviews,
    moves: reviews ? movesFrom(submission.reviewState) : [],
    history: await reviewsOf(c.get('deps').db, submission.id),
  };
}

const pageSize = 20;

/** The state a list shows from `?status=`: one state, else every one but removed. */
export const listedStatus = (value: unknown): ReviewState | 'all' => (isReviewState(value) ? value : 'all');

/** The round page's list of submissions by state, or null for those who read aggregates only (sponsors). */
export async function roundSubmissionsOf(c: Context<AppEnv>, round: Round, status: ReviewState | 'all', page: number): Promise<RoundSubmissionsProps | null> {
  const actor = requireActor(c);
  if (!canSeeSubmissions(actor)) return null;
  const { db } = c.get('deps');
  const evaluatorId = submissionsSeenBy(actor)!.evaluatorId;
  const [list, counts] = await Promise.all([submissionsOfRoundByState(db, round.id, { status, evaluatorId }, page, pageSize), stateCountsOfRound(db, round.id, evaluatorId)]);
  return {
    ctx: pageContext(c),
    roundId: round.id,
    rows: list.rows,
    page,
    pageCount: Math.ceil(list.total / pageSize),
    status,
    counts,
    canReview: canReview(actor, c.get('scope'), round),
  };
}

/** Whether the reader may review the round (for the routes below, before reading a form). */
function mayReviewRound(actor: Actor, scope: Scope, round: Round | null): round is Round {
  return round !== null && canReview(actor, scope, round);
}

export function reviewRoutes() {
  const routes = new Hono<AppEnv>();

  routes.post('/submissions/:id/review', async (c) => {
    const actor = requireActor(c);
    const form = await formBody(c);
    const { db } = c.get('deps');
    const htmx = Boolean(c.req.header('hx-request'));
    const detail = await submissionDetail(db, c.req.param('id'));
    const round = detail && (await roundById(db, detail.submission.roundId));
    const body = { status: form.status, comment: typeof form.comment === 'string' ? form.comment : undefined, from: typeof form.from === 'string' && form.from !== '' ? form.from : undefined };
    const respond = async (props: Partial<ReviewSectionProps>, status: 200 | 409 | 422) => {
      const now = (await submissionDetail(db, detail!.submission.id))!.submission;
      const section = { ...(await reviewSectionOf(c, round!, now)), ...props };
      if (htmx) return c.html(<ReviewSection {...section} />, status);
      return c.html(
        <Layout ctx={section.ctx} title={messages[section.ctx.locale].review.title}>
          <ReviewSection {...section} />
        </Layout>,
        status,
      );
    };
    try {
      const done = await reviewSubmission(reviewContextOf(c), c.req.param('id'), body);
      if (!htmx) return c.redirect(`/submissions/${done.id}`, 303);
      return respond({ notice: messages[c.get('locale')].review.saved.replace('{state}', reviewStateNames[c.get('locale')][done.status]) }, 200);
    } catch (error) {
      // Refusals of the move or of a stale page come back in the section; access refusals go to onError.
      if (!(error instanceof AppError) || !detail || !round || !canReview(actor, c.get('scope'), round)) throw error;
      if (error.code === 'invalid_request') return respond({ errors: error.errors }, 422);
      if (error.code === 'review_stale') return respond({ errors: [{ question: 'status', message: errorMessage('review_stale', c.get('locale')) }] }, 409);
      throw error;
    }
  });

  routes.post('/rounds/:id/approve', async (c) => {
    const actor = requireActor(c);
    const form = await formBody(c, { all: true });
    const { db } = c.get('deps');
    const htmx = Boolean(c.req.header('hx-request'));
    const round = await roundById(db, c.req.param('id'));
    const status = listedStatus(first(form.status));
    const ids = ([] as unknown[]).concat(form.ids ?? []).filter((x): x is string => typeof x === 'string');
    const section = async (props: Partial<RoundSubmissionsProps>, code: 200 | 422) => {
      const list = (await roundSubmissionsOf(c, round!, status, 1))!;
      return c.html(<RoundSubmissions {...list} {...props} />, code);
    };
    try {
      const done = await approveSubmissions(reviewContextOf(c), c.req.param('id'), ids);
      if (!htmx) return c.redirect(`/rounds/${c.req.param('id')}${status === 'all' ? '' : `?status=${status}`}`, 303);
      const t = messages[c.get('locale')].review;
      const notice = [t.bulkDone.replace('{n}', String(done.approved.length)), done.skipped.length > 0 ? t.bulkSkipped.replace('{n}', String(done.skipped.length)) : ''].filter(Boolean).join(' ');
      return section({ notice }, 200);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'invalid_request' || !mayReviewRound(actor, c.get('scope'), round) || !htmx) throw error;
      return section({ errors: error.errors }, 422);
    }
  });

  return routes;
}

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** `?status=` and `?page=` of the round page. */
export function roundListingQuery(c: Context<AppEnv>) {
  return { status: listedStatus(c.req.query('status')), page: pageNumber(c.req.query('page')) };
}
