import type { RoundKind } from '../src/domain/rounds';
import { type IndicatorDef, indicatorCatalogue } from '../src/domain/indicators';
import { localName, messages, type Messages } from '../src/domain/i18n';
import type { OverviewCell, OverviewFilter, OverviewRow } from '../src/workflows/overview';
import { type Bar, IndicatorBars } from './charts';
import { Layout, type PageContext } from './layout';
import { type FilterOptions, ModelFilterFields } from './models';
import { CountedField, CountedNote } from './review';
import { SummaryLinks } from './summary';
import type { Basis } from '../src/domain/review';
import { formatValue, type Locale, sampleNote, unitOf } from '../src/domain/format';

export interface ProgrammeProps {
  ctx: PageContext;
  /** The yearly reports of the programmes the reader reports on (src/domain/access.ts report.yearly); none in htmx swaps. */
  reports?: { href: string; label: string }[];
  rows: OverviewRow[];
  filter: OverviewFilter;
  options: FilterOptions;
  /** The indicator drawn as a chart across the models. */
  chart: IndicatorDef;
  columns: IndicatorDef[];
  /** Which submissions the figures count (src/domain/access.ts countedBasis), and whether the reader may switch. */
  counted: Basis;
  canSwitchCounted: boolean;
  /** The programme summaries the reader may open (src/workflows/summary.ts programmeSummaryLinks). */
  summaries?: { href: string; label: string }[];
}

/** Models × key indicators with a chart of one of them; a filter change swaps #overview through htmx. */
export function ProgrammePage(props: ProgrammeProps) {
  const { ctx, filter } = props;
  const t = messages[ctx.locale];
  return (
    <Layout ctx={ctx} title={t.overview.title}>
      <h1>{t.overview.title}</h1>
      <p>
        <a href="/programme/rollup">{t.rollup.title}</a>
        {props.reports?.map((r) => (
          <>
            {' · '}
            <a href={r.href} data-yearly-report>
              {r.label}
            </a>
          </>
        ))}
      </p>
      <SummaryLinks ctx={ctx} links={props.summaries ?? []} />
      <form class="filters" method="get" action="/programme" hx-get="/programme" hx-target="#overview" hx-select="#overview" hx-swap="outerHTML" hx-trigger="change" hx-push-url="true">
        <ModelFilterFields ctx={ctx} filter={filter} options={props.options} />
        <label>
          {t.overview.round}
          <select name="round">
            {(['latest', 'baseline', 'midterm', 'final'] as const).map((r) => (
              <option value={r} selected={filter.round === r}>
                {r === 'latest' ? t.overview.latest : t[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.overview.chartOf}
          <select name="chart">
            {indicatorCatalogue.map((d) => (
              <option value={d.id} selected={props.chart.id === d.id}>
                {localName(d, ctx.locale)}
              </option>
            ))}
          </select>
        </label>
        <CountedField ctx={ctx} counted={props.counted} canSwitchCounted={props.canSwitchCounted} />
        <noscript>
          <button type="submit">{t.filter}</button>
        </noscript>
      </form>
      <Overview {...props} />
    </Layout>
  );
}

export function Overview(props: ProgrammeProps) {
  const { ctx } = props;
  const t = messages[ctx.locale];
  const note = <CountedNote ctx={ctx} counted={props.counted} canSwitchCounted={props.canSwitchCounted} />;
  if (props.rows.length === 0)
    return (
      <section id="overview">
        {note}
        {t.overview.noModels}
      </section>
    );
  return (
    <section id="overview">
      {note}
      <div class="scroll">
        <table class="overview">
          <thead>
            <tr>
              <th>{t.model}</th>
              {props.columns.map((d) => (
                <th>{localName(d, ctx.locale)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr data-model={row.model.id}>
                <td>
                  <a href={`/models/${row.model.id}`}>{localName(row.model, ctx.locale)}</a>
                </td>
                {props.columns.map((d) => (
                  <Cell t={t} locale={ctx.locale} def={d} cell={row.cells[d.id]?.cell ?? null} target={row.cells[d.id]?.series.target?.value ?? null} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{localName(props.chart, ctx.locale)}</h2>
      <IndicatorBars
        title={localName(props.chart, ctx.locale)}
        unit={unitOf(props.chart, ctx.locale)}
        locale={ctx.locale}
        max={props.chart.unit === '%' ? 100 : undefined}
        target={commonTarget(props.rows, props.chart.id)}
        bars={props.rows.map((r) => ({ ...bar(t, ctx.locale, props.chart, localName(r.model, ctx.locale), r.cells[props.chart.id]?.cell ?? null), target: r.cells[props.chart.id]?.series.target?.value ?? null }))}
      />
    </section>
  );
}

export function Cell(props: { t: Messages; locale: Locale; def: IndicatorDef; cell: OverviewCell; target: number | null }) {
  const { t, cell, locale } = props;
  const unit = unitOf(props.def, locale);
  if (!cell || cell.suppressed || cell.value.value === null) {
    return <td class="muted">{cell?.suppressed ? t.suppressed : t.noData}</td>;
  }
  const status = cell.estimate.status;
  return (
    <td class={`status-${status}`} data-status={status}>
      <strong>{formatValue(cell.value.value, unit, locale)}</strong>
      {props.target !== null && <span class="muted"> / {formatValue(props.target, unit, locale)}</span>}
      <br />
      <span class="muted" data-n={cell.value.n}>
        {t[cell.kind as RoundKind]} · {sampleNote(props.def, cell.value, locale)}
      </span>
    </td>
  );
}

export function bar(t: Messages, locale: Locale, def: IndicatorDef, label: string, cell: OverviewCell): Bar {
  if (!cell || cell.suppressed || cell.value.value === null) return { label, value: null, ci: null, status: 'no-data', note: cell?.suppressed ? t.suppressed : t.noData };
  return { label, value: cell.value.value, ci: cell.estimate.ci, status: cell.estimate.status, note: sampleNote(def, cell.value, locale) };
}

/** The target the chart's labelled line shows: the one most models have (a model with another has its own, written beside it). */
function commonTarget(rows: OverviewRow[], id: string): number | null {
  const counts = new Map<number, number>();
  for (const r of rows) {
    const target = r.cells[id]?.series.target?.value;
    if (target !== undefined && target !== null) counts.set(target, (counts.get(target) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
