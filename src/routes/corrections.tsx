/**
 * Corrections on the pages: the correction page (SurveyJS in edit mode, GET /submissions/:id/edit), the
 * correction it saves (PUT /submissions/:id, JSON, sent by the field queue), an evaluator's submissions with
 * issues (/field/issues.json for the field bar, kept in their offline kit; the home page's list), and the
 * history part of the submission page.
 */
import { type Context, Hono } from 'hono';
import { CorrectionPage } from '../../views/correction';
import type { IssueView, RevisionsView } from '../../views/revisions';
import { type Actor, canCorrect, correctsOnlyWithIssues, type Scope } from '../domain/access';
import { AppError } from '../domain/errors';
import { type Instrument, instrumentTitle } from '../domain/instrument';
import type { Locale } from '../domain/i18n';
import type { AnswerChange } from '../domain/revisions';
import { displayAnswers } from '../domain/validation/display';
import { requireActor } from '../middleware/auth';
import { clientAddressOf } from '../middleware/client-address';
import type { AppEnv } from '../middleware/env';
import { keepOffline } from '../middleware/headers';
import { bodyLimitFromConfig, readJson } from '../middleware/json';
import { pageContext } from '../middleware/page';
import { releasedInstrument } from '../queries/instruments';
import { modelById } from '../queries/models';
import { issuesOfEvaluator } from '../queries/revisions';
import { reviewsOf } from '../queries/reviews';
import type { SubmissionRow } from '../queries/submissions';
import { correctable, type CorrectionContext, correctSubmission } from '../workflows/corrections';
import { answersShownTo } from '../workflows/personal';
import { historyShownTo } from '../workflows/submission-history';

function correctionContextOf(c: Context<AppEnv>): CorrectionContext {
  const { db, clock, config } = c.get('deps');
  return { db, actor: requireActor(c), scope: c.get('scope'), locale: c.get('locale'), now: clock(), address: clientAddressOf(c) ?? null, limits: config.answerLimits };
}

/** The submission page's history of corrections, and whether the reader may correct it now. */
export async function revisionsViewOf(c: Context<AppEnv>, round: { id: string; modelId: string }, s: SubmissionRow): Promise<RevisionsView> {
  const ctx = { db: c.get('deps').db, actor: requireActor(c), scope: c.get('scope') };
  const [{ revisions }, instrument] = await Promise.all([historyShownTo(ctx, round, s), releasedInstrument(ctx.db, s.instrumentSlug, s.instrumentVersion)]);
  const locale = c.get('locale') ?? 'vi';
  const shown = revisions.map((r) => ({ ...r, changes: r.changes.map((change) => ({ ...change, ...(instrument ? changeDisplay(instrument, change, locale) : {}) })) }));
  return { current: s.contentRevision, revisions: shown, editUrl: canCorrect(ctx.actor, ctx.scope, round, s) ? `/submissions/${s.id}/edit` : null };
}

/**
 * A change as the form reads it: the question's title and the choices' texts for a top-level question (an answer
 * inside a dynamic panel reads as stored). Example: knows_111 no → yes reads "Ông/bà có biết … 111?" Không → Có.
 */
function changeDisplay(instrument: Instrument, change: AnswerChange, locale: Locale) {
  if (/[[.]/.test(change.question)) return {};
  const read = (value: unknown) => (value === null ? undefined : displayAnswers(instrument, { [change.question]: value }, locale)[0]);
  const [before, after] = [read(change.old), read(change.new)];
  return { title: (before ?? after)?.title, oldText: before?.display, newText: after?.display };
}

/** An evaluator's submissions sent back with issues, in their assigned rounds; none for other roles. */
export async function issuesShownTo(c: Context<AppEnv>): Promise<IssueView[]> {
  const actor = c.get('actor');
  const scope = c.get('scope');
  if (!actor || !correctsOnlyWithIssues(actor) || scope.rounds === 'all') return [];
  return issuesOf(c, actor, scope);
}

const issuesOf = (c: Context<AppEnv>, actor: Actor, scope: Scope) => issuesOfEvaluator(c.get('deps').db, actor.id, [...(scope.rounds as ReadonlySet<string>)]);

export function correctionRoutes() {
  const routes = new Hono<AppEnv>();

  routes.get('/submissions/:id/edit', async (c) => {
    const ctx = correctionContextOf(c);
    const { row, round, commune } = await correctable(ctx, c.req.param('id'));
    const [instrument, model, shown, reviews] = await Promise.all([
      releasedInstrument(ctx.db, row.instrumentSlug, row.instrumentVersion),
      modelById(ctx.db, round.modelId),
      answersShownTo(ctx, round, row),
      reviewsOf(ctx.db, row.id),
    ]);
    if (!instrument || !model) throw new AppError('not_found');
    const sentBack = row.reviewState === 'has_issues' ? reviews.find((r) => r.state === 'has_issues') : undefined;
    const page = pageContext(c, { collecting: true });
    keepOffline(c); // an evaluator corrects a submission with issues offline too (their kit keeps this page)
    return c.html(
      <CorrectionPage
        ctx={page}
        submission={{ id: row.id, roundId: row.roundId, instrumentSlug: row.instrumentSlug, instrumentVersion: row.instrumentVersion, revision: row.contentRevision, answers: shown.answers, personalMasked: shown.masked }}
        model={model}
        commune={commune}
        instrumentTitle={instrumentTitle(instrument, page.locale)}
        comment={sentBack?.comment ? { text: sentBack.comment, reviewer: sentBack.reviewer } : null}
        limits={ctx.limits!}
      />,
    );
  });

  /** The correction page (through the field queue) puts JSON here and reads JSON back; errors as problem+json. */
  routes.put('/submissions/:id', bodyLimitFromConfig, async (c) => {
    const outcome = await correctSubmission(correctionContextOf(c), c.req.param('id'), await readJson(c));
    return c.json({ ...outcome, redirect: `/submissions/${outcome.id}` });
  });

  routes.get('/field/issues.json', async (c) => {
    requireActor(c);
    const issues = await issuesShownTo(c);
    keepOffline(c);
    return c.json({ issues: issues.map((i) => ({ id: i.id, commune: i.communeVi, communeEn: i.communeEn, instrument: i.instrumentSlug, instrumentVi: i.instrumentVi ?? i.instrumentSlug, instrumentEn: i.instrumentEn ?? i.instrumentSlug, comment: i.comment, reviewer: i.reviewer, revision: i.revision })) });
  });

  return routes;
}
