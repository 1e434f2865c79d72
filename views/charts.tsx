import { at, barLength, labelledTicks, percent, targetAnchor, tickAnchor, valueAxis } from '../src/domain/chart-layout';
import { formatNumber, formatValue, type Locale } from '../src/domain/format';
import { messages } from '../src/domain/i18n';

/**
 * Server-rendered bar charts that read the same on a 360 px phone, a 1280 px screen and A4 paper.
 *
 * Names and values are page text in HTML (a grid: name | bar | value), so they keep the page's font size,
 * wrap instead of being cut, and are what a screen reader reads. Only the graphics are SVG: drawn with
 * percentages and no viewBox, so bars stretch to the width while the axis and target labels keep their size
 * (a viewBox would scale the text with the width). No style attributes: the CSP allows style.css only.
 * Layout numbers (ticks, minimum bar width, label anchors) come from src/domain/chart-layout.ts.
 */

export interface Bar {
  /** The row's name (a round, a model, a district); wraps, never cut; also the bar's <title>. */
  label: string;
  /** null: no value to draw (suppressed, no data): a labelled gap, saying `note`, never a zero. */
  value: number | null;
  /** The 95% interval, drawn as a whisker; null draws the value without one (e.g. a census count). */
  ci: [number, number] | null;
  status: 'met' | 'not-met' | 'no-target' | 'no-data';
  /** Under the name, what the value rests on ('n = 26 hộ · 20 có'); with no value, why (t.suppressed). */
  note?: string;
  /** This row's own target when rows differ (the overview's models); undefined: the chart's target; null: none. */
  target?: number | null;
}

export interface IndicatorBarsProps {
  /** What the chart shows: its accessible name (visible when `showTitle`). */
  title: string;
  /** '%' or a word ('buổi'), as formatValue writes it. */
  unit: string;
  locale: Locale;
  /** Drawn as a dashed line through the bars, labelled 'Mục tiêu 0,7%' / 'Target 0.7%'. */
  target: number | null;
  bars: Bar[];
  /** The axis never goes past this (100 for a percentage); it otherwise ends at a nice number past every value. */
  max?: number;
  /** The one line explaining the whiskers (default: shown when a bar has an interval); false when the page says it once elsewhere (ChartKey). */
  legend?: boolean;
  showTitle?: boolean;
}

/**
 * Horizontal bars with a value axis, value labels, 95% interval whiskers and a labelled target line.
 * Example: <IndicatorBars title="Trẻ em có HCĐB" unit="%" locale="vi" max={100} target={0.7}
 *   bars={[{ label: 'Đầu kỳ', value: 0.97, ci: [0.5, 1.4], status: 'not-met', note: 'n = 412 trẻ' }]} />
 */
export function IndicatorBars(props: IndicatorBarsProps) {
  const t = messages[props.locale];
  const axis = valueAxis({ values: [...props.bars.flatMap((b) => [b.value, b.ci?.[1], b.target]), props.target], cap: props.max });
  const value = (v: number) => formatValue(v, props.unit, props.locale);
  const targetText = props.target === null ? null : `${t.target} ${value(props.target)}`;
  const hasCi = props.bars.some((b) => b.value !== null && b.ci);
  return (
    <figure class="chart" data-bars={props.bars.length} aria-label={props.title}>
      <figcaption class={props.showTitle ? 'chart-title' : 'sr-only'}>
        {props.title}
        {targetText && <span class="sr-only"> ({targetText})</span>}
      </figcaption>
      <div class="chart-grid">
        {targetText && props.target !== null && <TargetHead text={targetText} at={at(props.target, axis.max)} target={props.target} />}
        {props.bars.map((bar) => {
          const target = bar.target === undefined ? props.target : bar.target;
          return (
          <div class={`chart-row bar bar-${bar.status}`} data-bar={bar.label}>
            <div class="chart-label">
              {bar.label}
              {bar.value !== null && bar.note && <span class="chart-note">{bar.note}</span>}
              {/* A target other than the labelled line's is written beside its own dashes. */}
              {target !== null && target !== props.target && <span class="chart-note" data-row-target={target}>{`${t.target} ${value(target)}`}</span>}
            </div>
            <div class="chart-bar" aria-hidden="true">
              <BarGraphic bar={bar} max={axis.max} ticks={axis.ticks} target={target} title={barTitle(bar, value, t.estimates.ci, props.locale)} />
              {bar.value === null && <span class="chart-gap">{bar.note ?? t.noData}</span>}
            </div>
            <div class="chart-value">
              {bar.value !== null && value(bar.value)}
              {bar.value !== null && bar.ci && <span class="sr-only"> ({intervalText(bar.ci, value, t.estimates.ci, props.locale)})</span>}
              {bar.value === null && <span class="sr-only">{bar.note ?? t.noData}</span>}
            </div>
          </div>
          );
        })}
        <Axis ticks={axis.ticks} locale={props.locale} />
      </div>
      {(props.legend ?? true) && hasCi && <ChartKey locale={props.locale} />}
    </figure>
  );
}

