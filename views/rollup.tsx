import { type IndicatorDef, indicatorCatalogue } from '../src/domain/indicators';
import { localName, messages } from '../src/domain/i18n';
import { type RollUpFilter, rollUpLevels, type RollUpRow } from '../src/workflows/rollup';
import { IndicatorBars } from './charts';
import { Layout, type PageContext } from './layout';
import { type FilterOptions, ModelFilterFields } from './models';
import { bar, Cell } from './programme';
import { CountedField, CountedNote } from './review';
import type { Basis } from '../src/domain/review';
import { unitOf } from '../src/domain/format';

export interface RollUpProps {
  ctx: PageContext;
  rows: RollUpRow[];
  filter: RollUpFilter;
  options: FilterOptions;
  chart: IndicatorDef;
  columns: IndicatorDef[];
  /** Which submissions the figures count (src/domain/access.ts countedBasis), and whether the reader may switch. */
  counted: Basis;
  canSwitchCounted: boolean;
}

/** Districts, provinces or the programme × key indicators; a filter change swaps #rollup through htmx. */
export function RollUpPage(props: RollUpProps) {
  const { ctx, filter } = props;
  const t = messages[ctx.locale];
  const choice = <T extends string>(name: string, label: string, value: T, options: readonly [T, string][]) => (
    <label>
      {label}
      <select name={name}>
        {options.map(([v, text]) => (
          <option value={v} selected={value === v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Layout ctx={ctx} title={t.rollup.title}>
      <h1>{t.rollup.title}</h1>
      <form class="filters" method="get" action="/programme/rollup" hx-get="/programme/rollup" hx-target="#rollup" hx-select="#rollup" hx-swap="outerHTML" hx-trigger="change" hx-push-url="true">
        <ModelFilterFields ctx={ctx} filter={filter} options={props.options} />
        {choice('level', t.rollup.level, filter.level, rollUpLevels.map((l) => [l, t.rollup[l]]))}
        {choice('boundaries', t.rollup.boundaries, filter.boundaries, [['round', t.rollup.atRound], ['today', t.rollup.today]])}
        {choice('round', t.overview.round, filter.round, (['baseline', 'midterm', 'final'] as const).map((r) => [r, t[r]]))}
        {choice('chart', t.overview.chartOf, props.chart.id, indicatorCatalogue.map((d) => [d.id, localName(d, ctx.locale)]))}
        <CountedField ctx={ctx} counted={props.counted} canSwitchCounted={props.canSwitchCounted} />
        <noscript>
          <button type="submit">{t.filter}</button>
        </noscript>
      </form>
      <p class="muted">{t.rollup.note}</p>
      <RollUpTable {...props} />
    </Layout>
  );
}

export function RollUpTable(props: RollUpProps) {
  const { ctx } = props;
  const t = messages[ctx.locale];
  const name = (row: RollUpRow) => (row.unmapped ? t.rollup.unmapped : row.unit ? `${localName(row.unit, ctx.locale)} (${row.unit.code})` : t.rollup.programme);
  const note = <CountedNote ctx={ctx} counted={props.counted} canSwitchCounted={props.canSwitchCounted} />;
  if (props.rows.length === 0)
    return (
      <section id="rollup">
        {note}
        {t.overview.noModels}
      </section>
    );
  return (
    <section id="rollup">
      {note}
      <div class="scroll">
        <table class="overview">
          <thead>
            <tr>
              <th>{t.rollup[props.filter.level]}</th>
              <th>{t.rollup.communes}</th>
              {props.columns.map((d) => (
                <th>{localName(d, ctx.locale)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr data-unit={row.unit?.code ?? (row.unmapped ? 'unmapped' : 'programme')}>
                <td>{name(row)}</td>
                <td>{row.communes}</td>
                {props.columns.map((d) => {
                  const series = row.cells.get(d.id);
                  return <Cell t={t} locale={ctx.locale} def={d} cell={series?.values[0] ?? null} target={series?.target?.value ?? null} />;
                })}
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
        target={props.rows[0]?.cells.get(props.chart.id)?.target?.value ?? null}
        bars={props.rows.map((r) => ({ ...bar(t, ctx.locale, props.chart, name(r), r.cells.get(props.chart.id)?.values[0] ?? null), target: r.cells.get(props.chart.id)?.target?.value ?? null }))}
      />
    </section>
  );
}
