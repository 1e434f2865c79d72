/**
 * How pages write numbers, dates, p-values, counts and codes, defined once for both languages. Vietnamese
 * writes a decimal comma and a dot between thousands (12,5%; 1.234), English the opposite; dates are
 * dd/mm/yyyy in Vietnamese and "21 Nov 2026" in English, instants on Vietnam's clock (calendar.ts). Pure:
 * plain values in, text out. Example: formatNumber(1234.5, 'vi') → '1.234,5'.
 */
import { vietnamTime } from './calendar';
import { type IndicatorDef, isCensus } from './indicators';

export type Locale = 'vi' | 'en';

const separators = { vi: { decimal: ',', group: '.' }, en: { decimal: '.', group: ',' } } as const;

/** A number with at most `maxDecimals` fraction digits (trailing zeros dropped). Example: (0.5, 'vi') → '0,5'; (2680, 'vi') → '2.680'. */
export function formatNumber(value: number, locale: Locale, maxDecimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  const { decimal, group } = separators[locale];
  const fixed = Math.abs(value).toFixed(maxDecimals);
  const [whole, fraction = ''] = fixed.split('.');
  const digits = fraction.replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const negative = value < 0 && (Number(whole) > 0 || digits !== '');
  return `${negative ? '-' : ''}${grouped}${digits ? `${decimal}${digits}` : ''}`;
}

/** A value with its unit: '%' written close, a word after a space. Example: (12.5, '%', 'vi') → '12,5%'; (2.3, 'buổi', 'vi') → '2,3 buổi'. */
export function formatValue(value: number, unit: string, locale: Locale, maxDecimals = 2): string {
  const n = formatNumber(value, locale, maxDecimals);
  if (!unit) return n;
  return unit === '%' ? `${n}%` : `${n} ${unit}`;
}

/** An indicator's unit in the reader's language: '%', or the word its means and counts are in ('' when it has none). */
export function unitOf(def: Pick<IndicatorDef, 'unit'> & { unitVi?: string; unitEn?: string }, locale: Locale): string {
  if (def.unit) return def.unit;
  return (locale === 'vi' ? def.unitVi : def.unitEn) ?? '';
}

const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A calendar date 'yyyy-mm-dd' as the reader writes it. Example: ('2026-11-21', 'vi') → '21/11/2026'; en → '21 Nov 2026'. */
export function formatDate(date: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const [, y, mo, d] = m;
  return locale === 'vi' ? `${d}/${mo}/${y}` : `${Number(d)} ${monthsEn[Number(mo) - 1]} ${y}`;
}

/** An instant on Vietnam's clock, to the minute. Example: ('2026-11-20T09:00:00Z', 'vi') → '20/11/2026 16:00'; en → '20 Nov 2026, 16:00'. */
export function formatDateTime(at: string, locale: Locale): string {
  const local = vietnamTime(at);
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/.exec(local);
  if (!m) return at;
  return locale === 'vi' ? `${formatDate(m[1], locale)} ${m[2]}` : `${formatDate(m[1], locale)}, ${m[2]}`;
}

/** A date range. Example: ('2026-01-01', '2026-03-31', 'vi') → '01/01/2026 – 31/03/2026'. */
export function formatDateRange(start: string, end: string, locale: Locale): string {
  return `${formatDate(start, locale)} – ${formatDate(end, locale)}`;
}

/** A p-value as journals print it: never 'p = 0'. Example: (0.00001, 'vi') → 'p < 0,001'; (0.0412, 'en') → 'p = 0.041'. */
export function formatPValue(p: number, locale: Locale): string {
  if (p < 0.001) return `p < ${formatNumber(0.001, locale, 3)}`;
  if (p > 0.999) return `p > ${formatNumber(0.999, locale, 3)}`;
  return `p = ${formatNumber(p, locale, 3)}`;
}

/** What an indicator's n counts (IndicatorDef.unitOfAnalysis). */
export type Counted = 'household' | 'child' | 'commune';

const countWords: Record<Counted, Record<Locale, [one: string, many: string]>> = {
  household: { vi: ['hộ', 'hộ'], en: ['household', 'households'] },
  child: { vi: ['trẻ', 'trẻ'], en: ['child', 'children'] },
  commune: { vi: ['xã', 'xã'], en: ['commune', 'communes'] },
};