/** The one line explaining the whiskers, for a page that shows several charts (pass legend={false} to each). */
export function ChartKey(props: { locale: Locale }) {
  const t = messages[props.locale];
  return (
    <p class="chart-key">
      <svg class="chart-key-mark" width="28" height="12" aria-hidden="true">
        <line x1="2" x2="26" y1="6" y2="6" class="whisker" />
        <line x1="2" x2="2" y1="1" y2="11" class="whisker" />
        <line x1="26" x2="26" y1="1" y2="11" class="whisker" />
      </svg>
      {t.chart.whiskers}
    </p>
  );
}

function TargetHead(props: { text: string; at: number; target: number }) {
  const { anchor, dx } = targetAnchor(props.at);
  return (
    <div class="chart-row chart-head" aria-hidden="true">
      <div class="chart-label" />
      <div class="chart-bar">
        <svg width="100%" height="100%">
          <text x={percent(props.at)} dx={dx} y="1em" text-anchor={anchor} class="target-label" data-target-line={props.target}>
            {props.text}
          </text>
          <line x1={percent(props.at)} x2={percent(props.at)} y1="0" y2="100%" class="target-line" />
        </svg>
      </div>
      <div class="chart-value" />
    </div>
  );
}

function BarGraphic(props: { bar: Bar; max: number; ticks: number[]; target: number | null; title: string }) {
  const { bar, max } = props;
  const length = bar.value === null ? null : barLength(bar.value, max);
  return (
    <svg width="100%" height="100%">
      <title>{props.title}</title>
      {props.ticks.map((tick) => (
        <line x1={percent(at(tick, max))} x2={percent(at(tick, max))} y1="0" y2="100%" class="gridline" />
      ))}
      {length && length.fraction > 0 && <rect x="0" y="50%" width={percent(length.fraction)} height="14" transform="translate(0,-7)" class="bar-value" />}
      {/* A value above 0 is never thinner than minBarPx: this stub shows under a longer bar. */}
      {length && length.minPx > 0 && <rect x="0" y="50%" width={length.minPx} height="14" transform="translate(0,-7)" class="bar-value" data-min-bar />}
      {bar.value !== null && bar.ci && <Whisker from={at(bar.ci[0], max)} to={at(bar.ci[1], max)} />}
      {props.target !== null && <line x1={percent(at(props.target, max))} x2={percent(at(props.target, max))} y1="0" y2="100%" class="target-line" />}
    </svg>
  );
}

function Whisker(props: { from: number; to: number }) {
  return (
    <g class="whisker" data-whisker>
      <line x1={percent(props.from)} x2={percent(props.to)} y1="50%" y2="50%" />
      <rect x={percent(props.from)} y="50%" width="1.5" height="10" transform="translate(-0.75,-5)" />
      <rect x={percent(props.to)} y="50%" width="1.5" height="10" transform="translate(-0.75,-5)" />
    </g>
  );
}

function Axis(props: { ticks: number[]; locale: Locale }) {
  const max = props.ticks[props.ticks.length - 1];
  // Every other label (tick-alt) is hidden where the bar column is narrow (style.css: a container query).
  const labelled = labelledTicks(props.ticks.length);
  // Plain numbers: the value beside each bar carries the unit, and '100%' would crowd '80' at 360 px.
  const text = (tick: number) => formatNumber(tick, props.locale, 3);
  return (
    <div class="chart-row chart-axis" aria-hidden="true">
      <div class="chart-label" />
      <div class="chart-bar">
        <svg width="100%" height="100%">
          <line x1="0" x2="100%" y1="0.5" y2="0.5" class="axis-line" />
          {props.ticks.map((tick, i) => (
            <>
              <line x1={percent(at(tick, max))} x2={percent(at(tick, max))} y1="0" y2="5" class="axis-line" />
              {labelled.includes(i) && (
                <text x={percent(at(tick, max))} y="1.35em" text-anchor={tickAnchor(i, props.ticks.length)} class={labelled.indexOf(i) % 2 === 1 ? 'tick tick-alt' : 'tick'} data-tick={tick}>
                  {text(tick)}
                </text>
              )}
            </>
          ))}
        </svg>
      </div>
      <div class="chart-value" />
    </div>
  );
}

function intervalText(ci: [number, number], value: (v: number) => string, label: string, locale: Locale): string {
  return `${label} ${formatNumber(ci[0], locale)}–${value(ci[1])}`;
}

/** The bar's tooltip: its full name, value and interval, or why there is no value. */
function barTitle(bar: Bar, value: (v: number) => string, ciLabel: string, locale: Locale): string {
  if (bar.value === null) return `${bar.label}: ${bar.note ?? '—'}`;
  return `${bar.label}: ${value(bar.value)}${bar.ci ? ` (${intervalText(bar.ci, value, ciLabel, locale)})` : ''}`;
}
