import { formatValue, type Locale } from '../src/domain/format';

/**
 * Server-rendered SVG charts: readable without JavaScript, printable, legible at 360 px (the viewBox scales
 * to the width; text stays at least 11 px on a phone).
 */

export interface Bar {
  label: string;
  /** null: no data (drawn as a note, not a zero). */
  value: number | null;
  ci: [number, number] | null;
  status: 'met' | 'not-met' | 'no-target' | 'no-data';
  note?: string;
}

const width = 320;
const left = 8;
const right = 8;
const rowHeight = 34;

/**
 * Horizontal bars with 95% interval whiskers and a dashed target line. `max` is the end of the scale
 * (100 for percentages); values are written in the reader's language (12,5% in Vietnamese).
 * Example: <IndicatorBars title="…" unit="%" locale="vi" max={100} target={98} bars={[…]} />.
 */
export function IndicatorBars(props: { title: string; unit: string; locale: Locale; max: number; target: number | null; bars: Bar[] }) {
  const plot = width - left - right;
  const x = (v: number) => left + (Math.max(0, Math.min(props.max, v)) / props.max) * plot;
  const height = props.bars.length * rowHeight + 14;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.title} data-bars={props.bars.length} preserveAspectRatio="xMinYMin meet">
      <title>{props.title}</title>
      {props.bars.map((bar, i) => {
        const y = i * rowHeight;
        const text = bar.value === null ? `${bar.label}: ${bar.note ?? '—'}` : `${bar.label}: ${formatValue(bar.value, props.unit, props.locale)}${bar.note ? ` ${bar.note}` : ''}`;
        return (
          <g data-bar={bar.label} class={`bar bar-${bar.status}`}>
            <text x={left} y={y + 12} class="bar-label">
              {text}
            </text>
            <rect x={left} y={y + 17} width={plot} height={10} class="bar-track" />
            {bar.value !== null && <rect x={left} y={y + 17} width={Math.max(1, x(bar.value) - left)} height={10} class="bar-value" />}
            {bar.ci && <line x1={x(bar.ci[0])} x2={x(bar.ci[1])} y1={y + 22} y2={y + 22} class="whisker" />}
            {bar.ci && <line x1={x(bar.ci[0])} x2={x(bar.ci[0])} y1={y + 18} y2={y + 26} class="whisker" />}
            {bar.ci && <line x1={x(bar.ci[1])} x2={x(bar.ci[1])} y1={y + 18} y2={y + 26} class="whisker" />}
          </g>
        );
      })}
      {props.target !== null && (
        <line x1={x(props.target)} x2={x(props.target)} y1={14} y2={height - 2} class="target-line" data-target-line={props.target} />
      )}
    </svg>
  );
}
