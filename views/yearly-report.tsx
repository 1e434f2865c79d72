import type { Child } from 'hono/jsx';
import { formatDateRange, formatDateTime, formatNumber, formatValue, unitOf } from '../src/domain/format';
import { localName, messages } from '../src/domain/i18n';
import { registeredFigures } from '../src/domain/registered-counts';
import { againstTarget, linesOf, reportHeading, targetText } from '../src/domain/yearly-report-sheets';
import type { YearlyReportView } from '../src/workflows/yearly-report';
import { Breadcrumbs, Layout, type PageContext } from './layout';
import { RoundKind, RoundStatus } from './parts';
import { CountedField, CountedNote } from './review';

export interface YearlyReportPageProps {
  ctx: PageContext;
  view: YearlyReportView;
  /** Where the XLSX of this report downloads from; none where the server writes no XLSX. */
  xlsxHref: string | null;
  /** Whether the reader may switch between received-and-approved and approved-only values (access.canSwitchCounted). */
  canSwitchCounted: boolean;
}

type Line = ReturnType<typeof linesOf>[number];

/**
 * The yearly programme report, printable on A4: title, recipient and due date, programme, year, when it was
 * generated (Vietnam's clock) and how new its data is; the rounds of the year; each district with its communes
 * and their registered figures; each indicator per district and commune against the year's target.
 */
export function YearlyReportPage(props: YearlyReportPageProps) {
  const { ctx, view } = props;
  const { report } = view;
  const m = messages[ctx.locale];
  const t = m.yearlyReport;
  const heading = reportHeading(report, ctx.locale);
  const programme = localName(report.programme, ctx.locale);
  const lines = linesOf(report);
  const number = (n: number | null | undefined) => (n === null || n === undefined ? '—' : formatNumber(n, ctx.locale));
  return (
    <Layout ctx={ctx} title={`${heading.title} · ${programme}`}>
      <Breadcrumbs items={[{ href: '/programmes', label: m.programmes.nav }, { label: programme }, { label: t.link }]} />
      <form class="filters" method="get" action={`/programmes/${report.programme.id}/report`}>
        <label>
          {t.year}
          <select name="year">
            {view.years.map((y) => (
              <option value={String(y)} selected={y === report.year}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <CountedField ctx={ctx} counted={view.basis} canSwitchCounted={props.canSwitchCounted} />
        <button type="submit">{t.show}</button>
        {props.xlsxHref && <a href={props.xlsxHref}>{t.download}</a>}
      </form>
      <h1 data-report-title="">{heading.title}</h1>
      <p>
        {heading.recipient}
        <br />
        {heading.due}
      </p>
      <dl class="facts">
        <dt>{t.programme}</dt>
        <dd data-programme="">{programme}</dd>
        <dt>{t.year}</dt>
        <dd data-year="">{report.year}</dd>
        <dt>{t.generated}</dt>
        <dd data-generated="">{formatDateTime(view.generatedAt, ctx.locale)}</dd>
        <dt>{t.dataAsOf}</dt>
        <dd data-as-of="">{view.dataAsOf ? formatDateTime(view.dataAsOf, ctx.locale) : t.noData}</dd>
      </dl>
      <CountedNote ctx={ctx} counted={view.basis} canSwitchCounted={props.canSwitchCounted} />
      <section>
        <h2>{t.rounds}</h2>
        {report.rounds.length === 0 ? (
          <p class="note">{t.noRounds}</p>
        ) : (
          <div class="scroll">
            <table data-rounds="">
              <thead>
                <tr>
                  <th>{t.models}</th>
                  <th>{t.kind}</th>
                  <th>{t.dates}</th>
                  <th>{m.status}</th>
                  <th>{m.received}</th>
                </tr>
              </thead>
              <tbody>
                {report.rounds.map((r) => (
                  <tr data-round={r.id}>
                    <td>{localName(report.models.find((x) => x.id === r.modelId) ?? { nameVi: r.modelId, nameEn: r.modelId }, ctx.locale)}</td>
                    <td>
                      <RoundKind t={m} kind={r.kind} />
                    </td>
                    <td>{formatDateRange(r.plannedStart, r.plannedEnd, ctx.locale)}</td>
                    <td>
                      <RoundStatus t={m} status={r.status} />
                    </td>
                    <td>
                      {number(r.received)} / {number(r.plannedSample)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section>
        <h2>{t.places}</h2>
        <LinesTable
          ctx={ctx}
          lines={lines}
          marker="data-places"
          headers={[t.code, ...registeredFigures.map((f) => localName(f, ctx.locale))]}
          cells={(l) => [l.line.unit?.code ?? '', ...registeredFigures.map((f) => number(l.line.figures[f.id]))]}
        />
      </section>
      <section>
        <h2>{t.indicators.replace('{year}', String(report.year))}</h2>
        {report.indicators.length === 0 && <p class="note">{t.noIndicators}</p>}
        {report.indicators.map((i) => {
          const unit = unitOf(i.def, ctx.locale);
          const own = (target: { value: number; year: number }) => ` (${t.targetFor.replace('{value}', formatValue(target.value, unit, ctx.locale)).replace('{year}', String(target.year))})`;
          // Only the places with data: the places table lists them all (and the XLSX every line of every indicator).
          const withData = lines.filter((l) => l.line.values[i.def.id].value.n > 0);
          return (
            <div class="indicator" data-indicator={i.def.id}>
              <h3>{localName(i.def, ctx.locale)}</h3>
              <p class="muted">{targetText(i, report.year, ctx.locale)}</p>
              {withData.length === 0 && <p class="note">{t.noData}</p>}
              {withData.length > 0 && withData.length < lines.length && <p class="note">{t.othersNoData}</p>}
              {withData.length > 0 && (
                <LinesTable
                  ctx={ctx}
                  lines={withData}
                  headers={[t.value, t.terms, t.against]}
                  cells={(l) => {
                    const v = l.line.values[i.def.id];
                    if (v.value.value === null) return ['—', '', ''];
                    // A commune held to its model's own target says which.
                    const against = againstTarget(v.estimate, ctx.locale) + (v.target && v.target !== i.target ? own(v.target) : '');
                    return [formatValue(v.value.value, unit, ctx.locale, i.def.decimals), `${number(v.value.numerator)} / ${number(v.value.denominator)}`, against];
                  }}
                />
              )}
            </div>
          );
        })}
      </section>
      <p class="muted">{t.method}</p>
    </Layout>
  );
}

/** Each district (its name in bold) followed by its communes, the whole programme last, with `cells` per line. */
function LinesTable(props: { ctx: PageContext; lines: Line[]; headers: string[]; cells: (l: Line) => Child[]; marker?: string }) {
  const t = messages[props.ctx.locale].yearlyReport;
  const nameOf = (l: Line) => {
    const name = l.level === 'programme' ? t.programmeTotal : l.line.unit ? localName(l.line.unit, props.ctx.locale) : t.noDistrict;
    return l.level === 'commune' ? name : <strong>{name}</strong>;
  };
  return (
    <div class="scroll">
      <table {...(props.marker ? { [props.marker]: '' } : {})}>
        <thead>
          <tr>
            <th>
              {t.district} / {t.commune}
            </th>
            {props.headers.map((h) => (
              <th>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.lines.map((l) => (
            <tr data-level={l.level} data-code={l.line.unit?.code ?? ''}>
              <th scope="row">{nameOf(l)}</th>
              {props.cells(l).map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