/** A count with what it counts. Example: (26, 'household', 'vi') → '26 hộ'; (1, 'commune', 'en') → '1 commune'. */
export function formatCount(n: number, counted: Counted, locale: Locale): string {
  const [one, many] = countWords[counted][locale];
  return `${formatNumber(n, locale, 0)} ${n === 1 ? one : many}`;
}

/**
 * What an indicator value rests on, each number named: a share 'n = 26 hộ · 20 có', a ratio of registered
 * counts '26/2.680 · từ 1 xã', a census of communes '2/3 xã', a mean 'n = 26 hộ', a count 'từ 3 xã'.
 * Example: sampleNote({ shape: 'ratio', unitOfAnalysis: 'commune' }, { n: 1, numerator: 26, denominator: 2680 }, 'vi') → '26/2.680 · từ 1 xã'.
 */
export function sampleNote(def: Pick<IndicatorDef, 'shape' | 'unitOfAnalysis'>, v: { n: number; numerator: number; denominator: number }, locale: Locale): string {
  const n = formatCount(v.n, def.unitOfAnalysis, locale);
  const num = formatNumber(v.numerator, locale);
  // A census of communes is a count: '2/3 xã', '2 of 3 communes' (no sample, no n).
  if (def.shape === 'proportion' && isCensus(def)) return locale === 'vi' ? `${num}/${n}` : `${num} of ${n}`;
  if (def.shape === 'proportion') return locale === 'vi' ? `n = ${n} · ${num} có` : `n = ${n} · ${num} yes`;
  if (def.shape === 'mean') return `n = ${n}`;
  if (def.shape === 'ratio') return locale === 'vi' ? `${num}/${formatNumber(v.denominator, locale)} · từ ${n}` : `${num}/${formatNumber(v.denominator, locale)} · from ${n}`;
  return locale === 'vi' ? `từ ${n}` : `from ${n}`;
}

/** The 14 groups of children in special circumstances (Law on Children 2016, Art. 10), as surveys/household.v1.json names them. */
const cscGroups: Record<number, Record<Locale, string>> = {
  1: { vi: 'Mồ côi cả cha và mẹ', en: 'Orphaned of both parents' },
  2: { vi: 'Bị bỏ rơi', en: 'Abandoned' },
  3: { vi: 'Không nơi nương tựa', en: 'Without anyone to rely on' },
  4: { vi: 'Khuyết tật', en: 'With disabilities' },
  5: { vi: 'Bị ảnh hưởng bởi HIV/AIDS', en: 'Affected by HIV/AIDS' },
  6: { vi: 'Vi phạm pháp luật', en: 'In conflict with the law' },
  7: { vi: 'Nghiện ma túy', en: 'Addicted to drugs' },
  8: { vi: 'Bỏ học kiếm sống, chưa hoàn thành THCS', en: 'Dropped out of school to work' },
  9: { vi: 'Bị bạo lực gây tổn hại nghiêm trọng', en: 'Seriously harmed by violence' },
  10: { vi: 'Bị bóc lột', en: 'Exploited' },
  11: { vi: 'Bị xâm hại tình dục', en: 'Sexually abused' },
  12: { vi: 'Bị mua bán', en: 'Trafficked' },
  13: { vi: 'Mắc bệnh hiểm nghèo, thuộc hộ nghèo/cận nghèo', en: 'Serious or long-term illness, poor household' },
  14: { vi: 'Di cư, lánh nạn, tị nạn không người chăm sóc', en: 'Migrant or refugee without carers' },
};

/** A CSC group's name from its code (1–14), the code itself when unknown. Example: ('3', 'vi') → 'Không nơi nương tựa'. */
export function cscGroupName(group: string | number, locale: Locale): string {
  return cscGroups[Number(group)]?.[locale] ?? String(group);
}

/** An instrument as people know it: its title and version. Example: ({ titleVi: 'Phiếu hộ', titleEn: 'Household', version: 1 }, 'vi') → 'Phiếu hộ (v1)'. */
export function instrumentName(instrument: { titleVi: string; titleEn: string; version: number }, locale: Locale): string {
  return `${locale === 'vi' ? instrument.titleVi : instrument.titleEn} (v${instrument.version})`;
}
