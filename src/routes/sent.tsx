import { Hono } from 'hono';
import { SentPage } from '../../views/sent';
import { canSeeSubmission, canSeeSubmissions } from '../domain/access';
import { AppError } from '../domain/errors';
import { instrumentName } from '../domain/format';
import { titlesOf } from '../domain/instrument';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { pageContext } from '../middleware/page';
import { releasedInstrument } from '../queries/instruments';
import { roundById } from '../queries/rounds';
import { submissionDetail } from '../queries/submissions';
import { answersShownTo } from '../workflows/personal';

/**
 * GET /submissions/:id/sent: the confirmation the survey page opens once the server has stored a survey
 * (public/app/survey-page.js), with the way to the next household of the same commune.
 */
export function sentRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/:id/sent', async (c) => {
    const actor = requireActor(c);
    const { db } = c.get('deps');
    if (!canSeeSubmissions(actor)) throw new AppError('forbidden');
    const detail = await submissionDetail(db, c.req.param('id'));
    const round = detail && (await roundById(db, detail.submission.roundId));
    if (!detail || !round || !canSeeSubmission(actor, c.get('scope'), round, detail.submission)) throw new AppError('not_found');
    const s = detail.submission;
    const ctx = pageContext(c);
    const [instrument, shown] = await Promise.all([releasedInstrument(db, s.instrumentSlug, s.instrumentVersion), answersShownTo({ db, actor, scope: c.get('scope') }, round, s)]);
    const titles = instrument ? titlesOf(instrument.json, s.instrumentSlug) : { vi: s.instrumentSlug, en: s.instrumentSlug };
    const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
    return c.html(
      <SentPage
        ctx={ctx}
        sent={{
          id: s.id,
          hamlet: text(shown.answers.hamlet),
          householdNumber: text(shown.answers.household_number),
          commune: { code: detail.communeCode, nameVi: detail.communeVi, nameEn: detail.communeEn },
          instrument: instrumentName({ titleVi: titles.vi, titleEn: titles.en, version: s.instrumentVersion }, ctx.locale),
          receivedAt: s.receivedAt,
          nextHref: `/rounds/${encodeURIComponent(round.id)}/survey/${encodeURIComponent(s.instrumentSlug)}?commune=${encodeURIComponent(detail.communeCode)}`,
        }}
      />,
    );
  });
  return routes;
}
