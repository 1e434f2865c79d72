import { Hono } from 'hono';
import { SubmissionPage } from '../../views/submission';
import { displayAnswers } from '../domain/validation/display';
import { instrumentName } from '../domain/format';
import { type Instrument, titlesOf } from '../domain/instrument';
import { releasedInstrument } from '../queries/instruments';
import { auditSubmissionView } from '../middleware/audit';
import { requireActor } from '../middleware/auth';
import type { AppEnv } from '../middleware/env';
import { pageContext } from '../middleware/page';
import { modelById } from '../queries/models';
import { seenSubmission } from '../workflows/submission-history';
import { reviewSectionOf } from './reviews';
import { answersShownTo } from '../workflows/personal';
import { revisionsViewOf } from './corrections';

export function submissionRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/:id', async (c) => {
    const actor = requireActor(c);
    const { db } = c.get('deps');
    const { detail, round } = await seenSubmission({ db, actor, scope: c.get('scope') }, c.req.param('id'));
    await auditSubmissionView(c, detail.submission.id, { via: 'web' });
    const s = detail.submission;
    const model = await modelById(db, round.modelId);
    const instrument = await releasedInstrument(db, s.instrumentSlug, s.instrumentVersion);
    const ctx = pageContext(c);
    // Personal answers masked unless the reader is its evaluator or a manager of the model (workflows/personal.ts).
    const shown = await answersShownTo({ db, actor, scope: c.get('scope') }, round, s);
    const answers = instrument ? displayAnswers(instrument, shown.answers, ctx.locale) : [];
    return c.html(
      <SubmissionPage
        ctx={ctx}
        review={await reviewSectionOf(c, round, s)}
        submission={{
          id: s.id,
          roundId: round.id,
          roundKind: round.kind,
          model: model!,
          commune: { code: detail.communeCode, nameVi: detail.communeVi, nameEn: detail.communeEn },
          instrument: instrumentLabel(instrument, s.instrumentSlug, s.instrumentVersion, ctx.locale),
          evaluator: detail.evaluator,
          receivedAt: s.receivedAt,
          contentHash: s.contentHash,
          synthetic: s.synthetic,
          answers,
          personalMasked: shown.masked,
          revisions: await revisionsViewOf(c, round, s),
        }}
      />,
    );
  });
  return routes;
}

/** The instrument as people know it (title and version); its slug when the version is no longer released. */
function instrumentLabel(instrument: Instrument | null, slug: string, version: number, locale: 'vi' | 'en'): string {
  const titles = instrument ? titlesOf(instrument.json, slug) : { vi: slug, en: slug };
  return instrumentName({ titleVi: titles.vi, titleEn: titles.en, version }, locale);
}
