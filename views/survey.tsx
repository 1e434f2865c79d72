import type { RoundKind } from '../src/domain/rounds';
import { raw } from 'hono/html';
import { localName, messages } from '../src/domain/i18n';
import type { FirstLook as FirstLookData } from '../src/domain/first-look';
import type { AnswerLimits } from '../src/domain/validation/limits';
import { FirstLook } from './first-look';
import { Breadcrumbs, Layout, type PageContext, scriptJson } from './layout';

export interface SurveyPageProps {
  ctx: PageContext;
  round: { id: string; kind: RoundKind; model: { id: string; nameVi: string; nameEn: string } };
  instrument: { slug: string; version: number; title: string };
  communes: { code: string; nameVi: string; nameEn: string }[];
  /** The server's limits where an instrument is silent; the form applies the same ones. */
  limits: AnswerLimits;
  /** The commune chosen at the start (?commune=, from "Next household"), when it is one of `communes`. */
  commune?: string;
  /** The first page drawn plainly until SurveyJS has drawn the form (src/domain/first-look.ts), or null. */
  firstLook: FirstLookData | null;
}

/** A released instrument version's immutable URL (src/routes/field.ts), as the offline kit lists it. */
const instrumentUrl = (slug: string, version: number | '{version}') => `/instruments/${slug}/v${version}.json`;

/**
 * The SurveyJS page, built to work offline once cached (public/sw.js): the instrument comes from its own
 * immutable URL, drafts and the send queue live in IndexedDB (public/app/survey-page.js), and in later rounds
 * the evaluator can start from a household visited before. survey-core validates here; the server again.
 */
export function SurveyPage(props: SurveyPageProps) {
  const { ctx, round, instrument } = props;
  const t = messages[ctx.locale];
  const modelName = localName(round.model, ctx.locale);
  const followUp = round.kind !== 'baseline' && instrument.slug === 'household';
  const config = {
    round: round.id,
    instrument: instrument.slug,
    version: instrument.version,
    /** `{version}` is filled in by the page: a draft finishes on the version it started on. */
    instrumentUrl: instrumentUrl(instrument.slug, '{version}'),
    locale: ctx.locale,
    postUrl: `/rounds/${round.id}/submissions`,
    householdsUrl: followUp ? `/rounds/${round.id}/households.json` : null,
    communes: Object.fromEntries(props.communes.map((c) => [c.code, localName(c, ctx.locale)])),
    limits: props.limits,
    // Round kinds by name for the follow-up search's results (public/app/household-search.js).
    text: { ...t.field, sending: t.sending, sent: t.sent, sendFailed: t.sendFailed, chooseCommune: t.chooseCommune, baseline: t.baseline, midterm: t.midterm, final: t.final },
    /** The offer to continue an unfinished survey (public/app/survey-page.js). */
    draftText: t.fieldWork,
  };
  const head = (
    <>
      {/* The questionnaire is fetched with the page, not once the scripts have run (survey-page.js takes this copy). */}
      <link rel="preload" as="fetch" crossorigin="anonymous" href={instrumentUrl(instrument.slug, instrument.version)} />
      <link rel="stylesheet" href="/vendor/survey-core.min.css" />
      <script src="/vendor/survey.core.min.js" defer></script>
      <script src="/vendor/survey.vietnamese.min.js" defer></script>
      <script src="/vendor/survey-js-ui.min.js" defer></script>
      <script type="module" src="/app/survey-page.js"></script>
    </>
  );
  return (
    <Layout ctx={ctx} title={instrument.title} head={head} htmx={false}>
      <Breadcrumbs
        items={[
          { href: `/models/${round.model.id}`, label: modelName },
          { href: `/rounds/${round.id}`, label: t[round.kind] },
          { label: instrument.title },
        ]}
      />
      <h1>
        {instrument.title} <small>v{instrument.version}</small>
      </h1>
      {/* Filled by survey-page.js when this device holds unfinished surveys of this one: continue one, or start anew. */}
      <section id="draft-offer" class="draft-offer" aria-label={t.fieldWork.drafts} hidden></section>
      <details id="drafts" class="drafts">
        <summary>
          {t.field.drafts} (<span data-drafts-count>0</span>)
        </summary>
        <ul data-drafts-list></ul>
      </details>
      {followUp && (
        <section class="follow-up">
          <label>
            {t.field.findHousehold}
            <input type="search" id="household-search" autocomplete="off" />
          </label>
          <ul id="household-results"></ul>
        </section>
      )}
      <label class="commune">
        {t.chooseCommune}
        <select id="commune" name="commune" required>
          {props.communes.length > 1 && <option value="">—</option>}
          {props.communes.map((c) => (
            <option value={c.code} selected={c.code === props.commune}>
              {localName(c, ctx.locale)}
            </option>
          ))}
        </select>
      </label>
      <p id="survey-status" class="status-line" role="status" aria-live="polite"></p>
      {/* Busy until SurveyJS has drawn the form into it; until then the first look, where there is one. */}
      <div id="survey" aria-busy="true">
        {props.firstLook && <FirstLook look={props.firstLook} />}
      </div>
      <script type="application/json" id="survey-config">
        {raw(scriptJson(config))}
      </script>
    </Layout>
  );
}
