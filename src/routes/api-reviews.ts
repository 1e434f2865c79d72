/**
 * Review of submissions in the JSON API (docs/api.md): one review, a bulk approval, and a round's submissions
 * listed by state.
 */
import { type Context, Hono } from 'hono';
import { canSeeRound, canSeeSubmissions, submissionsSeenBy } from '../domain/access';
import { AppError } from '../domain/errors';
import { pageNumber } from '../domain/paging';
import { isReviewState } from '../domain/review';
import { clientAddressOf } from '../middleware/client-address';
import type { AppEnv } from '../middleware/env';
import { bodyLimitFromConfig, readJson } from '../middleware/json';
import { stateCountsOfRound, submissionsOfRoundByState } from '../queries/reviews';
import { roundById } from '../queries/rounds';
import { approveSubmissions, reviewSubmission, type ReviewContext } from '../workflows/review';

/** The review context of a request: who, where from, now. */
export function reviewContextOf(c: Context<AppEnv>): ReviewContext {
  const { db, clock } = c.get('deps');
  return { db, actor: c.get('actor')!, scope: c.get('scope'), locale: c.get('locale'), now: clock(), address: clientAddressOf(c) ?? null };
}

const pageSizes = { default: 50, max: 200 } as const;

export function reviewApiRoutes() {
  const api = new Hono<AppEnv>();

  api.post('/submissions/:id/reviews', bodyLimitFromConfig, async (c) => c.json(await reviewSubmission(reviewContextOf(c), c.req.param('id'), await readJson(c)), 201));

  api.post('/rounds/:id/approvals', bodyLimitFromConfig, async (c) => {
    const body = (await readJson(c)) as { ids?: unknown } | null;
    return c.json(await approveSubmissions(reviewContextOf(c), c.req.param('id'), body && typeof body === 'object' ? body.ids : undefined));
  });

  api.get('/rounds/:id/submissions', async (c) => {
    const actor = c.get('actor')!;
    const { db } = c.get('deps');
    if (!canSeeSubmissions(actor)) throw new AppError('forbidden');
    const round = await roundById(db, c.req.param('id'));
    if (!round || !canSeeRound(actor, c.get('scope'), round)) throw new AppError('not_found');
    const status = c.req.query('status') ?? 'all';
    const errors = [];
    if (status !== 'all' && !isReviewState(status)) errors.push({ question: 'status', message: c.get('locale') === 'vi' ? 'status là all hoặc một trạng thái: received, approved, has_issues, rejected, removed.' : 'status is all or a state: received, approved, has_issues, rejected, removed.' });
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? pageSizes.default : /^\d{1,4}$/.test(limitText) ? Number(limitText) : 0;
    if (limit < 1 || limit > pageSizes.max) errors.push({ question: 'limit', message: c.get('locale') === 'vi' ? `limit từ 1 đến ${pageSizes.max}.` : `limit is 1 to ${pageSizes.max}.` });
    if (errors.length > 0) throw new AppError('invalid_request', errors);
    const evaluatorId = submissionsSeenBy(actor)!.evaluatorId;
    const page = pageNumber(c.req.query('page'));
    const listing = { status: status as 'all', evaluatorId };
    const [list, counts] = await Promise.all([submissionsOfRoundByState(db, round.id, listing, page, limit), stateCountsOfRound(db, round.id, evaluatorId)]);
    return c.json({
      round: round.id,
      status,
      page,
      pageSize: limit,
      total: list.total,
      counts,
      submissions: list.rows.map((s) => ({
        id: s.id,
        status: s.reviewState,
        revision: s.contentRevision,
        receivedAt: s.receivedAt,
        commune: { code: s.communeCode, name: { vi: s.communeVi, en: s.communeEn } },
        instrument: { slug: s.instrumentSlug, version: s.instrumentVersion },
        evaluator: { id: s.evaluatorId, name: s.evaluator },
        synthetic: s.synthetic,
      })),
    });
  });

  return api;
}
