import { Hono } from 'hono';
import { SentPage } from '../../views/sent';
import { instrumentName } from '../domain/format';
import { titlesOf } from '../domain/instrument';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { pageContext } from '../middleware/page';
import { releasedInstrument } from '../queries/instruments';
import { seenSubmission } from '../workflows/submission-history';
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
    const { detail, round } = await seenSubmission({ db, actor, scope: c.get('scope') }, c.req.param('id'));
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
