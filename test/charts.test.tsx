/**
 * The bar charts (views/charts.tsx) rendered with plain props: value labels in the reader's language, an axis
 * with ticks, a labelled target line, whiskers only where there is an interval (explained once), a small value
 * still drawn, 0 drawn as nothing, a suppressed value as a labelled gap, a long name whole with its <title>.
 */
import { describe, expect, it } from 'vitest';
import { type Bar, ChartKey, IndicatorBars, type IndicatorBarsProps } from '../views/charts';
import { minBarPx } from '../src/domain/chart-layout';

const render = (props: Partial<IndicatorBarsProps> & { bars: Bar[] }) =>
  (<IndicatorBars title="Trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em" unit="%" locale="vi" max={100} target={null} {...props} />).toString();
const decode = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const rows = (html: string) => html.split('<div class="chart-row').slice(1);
const ticks = (html: string) => [...html.matchAll(/<text[^>]*class="tick( tick-alt)?"[^>]*>([^<]*)</g)].map((m) => m[2]);

const longName = 'Mô hình phòng ngừa, trợ giúp trẻ em bị xâm hại tình dục, bạo lực (Bình Lục, Kim Bảng, tỉnh Hà Nam)';

describe('IndicatorBars', () => {
  it('0.97% against a 0.7% target: an axis to 1%, the value written beside its bar, the target line labelled', () => {
    const html = render({ target: 0.7, bars: [{ label: 'Đầu kỳ', value: 0.97, ci: [0.6, 0.99], status: 'not-met', note: '48/4.939 · từ 1 xã' }] });
    expect(ticks(html)).toEqual(['0', '0,2', '0,4', '0,6', '0,8', '1']);
    // Every other label may be hidden in a narrow column, never the first.
    expect(html.match(/class="tick tick-alt"/g)).toHaveLength(3);
    expect(html).toMatch(/<text x="0%"[^>]*class="tick" data-tick="0">0</);
    expect(html).toContain('<div class="chart-value">0,97%');
    expect(html).toMatch(/<text[^>]*class="target-label" data-target-line="0.7">Mục tiêu 0,7%<\/text>/);
    // The bar reaches 97% of the axis: no sliver.
    expect(html).toContain('<rect x="0" y="50%" width="97%"');
    expect(html).toContain('<span class="chart-note">48/4.939 · từ 1 xã</span>');
  });

  it('writes English numbers for an English reader', () => {
    const html = render({ locale: 'en', target: 0.7, bars: [{ label: 'Baseline', value: 0.97, ci: null, status: 'not-met' }] });
    expect(html).toContain('<div class="chart-value">0.97%');
    expect(html).toContain('>Target 0.7%</text>');
    expect(ticks(html)).toContain('0.2');
  });

  it('keeps a long name whole (HTML text that wraps) and in the bar’s <title>', () => {
    const html = decode(render({ bars: [{ label: longName, value: 62.5, ci: [41, 80], status: 'no-target' }] }));
    expect(html).toContain(`<div class="chart-label">${longName}`);
    expect(html).toContain(`<title>${longName}: 62,5% (KTC 95% 41–80%)</title>`);
    expect(html).toContain(`data-bar="${longName}"`);
  });

  it('draws a whisker only where there is an interval, and explains whiskers once', () => {
    const html = render({
      bars: [
        { label: 'Đầu kỳ', value: 40, ci: [30, 50], status: 'no-target' },
        { label: 'Giữa kỳ', value: 45, ci: null, status: 'no-target' },
      ],
    });
    const [baseline, midterm] = rows(html).filter((r) => r.includes('data-bar='));
    expect(baseline).toContain('data-whisker');
    expect(midterm).not.toContain('data-whisker');
    expect(html.match(/class="chart-key"/g)).toHaveLength(1);
    expect(html).toContain('khoảng tin cậy 95%');
    // Without intervals, or when the page explains them once (ChartKey), no key in the chart.
    expect(render({ bars: [{ label: 'Giữa kỳ', value: 45, ci: null, status: 'no-target' }] })).not.toContain('chart-key');
    expect(render({ legend: false, bars: [{ label: 'Đầu kỳ', value: 40, ci: [30, 50], status: 'no-target' }] })).not.toContain('chart-key');
    expect((<ChartKey locale="en" />).toString()).toContain('95% confidence interval');
  });

  it('shows a small value above 0 at least minBarPx wide, and 0 as 0 with no bar', () => {
    const html = render({
      bars: [
        { label: 'Small', value: 0.2, ci: null, status: 'no-target' },
        { label: 'Zero', value: 0, ci: null, status: 'no-target' },
        { label: 'Large', value: 98, ci: null, status: 'met' },
      ],
    });
    const [small, zero] = rows(html).filter((r) => r.includes('data-bar='));
    expect(small).toContain(`width="${minBarPx}" height="14" transform="translate(0,-7)" class="bar-value" data-min-bar`);
    expect(zero).not.toContain('bar-value');
    expect(zero).toContain('<div class="chart-value">0%');
  });

  it('draws a suppressed value as a labelled gap, with no number, interval or status', () => {
    const html = render({ target: 85, bars: [{ label: 'Giữa kỳ', value: null, ci: null, status: 'no-data', note: 'ẩn (cỡ mẫu nhỏ)' }] });
    const [row] = rows(html).filter((r) => r.includes('data-bar='));
    expect(row).toContain('<span class="chart-gap">ẩn (cỡ mẫu nhỏ)</span>');
    expect(row).not.toMatch(/bar-value|data-whisker|>[^<]*\d%/);
  });

  it('is a figure named by its title, the graphics hidden from screen readers (the text says it all)', () => {
    const html = render({ target: 0.7, bars: [{ label: 'Đầu kỳ', value: 0.97, ci: [0.6, 0.99], status: 'not-met' }] });
    expect(html).toMatch(/^<figure class="chart" data-bars="1" aria-label="Trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em">/);
    expect(html).toContain('<span class="sr-only"> (Mục tiêu 0,7%)</span>');
    expect(html).toContain('<span class="sr-only"> (KTC 95% 0,6–0,99%)</span>');
    for (const svg of html.match(/<svg[^>]*>/g)!) expect(svg).not.toMatch(/viewBox/);
    expect(html).not.toMatch(/style=/);
  });

  it('marks a row’s own target when rows differ, and fits the axis to it', () => {
    const html = render({
      target: 0.7,
      bars: [
        { label: 'Hà Nội', value: 0.97, ci: null, status: 'not-met' },
        { label: 'Yên Bái', value: 0.78, ci: null, status: 'met', target: 1.5 },
        { label: 'Hà Nam', value: 0.5, ci: null, status: 'no-target', target: null },
      ],
    });
    const [hanoi, yenbai, hanam] = rows(html).filter((r) => r.includes('data-bar='));
    expect(hanoi).toContain('class="target-line"');
    expect(yenbai).toContain('<span class="chart-note" data-row-target="1.5">Mục tiêu 1,5%</span>');
    expect(hanam).not.toContain('target-line');
    expect(ticks(html).at(-1)).toBe('1,5');
  });
});
