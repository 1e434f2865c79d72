/**
 * The correction page: the submission's own instrument version in SurveyJS, prefilled with the stored answers,
 * a reason, and saving as a new revision (public/app/correction-page.js through the field queue, so an
 * evaluator's correction made offline is sent on the next sync). survey-core validates here; the server again.
 */
import { raw } from 'hono/html';
import { localName, messages } from '../src/domain/i18n';
import type { AnswerLimits } from '../src/domain/validation/limits';
import { Breadcrumbs, Layout, type PageContext, scriptJson } from './layout';

export interface CorrectionPageProps {
  ctx: PageContext;
  submission: { id: string; roundId: string; instrumentSlug: string; instrumentVersion: number; revision: number; answers: Record<string, unknown>; personalMasked: boolean };
  model: { id: string; nameVi: string; nameEn: string };
  commune: { code: string; nameVi: string; nameEn: string };
  instrumentTitle: string;
  /** The comment of the review that sent it back, while it has issues. */
  comment: { text: string; reviewer: string } | null;
  limits: AnswerLimits;
}

export function CorrectionPage(props: CorrectionPageProps) {
  const { ctx, submission: s } = props;
  const all = messages[ctx.locale];
  const t = all.corrections;
  const config = {
    id: s.id,
    round: s.roundId,
    commune: props.commune.code,
    instrument: s.instrumentSlug,
    version: s.instrumentVersion,
    instrumentUrl: `/instruments/${s.instrumentSlug}/v${s.instrumentVersion}.json`,
    putUrl: `/submissions/${s.id}`,
    recordUrl: `/submissions/${s.id}`,
    baseRevision: s.revision,
    answers: s.answers,
    locale: ctx.locale,
    limits: props.limits,
    text: { save: t.save, saved: t.saved, queued: t.queued, reasonRequired: t.reasonRequired, sending: all.sending, sendFailed: all.sendFailed, keptRefused: all.field.keptRefused },
  };
  const head = (
    <>
      <link rel="stylesheet" href="/vendor/survey-core.min.css" />
      <script src="/vendor/survey.core.min.js" defer></script>
      <script src="/vendor/survey.vietnamese.min.js" defer></script>
      <script src="/vendor/survey-js-ui.min.js" defer></script>
      <script type="module" src="/app/correction-page.js"></script>
    </>
  );
  return (
    <Layout ctx={ctx} title={t.title} head={head} htmx={false}>
      <Breadcrumbs items={[{ href: `/models/${props.model.id}`, label: localName(props.model, ctx.locale) }, { href: `/submissions/${s.id}`, label: s.id.slice(0, 8) }, { label: t.title }]} />
      <h1>
        {t.title} <small>{props.instrumentTitle}</small>
      </h1>
      <p class="note">{t.intro}</p>
      <dl class="facts">
        <dt>{all.commune}</dt>
        <dd>{localName(props.commune, ctx.locale)}</dd>
        <dt>{t.currentRevision}</dt>
        <dd data-base-revision>{s.revision}</dd>
      </dl>
      {props.comment && (
        <p class="alert" data-comment>
          {t.comment} ({props.comment.reviewer}): {props.comment.text}
        </p>
      )}
      {s.personalMasked && <p class="note">{t.personalKept}</p>}
      <label class="reason">
        {t.reason}
        <textarea id="reason" name="reason" rows={2} maxlength={1000} required></textarea>
      </label>
      <p id="survey-status" class="status-line" role="status" aria-live="polite"></p>
      <div id="survey"></div>
      <script type="application/json" id="correction-config">
        {raw(scriptJson(config))}
      </script>
    </Layout>
  );
}
