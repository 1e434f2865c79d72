/**
 * The sponsor summary page (domain/summary.ts builds what it says; the PDF says the same). On A4 paper it keeps
 * its title, facts and date generated, drops the header and links, repeats the table's header on each page and
 * keeps each indicator's rows together; the table is as wide as the page and wraps, so no text is cut.
 */
import type { SummaryDoc, SummaryRow } from '../src/domain/summary';
import { summaryTexts } from '../src/domain/summary-texts';
import { Breadcrumbs, Layout, type PageContext } from './layout';

export function SummaryPage(props: { ctx: PageContext; doc: SummaryDoc; back: { href: string; label: string }; pdfHref: string | null }) {
  const { ctx, doc } = props;
  const t = summaryTexts[ctx.locale];
  return (
    <Layout ctx={ctx} title={`${doc.title}: ${doc.name}`}>
      <Breadcrumbs items={[props.back, { label: doc.title }]} />
      <article class="summary" data-summary>
        <p class="summary-kicker">{doc.title}</p>
        <h1>{doc.name}</h1>
        <Facts rows={doc.facts} />
        {props.pdfHref && (
          <p class="summary-actions">
            <a class="button" href={props.pdfHref} download data-pdf>
              {t.download}
            </a>
          </p>
        )}
        {doc.sections.map((s) => (
          <section class="summary-section">
            {s.heading && <h2>{s.heading}</h2>}
            {s.facts.length > 0 && <Facts rows={s.facts} />}
            <div class="scroll summary-scroll">
              <table class="summary-table">
                <colgroup>
                  <col class="summary-name" />
                  {doc.columns.slice(1).map(() => (
                    <col />
                  ))}
                </colgroup>
                <thead>
                  <tr>
                    {doc.columns.map((c) => (
                      <th scope="col">{c}</th>
                    ))}
                  </tr>
                </thead>
                {s.rows.map((r) => (
                  <IndicatorRows row={r} />
                ))}
              </table>
            </div>
            {s.withoutData && <p class="note summary-without">{s.withoutData}</p>}
          </section>
        ))}
        <section class="summary-method">
          <h2>{doc.method.heading}</h2>
          {doc.method.paragraphs.map((p) => (
            <p>{p}</p>
          ))}
        </section>
      </article>
    </Layout>
  );
}

function Facts(props: { rows: [string, string][] }) {
  return (
    <dl class="facts summary-facts">
      {props.rows.map(([name, value]) => (
        <>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

/** An indicator's values and target, and under them a sentence per change; kept together on paper. */
function IndicatorRows(props: { row: SummaryRow }) {
  const r = props.row;
  return (
    <tbody data-indicator={r.id}>
      <tr>
        <th scope="row">
          {r.name} <span class="muted">{r.direction}</span>
        </th>
        {r.cells.map((c) => (
          <td data-round={c.kind} data-state={c.state}>
            {c.state === 'value' ? <strong>{c.value}</strong> : <span class="muted">{c.value}</span>}
            {c.detail.map((d, i) => (
              <span class={`summary-detail${c.status && i === c.detail.length - 1 ? ` target-${c.status}` : ''}`}>{d}</span>
            ))}
          </td>
        ))}
        <td data-target>{r.target}</td>
      </tr>
      {r.sentences.length > 0 && (
        <tr class="summary-sentences">
          <td colspan={r.cells.length + 2}>
            <ul>
              {r.sentences.map((s) => (
                <li data-change={`${s.from}-${s.to}`} data-kind={s.kind}>
                  {s.text}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </tbody>
  );
}

/** Links to the programme summaries the reader may open (empty: nothing shown). */
export function SummaryLinks(props: { ctx: PageContext; links: { href: string; label: string }[] }) {
  if (props.links.length === 0) return null;
  return (
    <p class="summary-links" data-summary-links>
      {summaryTexts[props.ctx.locale].link}:{' '}
      {props.links.map((l, i) => (
        <>
          {i > 0 && ' · '}
          <a href={l.href}>{l.label}</a>
        </>
      ))}
    </p>
  );
}
