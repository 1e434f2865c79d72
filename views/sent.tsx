import { localName, messages } from '../src/domain/i18n';
import { formatDateTime } from '../src/domain/format';
import { Layout, type PageContext } from './layout';

export interface SentView {
  id: string;
  /** Hamlet and household number as answered (masked ••• where the reader may not see them). */
  hamlet: string | null;
  householdNumber: string | null;
  commune: { code: string; nameVi: string; nameEn: string };
  /** Title and version of the instrument (domain/format.ts instrumentName). */
  instrument: string;
  receivedAt: string;
  /** The survey page for the next household: same round, instrument and commune. */
  nextHref: string;
}

/** What the evaluator reads once a survey is sent: which household, where, when, and the way to the next one. */
export function SentPage(props: { ctx: PageContext; sent: SentView }) {
  const { ctx, sent } = props;
  const t = messages[ctx.locale].sentPage;
  const household = sent.hamlet && sent.householdNumber ? t.householdOf.replace('{hamlet}', sent.hamlet).replace('{number}', sent.householdNumber) : t.noHousehold;
  return (
    <Layout ctx={ctx} title={t.title}>
      <section class="card confirmation" role="status">
        <h1>✓ {t.heading}</h1>
        <dl class="facts">
          <dt>{t.household}</dt>
          <dd data-sent="household">{household}</dd>
          <dt>{t.commune}</dt>
          <dd data-sent="commune">{localName(sent.commune, ctx.locale)}</dd>
          <dt>{t.instrument}</dt>
          <dd>{sent.instrument}</dd>
          <dt>{t.time}</dt>
          <dd>
            <time data-sent="time" datetime={sent.receivedAt}>
              {formatDateTime(sent.receivedAt, ctx.locale)}
            </time>
          </dd>
        </dl>
        <p>
          <a class="button" href={sent.nextHref} data-sent="next">
            {t.next}
          </a>{' '}
          <a href={`/submissions/${sent.id}`}>{t.record}</a>
        </p>
      </section>
    </Layout>
  );
}
