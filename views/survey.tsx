import { raw } from 'hono/html';
import { localName, messages } from '../src/domain/i18n';
import { Breadcrumbs, Layout, type PageContext } from './layout';

export interface SurveyPageProps {
  ctx: PageContext;
  round: { id: string; kind: 'baseline' | 'midterm' | 'final'; model: { id: string; nameVi: string; nameEn: string } };
  instrument: { slug: string; version: number; title: string; json: object };
  communes: { code: string; nameVi: string; nameEn: string }[];
}

/** JSON inside a <script> must not be able to close the tag. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** The SurveyJS page: survey-core renders and validates in the browser; the server validates again on submit. */
export function SurveyPage(props: SurveyPageProps) {
  const { ctx, round, instrument } = props;
  const t = messages[ctx.locale];
  const modelName = localName(round.model, ctx.locale);
  const config = {
    survey: instrument.json,
    instrument: instrument.slug,
    version: instrument.version,
    locale: ctx.locale,
    postUrl: `/rounds/${round.id}/submissions`,
    csrfToken: ctx.csrfToken,
    text: { sending: t.sending, sent: t.sent, sendFailed: t.sendFailed, chooseCommune: t.chooseCommune },
  };
  const head = (
    <>
      <link rel="stylesheet" href="/vendor/survey-core.min.css" />
      <script src="/vendor/survey.core.min.js" defer></script>
      <script src="/vendor/survey.vietnamese.min.js" defer></script>
      <script src="/vendor/survey-js-ui.min.js" defer></script>
      <script src="/app/survey-page.js" defer></script>
    </>
  );
  return (
    <Layout ctx={ctx} title={instrument.title} head={head}>
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
      <label class="commune">
        {t.chooseCommune}
        <select id="commune" name="commune" required>
          {props.communes.length > 1 && <option value="">—</option>}
          {props.communes.map((c) => (
            <option value={c.code}>{localName(c, ctx.locale)}</option>
          ))}
        </select>
      </label>
      <p id="survey-status" class="status-line" role="status" aria-live="polite"></p>
      <div id="survey"></div>
      <script type="application/json" id="survey-config">
        {raw(scriptJson(config))}
      </script>
    </Layout>
  );
}
