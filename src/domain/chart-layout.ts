/**
 * Where things go on a bar chart's value axis (views/charts.tsx), as plain numbers: the scale's nice ticks,
 * each value as a share of the axis, a bar's minimum visible width, how a label is anchored so it stays
 * inside the chart. Horizontal positions are fractions of the plot's width (the SVG is drawn in percentages,
 * so its text keeps the page's size at any width); pixels appear only as fixed offsets.
 * Example: valueAxis({ values: [0.97, 0.7] }) → { max: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] }.
 */

/** The step between ticks: 1, 2 or 5 times a power of ten, giving about `count` ticks over [min, max] (as d3's tickIncrement). */
export function tickStep(min: number, max: number, count: number): number {
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return factor * power;
}

/** Decimals a step needs to be written exactly (0.2 → 1, 0.05 → 2, 20 → 0). */
function decimalsOf(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/**
 * About `count` ticks at round numbers covering [min, max], the ends extended to a tick (as d3's
 * scale.nice().ticks()). Example: niceTicks(0, 0.97, 5) → [0, 0.2, 0.4, 0.6, 0.8, 1]; niceTicks(0, 100, 5)
 * → [0, 20, 40, 60, 80, 100]; niceTicks(0, 0, 5) → [0, 1].
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max < min) [min, max] = [max, min];
  if (max === min) max = min === 0 ? 1 : min + Math.abs(min);
  let step = tickStep(min, max, count);
  // Extending the ends can change the step once (0–0.97 by 0.2 becomes 0–1 by 0.2); d3 loops the same way.
  for (let i = 0; i < 3; i++) {
    const lo = Math.floor(min / step) * step;
    const hi = Math.ceil(max / step) * step;
    const next = tickStep(lo, hi, count);
    if (next === step) break;
    step = next;
  }
  const decimals = decimalsOf(step);
  const first = Math.floor(min / step + 1e-9);
  const last = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(Number((i * step).toFixed(decimals)));
  return ticks;
}

/**
 * The value axis of a bar chart: from 0 to a nice number past every value, interval end and target, never
 * past `cap` (100 for a percentage). Example: valueAxis({ values: [0.97, 0.7] }) → { max: 1, ticks: [0, 0.2, …, 1] };
 * valueAxis({ values: [98, 85], cap: 100 }) → { max: 100, ticks: [0, 20, …, 100] }.
 */
export function valueAxis(props: { values: (number | null | undefined)[]; cap?: number; count?: number }): { max: number; ticks: number[] } {
  const finite = props.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const top = Math.max(0, ...finite);
  const capped = props.cap !== undefined ? Math.min(top, props.cap) : top;
  let ticks = niceTicks(0, capped, props.count ?? 4);
  if (props.cap !== undefined && ticks[ticks.length - 1] > props.cap) ticks = [...ticks.filter((t) => t < props.cap!), props.cap];
  return { max: ticks[ticks.length - 1], ticks };
}

/** A value's place on the axis as a share of its width, kept inside [0, 1]. Example: at(0.97, 1) → 0.97; at(120, 100) → 1. */
export function at(value: number, max: number): number {
  if (!(max > 0) || !Number.isFinite(value)) return 0;
  return Math.max(0, Math.min(1, value / max));
}

/** The narrowest a bar of a value above 0 is drawn, in px, so a small value is still seen; 0 is drawn as nothing. */
export const minBarPx = 3;

/**
 * A bar's length: its share of the axis and the least pixels it takes (minBarPx above 0, else 0); the view
 * draws the longer of the two. Example: barLength(0.97, 100) → { fraction: 0.0097, minPx: 3 }; barLength(0, 1) → { fraction: 0, minPx: 0 }.
 */
export function barLength(value: number, max: number): { fraction: number; minPx: number } {
  return { fraction: at(value, max), minPx: value > 0 ? minBarPx : 0 };
}

/**
 * How a label at a place on the axis is anchored so it stays inside the plot: the first tick starts at the
 * left edge, the last ends at the right edge, others are centred; a target's label goes right of its line in
 * the left half and left of it in the right half. Example: tickAnchor(0, 6) → 'start'; targetAnchor(0.9) → 'end'.
 */
export function tickAnchor(index: number, count: number): 'start' | 'middle' | 'end' {
  if (index === 0) return 'start';
  if (index === count - 1) return 'end';
  return 'middle';
}

/**
 * Which ticks get a written label: all of up to 6, else every other one from 0, so labels at the page's
 * size never touch at 360 px. Example: labelledTicks(6) → [0, 1, 2, 3, 4, 5]; labelledTicks(7) → [0, 2, 4, 6].
 */
export function labelledTicks(count: number): number[] {
  const every = count > 6 ? 2 : 1;
  return Array.from({ length: count }, (_, i) => i).filter((i) => i % every === 0);
}

export function targetAnchor(fraction: number): { anchor: 'start' | 'end'; dx: number } {
  return fraction > 0.5 ? { anchor: 'end', dx: -4 } : { anchor: 'start', dx: 4 };
}

/** A fraction as an SVG percentage attribute. Example: percent(0.0097) → '0.97%'. */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(3))}%`;
}
